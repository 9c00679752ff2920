namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// The requested state's answer to a request for the return of proceeds (heard on the bus): recorded once, only from
/// the state asked; what it returned becomes an asset the case can allocate.
/// </summary>
public static class RecordingProceedsReturnAnswer
{
    public sealed record RecordProceedsReturnAnswer(Guid RequestId, string AnsweringJurisdiction, string Outcome, Money? Returned);

    public static Decision Decide(RemediesCase state, RecordProceedsReturnAnswer command, DecisionContext context)
    {
        if ((state.ProceedsReturns ?? []).FirstOrDefault(r => r.RequestId == command.RequestId) is not { } request || request.ToJurisdiction != command.AnsweringJurisdiction)
            return new Refusal("proceeds-answer-unexpected", $"No request {command.RequestId} to {command.AnsweringJurisdiction} on this case.");
        if (request.Outcome is not null) return Decision.NothingToDo;
        var answered = new ProceedsReturnAnswered(state.Id, request.RequestId, command.Outcome, command.Returned, context.Now);
        return command.Returned is { Amount: > 0 } value
            ? Decision.Accept(answered, new AssetNoted(state.Id, request.RequestId, value, command.AnsweringJurisdiction, "returned-proceeds", context.Now))
            : Decision.Accept(answered);
    }
}
