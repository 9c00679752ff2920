namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A pending incoming request refused with its grounds (non-punishment, dual criminality, human rights, …). Its response deadline ends.</summary>
public static class RefusingRequest
{
    public sealed record Refuse(RefusalGrounds Grounds, string Reasons);

    public static Decision Decide(JudicialRequest state, Refuse command, DecisionContext context) =>
        state.Direction != Direction.Incoming || state.Stage is not (RequestStage.Sent or RequestStage.Acknowledged or RequestStage.UnderExecution)
            ? Refusal.Conflict("request-not-pending", "Only a pending incoming request is refused.")
            : Decision.Accept(new RequestRefused(state.Id, state.Direction, state.Jurisdiction, command.Grounds, context.Now));

    public static RouteHandlerBuilder MapRefusingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/refusal", (Guid requestId, Refuse command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: RequestEndpoints.CancelResponseDeadline(session, requestId)),
            Permissions.HandleJudicialRequests, "RefuseRequest", "Refuse an incoming request with its grounds (non-punishment, dual criminality, human rights, …).");
}
