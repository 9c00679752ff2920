namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// The counterpart's answers to an outgoing request, heard on the bus or received signed over the cross-border
/// exchange. An answer that tells nothing new (the request already acknowledged, already under execution, the
/// testimony already held, or the request already concluded) has no effect, so that a repeated or late answer
/// changes nothing; a testimony held is recorded even when the execution was heard first (answers cross one by one).
/// </summary>
public static class HearingAnswer
{
    /// <summary>The answer as this request's event (acknowledged, execution started, testimony held, executed, refused), from the answering state.</summary>
    public sealed record HearAnswer(string AnsweringJurisdiction, object Answer);

    public static Decision Decide(JudicialRequest state, HearAnswer command, DecisionContext context) =>
        state.Direction != Direction.Outgoing || state.Counterpart != command.AnsweringJurisdiction
            ? new Refusal("answer-unexpected", $"Request {state.Id} was not sent to {command.AnsweringJurisdiction}.")
            : command.Answer switch
            {
                // Each answer crosses signed on its own, so the testimony held may arrive after the execution: it is still what happened.
                TestimonyHeld t => (state.Testimonies ?? []).Any(x => x.CaseId == t.CaseId && x.HeldAt is not null) ? Decision.NothingToDo : Decision.Accept(t),
                // The victim's notification of the offender's movement counts whenever it comes, once per victim and movement.
                VictimNotificationReceived n => (state.VictimNotificationsReceived ?? []).Any(x => x.CaseId == n.CaseId && x.Movement == n.Movement) ? Decision.NothingToDo : Decision.Accept(n),
                _ when state.Stage is RequestStage.Executed or RequestStage.PartiallyExecuted or RequestStage.Refused or RequestStage.Closed => Decision.NothingToDo,
                RequestAcknowledged when state.Stage != RequestStage.Sent => Decision.NothingToDo,
                RequestExecutionStarted when state.Stage is not (RequestStage.Sent or RequestStage.Acknowledged) => Decision.NothingToDo,
                _ => Decision.Accept(command.Answer),
            };
}
