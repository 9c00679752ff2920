namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>
/// The requested state's signed answer to a request to return confiscated proceeds (granted, partly granted with the amount,
/// refused), recorded on the case's judicial file once: a repeated answer changes nothing; a grant names an amount in the
/// currency asked. Published for Remedies here, which records it on its request.
/// </summary>
public static class HearingProceedsReturnAnswer
{
    public sealed record HearProceedsAnswer(Guid RequestId, string FromJurisdiction, ProceedsOutcome Outcome, Money? Returned, string Currency, DateTimeOffset AnsweredAt);

    public static Decision Decide(CaseFile state, HearProceedsAnswer command, DecisionContext context) =>
        (state.ProceedsReturnAnswers ?? []).Any(a => a.RequestId == command.RequestId) ? Decision.NothingToDo
        : command.Outcome != ProceedsOutcome.Refused && (command.Returned is not { Amount: > 0 } returned || returned.Currency != command.Currency)
            ? new Refusal("proceeds-return-amount", $"A grant names the amount returned, in {command.Currency}.")
        : Decision.Accept(new ProceedsReturnAnswerReceived(state.Id, command.RequestId, command.FromJurisdiction, command.Outcome,
            command.Outcome == ProceedsOutcome.Refused ? null : command.Returned, command.Currency, command.AnsweredAt, context.Now));
}
