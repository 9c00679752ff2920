namespace TransnationalReferral.Return.Reintegration;

/// <summary>The reception arranged after the acknowledgement and before the arrival: who meets the person, shelter on arrival, onward transport (published to the requesting country).</summary>
public static class ArrangingReception
{
    public sealed record ArrangeReception([property: OrganisationCode("the organisation meeting the person")] string MetBy, bool ShelterOnArrival, bool OnwardTransport, string? Reasons = null);

    public static Decision Decide(IncomingReturn state, ArrangeReception command, DecisionContext context) =>
        state.Stage is not (IncomingStage.Acknowledged or IncomingStage.Arranged)
            ? Refusal.Conflict("reception-acknowledge-first", "Acknowledge the request first; arrangements are made before the arrival.",
                "POST /api/return/incoming/{requestId}/acknowledgement")
            : Decision.Accept(new ReceptionArrangementsMade(state.Id, state.CaseId, state.Jurisdiction, command.MetBy, command.ShelterOnArrival, command.OnwardTransport, context.Now));

    public static RouteHandlerBuilder MapArrangingReception(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/reception-arrangements", (Guid requestId, ArrangeReception command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "ArrangeReception", "Who meets the person, shelter on arrival, onward transport (published to the requesting country).");
}
