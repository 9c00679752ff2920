namespace TransnationalReferral.Identification.Assistance;

/// <summary>
/// A partner's signed identification-assistance request, received over the cross-border exchange (by
/// <c>IncomingAssistanceRequests</c>), becomes a request for this focal point to answer — once; one that asks nothing is refused.
/// </summary>
public static class ReceivingAssistanceRequest
{
    public sealed record ReceiveAssistanceRequest(Guid RequestId, Guid CaseReference, string FromJurisdiction, IReadOnlyList<AssistanceQuestion> Questions, DateTimeOffset RespondBy);

    public static Decision Decide(IncomingAssistanceRequest? state, ReceiveAssistanceRequest command, DecisionContext context, string jurisdiction) =>
        state is not null ? Decision.NothingToDo
        : command.Questions.Count == 0 ? new Refusal("assistance-questions", "An identification-assistance request says what to verify.")
        : Decision.Accept(new AssistanceRequestReceived(command.RequestId, command.CaseReference, command.FromJurisdiction, jurisdiction, command.Questions.Distinct().ToList(),
            command.RespondBy, context.Now));
}
