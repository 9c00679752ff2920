namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A negative conclusive decision is reopened only on request of the first responder or the support provider, with new
/// information; the competent authority then decides again (<see cref="DecidingConclusiveGrounds"/>).
/// </summary>
public static class RequestingReconsideration
{
    [Reasons("the new information the request rests on.", Property = nameof(NewInformation))]
    public sealed record RequestReconsideration(ReconsiderationRequester RequestedBy, string NewInformation);

    public static Decision Decide(IdentificationCase state, RequestReconsideration command, DecisionContext context)
    {
        if (state.Stage != CaseStage.NotIdentified)
            return Refusal.Conflict("reconsideration-of-negative-decision", "Only a negative conclusive decision can be reconsidered.");
        if (command.RequestedBy is not (ReconsiderationRequester.FirstResponder or ReconsiderationRequester.SupportProvider))
            return new Refusal("reconsideration-eligible-requester",
                "A negative decision is reconsidered only on request of the first responder or the support provider, with new information.",
                "National referral mechanism: reconsideration procedure");
        return Decision.Accept(new ReconsiderationOpened(state.Id, command.RequestedBy, context.Now));
    }

    public static RouteHandlerBuilder MapRequestingReconsideration(this RouteGroupBuilder cases) =>
        cases.MapDecision<IdentificationCase, RequestReconsideration>("/{caseId:guid}/reconsideration", Decide, DecidingConclusiveGrounds.LegalBasis,
            Permissions.DecideOnCase, "RequestReconsideration", "Reopen a negative decision on request of the first responder or support provider, with new information.");
}
