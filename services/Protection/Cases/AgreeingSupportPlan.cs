namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The individual support plan (or its revision) agreed with the person — for a child, with the guardian taking
/// part: goals, services and the next review date, a durable deadline (<see cref="SupportPlanReviewDue"/>).
/// </summary>
public static class AgreeingSupportPlan
{
    public sealed record AgreeSupportPlan(IReadOnlyList<SupportGoal> Goals, IReadOnlyList<Need> Services, DateTimeOffset NextReviewBy, bool AgreedWithPerson, bool GuardianParticipated = false, string? Reasons = null);

    public static Decision Decide(ProtectionCase state, AgreeSupportPlan command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state), ProtectionRules.GuardianTakesPart(state, command.GuardianParticipated)) is { } refusal)
            return refusal;
        if (!command.AgreedWithPerson)
            return new Refusal("support-plan-agreed-with-person", "An individual support plan is agreed with the person: record it once they have agreed.", "TRM-EU SOP 3");
        if (command.NextReviewBy <= context.Now || command.NextReviewBy > context.Now.AddYears(1))
            return new Refusal("support-plan-review-date", "The plan's next review is in the future and within a year.");
        var revision = (state.SupportPlan?.Revision ?? 0) + 1;
        return Decision.Accept(new SupportPlanAgreed(state.Id, revision, command.Goals.Distinct().ToList(), command.Services.Distinct().ToList(), command.NextReviewBy, command.GuardianParticipated, context.Now));
    }

    public static RouteHandlerBuilder MapAgreeingSupportPlan(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/support-plans", async (Guid caseId, AgreeSupportPlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Goals is not { Count: > 0 } ? Problems.Invalid("goals", "at least one goal.")
                : command.Services is null ? Problems.Invalid("services", "the services of the plan (need codes; may be empty).")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(SupportingLongTerm.LegalBasis, command.Reasons), ct,
                    whenAccepted: async _ => await session.ScheduleAsync(caseId, SupportingLongTerm.ReviewDeadline, command.NextReviewBy, ct)),
            Permissions.DecideOnCase, "AgreeSupportPlan", "Record the individual support plan (or its revision) agreed with the person — for a child, with the guardian: goals, services, next review date.");
}
