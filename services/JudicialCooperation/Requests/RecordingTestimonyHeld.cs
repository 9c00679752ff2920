namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A scheduled testimony held.</summary>
public static class RecordingTestimonyHeld
{
    public sealed record RecordTestimonyHeld(Guid CaseId, string? Reasons = null);

    public static Decision Decide(JudicialRequest state, RecordTestimonyHeld command, DecisionContext context) =>
        (state.Testimonies ?? []).FirstOrDefault(t => t.CaseId == command.CaseId) is not { HeldAt: null } testimony
            ? Refusal.Conflict("testimony-not-scheduled", "No pending testimony for this person.")
            : Decision.Accept(new TestimonyHeld(state.Id, command.CaseId, testimony.Modality, context.Now));

    public static RouteHandlerBuilder MapRecordingTestimonyHeld(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/testimonies/held", (Guid requestId, RecordTestimonyHeld command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "RecordTestimonyHeld", "Record that the testimony was held.");
}
