namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A request closed (once; closing it again changes nothing). Its response deadline ends.</summary>
public static class ClosingRequest
{
    public sealed record Close(string Reasons);

    public static Decision Decide(JudicialRequest state, Close command, DecisionContext context) =>
        state.Stage == RequestStage.Closed ? Decision.NothingToDo : Decision.Accept(new RequestClosed(state.Id, context.Now));

    public static RouteHandlerBuilder MapClosingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/closure", (Guid requestId, Close command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: RequestEndpoints.CancelResponseDeadline(session, requestId)),
            Permissions.HandleJudicialRequests, "CloseRequest", "Close the request.");
}
