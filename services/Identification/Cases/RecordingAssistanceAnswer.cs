namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The partner's answer to an identification-assistance request (heard on the bus or as a signed outcome across the
/// border): recorded only for a request on this case, only from the jurisdiction asked, once.
/// </summary>
public static class RecordingAssistanceAnswer
{
    public sealed record RecordAssistanceAnswer(Guid RequestId, string AnsweringJurisdiction, AssistanceOutcome Outcome);

    public static Decision Decide(IdentificationCase state, RecordAssistanceAnswer command, DecisionContext context)
    {
        var request = state.Assistance.FirstOrDefault(r => r.RequestId == command.RequestId);
        if (request is null) return Refusal.Conflict("assistance-request-unknown", $"No identification-assistance request {command.RequestId} on this case.");
        if (request.PartnerJurisdiction != command.AnsweringJurisdiction)
            return new Refusal("assistance-answer-from-the-partner-asked", $"The request went to {request.PartnerJurisdiction}; an answer from {command.AnsweringJurisdiction} is not accepted.");
        if (!request.IsOpen) return Decision.NothingToDo;
        return Decision.Accept(new IdentificationAssistanceAnswerRecorded(state.Id, command.RequestId, command.Outcome, context.Now));
    }
}
