namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A received incoming request acknowledged (published to the requesting state).</summary>
public static class AcknowledgingRequest
{
    public sealed record Acknowledge(string? Reasons = null);

    public static Decision Decide(JudicialRequest state, Acknowledge command, DecisionContext context) =>
        state.Direction != Direction.Incoming || state.Stage != RequestStage.Sent ? Refusal.Conflict("request-not-received", "Only a received incoming request is acknowledged.")
        : Decision.Accept(new RequestAcknowledged(state.Id, state.Direction, state.Jurisdiction, context.Now));

    public static RouteHandlerBuilder MapAcknowledgingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/acknowledgement", (Guid requestId, Acknowledge command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AcknowledgeRequest", "Acknowledge an incoming request (published to the requesting state).");
}
