namespace TransnationalReferral.Return.Reintegration;

/// <summary>The reception request acknowledged, once (published to the requesting country).</summary>
public static class AcknowledgingReceptionRequest
{
    public sealed record Acknowledge(string? Reasons = null);

    public static Decision Decide(IncomingReturn state, Acknowledge command, DecisionContext context) =>
        state.Stage != IncomingStage.Received ? Refusal.Conflict("reception-already-acknowledged", "The request was already acknowledged.")
        : Decision.Accept(new ReceptionAcknowledgementSent(state.Id, state.CaseId, state.Jurisdiction, context.Now));

    public static RouteHandlerBuilder MapAcknowledgingReceptionRequest(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/acknowledgement", (Guid requestId, Acknowledge command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "AcknowledgeReceptionRequest", "Acknowledge the reception request (published to the requesting country).");
}
