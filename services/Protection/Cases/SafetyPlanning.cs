namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The safety plan answers the assessed risk: actions, who carries each out, by when — agreed with the person
/// (for a child, with the guardian taking part), and revised at each contact (every revision kept).
/// </summary>
public static class SafetyPlanning
{
    public const string LegalBasis = "CETS 197 arts. 12(2) and 28; Directive 2011/36/EU art. 12(3) — protection based on an individual risk assessment";

    public sealed record AgreeSafetyPlan(IReadOnlyList<SafetyPlanAction> Actions, bool AgreedWithPerson, bool GuardianParticipated = false, string? Reasons = null);

    public static Decision Decide(ProtectionCase state, AgreeSafetyPlan command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state), ProtectionRules.GuardianTakesPart(state, command.GuardianParticipated)) is { } refusal)
            return refusal;
        if (state.Risk is null)
            return Refusal.Conflict("safety-plan-answers-risk", "A safety plan answers a risk assessment: assess the risk first.", "POST /api/protection/cases/{caseId}/risk-assessments");
        if (!command.AgreedWithPerson)
            return new Refusal("safety-plan-agreed-with-person", "A safety plan is agreed with the person, not imposed: record it once they have agreed.", "CETS 197 art. 12(5); TRM-EU SOP 2");
        if (command.Actions.Any(a => a.DueBy <= context.Now))
            return new Refusal("safety-action-due-in-future", "Each action of the plan is due in the future.");
        var revision = (state.SafetyPlan?.Revision ?? 0) + 1;
        return Decision.Accept(new SafetyPlanAgreed(state.Id, revision, command.Actions, command.GuardianParticipated, context.Now));
    }

    public static RouteGroupBuilder MapSafetyPlanning(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/safety-plans", async (Guid caseId, AgreeSafetyPlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Actions is not { Count: > 0 and <= 50 } ? Problems.Invalid("actions", "one to 50 actions, each with an action code, an owner and a due date.")
                : command.Actions.Any(a => a is null || string.IsNullOrWhiteSpace(a.Owner) || a.Owner.Length > 100) ? Problems.Invalid("actions", "each action names its owner (an organisation or role code, at most 100 characters).")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AgreeSafetyPlan", "Record the safety plan (or its revision) agreed with the person — for a child, with the guardian.");
        return cases;
    }
}
