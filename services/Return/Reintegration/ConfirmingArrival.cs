namespace TransnationalReferral.Return.Reintegration;

/// <summary>The person's arrival confirmed, after the reception arrangements (published to the requesting country).</summary>
public static class ConfirmingArrival
{
    public sealed record RecordArrival(string? Reasons = null);

    public static Decision Decide(IncomingReturn state, RecordArrival command, DecisionContext context) =>
        state.Stage != IncomingStage.Arranged ? Refusal.Conflict("reception-not-arranged", "The arrival follows the reception arrangements.",
            "POST /api/return/incoming/{requestId}/reception-arrangements")
        : Decision.Accept(new ArrivalRecorded(state.Id, state.CaseId, state.Jurisdiction, context.Now));

    public static RouteHandlerBuilder MapConfirmingArrival(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/arrival", (Guid requestId, RecordArrival command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "ConfirmArrival", "Confirm the person's arrival (published to the requesting country).");
}
