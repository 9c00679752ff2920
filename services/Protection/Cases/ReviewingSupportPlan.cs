namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// A review of the support plan with the person: it answers every open review of the case and sets the next review
/// date, unless the goals are achieved. A plan not reviewed by its date opens a review (<see cref="SupportPlanReviewDue"/>).
/// </summary>
public static class ReviewingSupportPlan
{
    [Reasons("what the review found.")]
    public sealed record ReviewSupportPlan(ReviewOutcome Outcome, string Reasons, DateTimeOffset? NextReviewBy = null);

    public static Decision Decide(ProtectionCase state, ReviewSupportPlan command, DecisionContext context)
    {
        if (ProtectionRules.Active(state) is { } refusal) return refusal;
        if (state.SupportPlan is null) return Refusal.Conflict("support-plan-first", "There is no support plan to review.", "POST /api/protection/cases/{caseId}/support-plans");
        if (command.Outcome != ReviewOutcome.GoalsAchieved && (command.NextReviewBy is not { } next || next <= context.Now || next > context.Now.AddYears(1)))
            return new Refusal("support-plan-review-date", "Unless the goals are achieved, a review sets the next review date, in the future and within a year.");
        return Decision.Accept(new SupportPlanReviewed(state.Id, command.Outcome, command.NextReviewBy, context.Now));
    }

    public static RouteHandlerBuilder MapReviewingSupportPlan(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/support-plans/reviews", async (Guid caseId, ReviewSupportPlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(SupportingLongTerm.LegalBasis, command.Reasons), ct,
                    whenAccepted: async _ =>
                    {
                        if (command.NextReviewBy is { } next && command.Outcome != ReviewOutcome.GoalsAchieved) await session.ScheduleAsync(caseId, SupportingLongTerm.ReviewDeadline, next, ct);
                        else session.Cancel(caseId, SupportingLongTerm.ReviewDeadline);
                    }),
            Permissions.DecideOnCase, "ReviewSupportPlan", "Record a review of the support plan with the person (it answers every open review of the case) and the next review date.");
}

/// <summary>A support plan not reviewed by its review date opens a review of the case.</summary>
public sealed class SupportPlanReviewDue : IDeadlineHandler
{
    public string Kind => SupportingLongTerm.ReviewDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(deadline.CaseId, ct);
        if (stream.Aggregate is not { Stage: ProtectionStage.Entitled, SupportPlan: { } plan } || plan.NextReviewBy > context.Now) return;
        stream.AppendOne(new CaseReviewOpened(deadline.CaseId, "support-plan-review-due", context.Now));
        session.Record(new DecisionBasis(SupportingLongTerm.LegalBasis, "The support plan's review date passed without a review."));
    }
}
