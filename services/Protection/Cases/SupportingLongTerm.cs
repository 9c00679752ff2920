using Marten;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Long-term assistance and social inclusion (TRM-EU SOP 3): an individual support plan with goals, services
/// and a review date (a durable deadline: a missed review opens a case review), reviews recorded, and the
/// case closed with a reason — never for not cooperating with the authorities — and reopened when needed.
/// </summary>
public static class SupportingLongTerm
{
    public const string LegalBasis = "CETS 197 art. 12; Directive 2011/36/EU art. 11; TRM-EU SOP 3 — long-term assistance and social inclusion";
    public const string ReviewDeadline = "support-plan-review";

    public sealed record AgreeSupportPlan(IReadOnlyList<SupportGoal> Goals, IReadOnlyList<Need> Services, DateTimeOffset NextReviewBy, bool AgreedWithPerson, bool GuardianParticipated = false, string? Reasons = null);

    public sealed record ReviewSupportPlan(ReviewOutcome Outcome, string Reasons, DateTimeOffset? NextReviewBy = null);

    public sealed record CloseCase(ClosureReason Reason, string Reasons);

    public sealed record ReopenCase(string Reasons);

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

    public static Decision Decide(ProtectionCase state, ReviewSupportPlan command, DecisionContext context)
    {
        if (ProtectionRules.Active(state) is { } refusal) return refusal;
        if (state.SupportPlan is null) return Refusal.Conflict("support-plan-first", "There is no support plan to review.");
        if (command.Outcome != ReviewOutcome.GoalsAchieved && (command.NextReviewBy is not { } next || next <= context.Now || next > context.Now.AddYears(1)))
            return new Refusal("support-plan-review-date", "Unless the goals are achieved, a review sets the next review date, in the future and within a year.");
        return Decision.Accept(new SupportPlanReviewed(state.Id, command.Outcome, command.NextReviewBy, context.Now));
    }

    public static Decision Decide(ProtectionCase state, CloseCase command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if ((state.Referrals ?? []).Count(r => r.IsOpen) is > 0 and var open)
            return Refusal.Conflict("referrals-still-open", $"{open} referral(s) are still open: conclude or close them with the provider first.");
        if ((state.WitnessProtection ?? []).Any(m => m.EndedAt is null))
            return Refusal.Conflict("witness-protection-active", "Protective measures are still in force: end them (with reasons) before closing the case.");
        if (command.Reason == ClosureReason.GoalsAchieved && state.SupportPlan?.Reviews is not [.., { Outcome: ReviewOutcome.GoalsAchieved }])
            return new Refusal("closure-goals-reviewed", "Closing because the goals are achieved needs a support plan review that found them achieved.", "TRM-EU SOP 3");
        return Decision.Accept(new ProtectionCaseClosed(state.Id, command.Reason, context.Now));
    }

    public static Decision Decide(ProtectionCase state, ReopenCase command, DecisionContext context) =>
        state.Stage != ProtectionStage.Closed
            ? Refusal.Conflict("case-not-closed", "Only a closed case is reopened.")
            : Decision.Accept(new ProtectionCaseReopened(state.Id, context.Now));

    public static RouteGroupBuilder MapSupportingLongTerm(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/support-plans", async (Guid caseId, AgreeSupportPlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Goals is not { Count: > 0 } ? Problems.Invalid("goals", "at least one goal.")
                : command.Services is null ? Problems.Invalid("services", "the services of the plan (need codes; may be empty).")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: async _ => await session.ScheduleAsync(caseId, ReviewDeadline, command.NextReviewBy, ct)),
            Permissions.DecideOnCase, "AgreeSupportPlan", "Record the individual support plan (or its revision) agreed with the person — for a child, with the guardian: goals, services, next review date. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/support-plans/reviews", async (Guid caseId, ReviewSupportPlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "what the review found.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: async _ =>
                    {
                        if (command.NextReviewBy is { } next && command.Outcome != ReviewOutcome.GoalsAchieved) await session.ScheduleAsync(caseId, ReviewDeadline, next, ct);
                        else session.Cancel(caseId, ReviewDeadline);
                    }),
            Permissions.DecideOnCase, "ReviewSupportPlan", "Record a review of the support plan with the person (it answers every open review of the case) and the next review date. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/closure", async (Guid caseId, CloseCase command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the case closes.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, ReviewDeadline);
                        return Task.CompletedTask;
                    }),
            Permissions.DecideOnCase, "CloseProtectionCase",
            "Close the case with a reason: goals-achieved (after a review that found them achieved), person-declined-further-assistance, returned-to-country-of-origin, moved-to-another-jurisdiction, contact-lost. Never for not cooperating. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/reopening", async (Guid caseId, ReopenCase command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the case reopens.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ReopenProtectionCase", "Reopen a closed case, with the reasons; assistance resumes. Needs If-Match.");
        return cases;
    }
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
