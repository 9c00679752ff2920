namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>An incoming request under execution executed, fully or partially; a transfer of proceedings is recorded as such. Its response deadline ends.</summary>
public static class CompletingRequest
{
    public sealed record Complete(bool Partially, string Reasons);

    public static Decision Decide(JudicialRequest state, Complete command, DecisionContext context)
    {
        if (state.Direction != Direction.Incoming || state.Stage != RequestStage.UnderExecution) return Refusal.Conflict("request-not-under-execution", "Only a request under execution is completed.");
        var executed = new RequestExecuted(state.Id, state.Direction, state.Jurisdiction, command.Partially, context.Now);
        return state.Type == RequestType.TransferOfProceedings
            ? Decision.Accept(executed, new ProceedingsTransferred(state.Id, state.Counterpart, state.Jurisdiction, context.Now))
            : Decision.Accept(executed);
    }

    public static RouteHandlerBuilder MapCompletingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/completion", (Guid requestId, Complete command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: RequestEndpoints.CancelResponseDeadline(session, requestId)),
            Permissions.HandleJudicialRequests, "CompleteRequest", "Record the request executed (or partially executed).");
}
