namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The case closes with a reason — never for not cooperating with the authorities — once no referral is open and
/// no protective measure is in force; closing because the goals are achieved needs a review that found them so.
/// </summary>
public static class ClosingProtectionCase
{
    [Reasons("why the case closes.")]
    public sealed record CloseCase(ClosureReason Reason, string Reasons);

    public static Decision Decide(ProtectionCase state, CloseCase command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if ((state.Referrals ?? []).Count(r => r.IsOpen) is > 0 and var open)
            return Refusal.Conflict("referrals-still-open", $"{open} referral(s) are still open: conclude or close them with the provider first.",
                "POST /api/protection/referrals/{referralId}/outcome");
        if ((state.WitnessProtection ?? []).Any(m => m.EndedAt is null))
            return Refusal.Conflict("witness-protection-active", "Protective measures are still in force: end them (with reasons) before closing the case.",
                "POST /api/protection/cases/{caseId}/witness-protection/{measureId}/end");
        if (command.Reason == ClosureReason.GoalsAchieved && state.SupportPlan?.Reviews is not [.., { Outcome: ReviewOutcome.GoalsAchieved }])
            return new Refusal("closure-goals-reviewed", "Closing because the goals are achieved needs a support plan review that found them achieved.", "TRM-EU SOP 3",
                Next: "POST /api/protection/cases/{caseId}/support-plans/reviews");
        return Decision.Accept(new ProtectionCaseClosed(state.Id, command.Reason, context.Now));
    }

    public static RouteHandlerBuilder MapClosingProtectionCase(this RouteGroupBuilder cases) =>
        cases.MapDecision<ProtectionCase, CloseCase>("/{caseId:guid}/closure", Decide, SupportingLongTerm.LegalBasis, Permissions.DecideOnCase, "CloseProtectionCase",
            "Close the case with a reason: goals-achieved (after a review that found them achieved), person-declined-further-assistance, returned-to-country-of-origin, moved-to-another-jurisdiction, contact-lost. Never for not cooperating.",
            cancels: [SupportingLongTerm.ReviewDeadline]);
}
