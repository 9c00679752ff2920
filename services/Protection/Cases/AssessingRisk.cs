namespace TransnationalReferral.Protection.Cases;

/// <summary>A (re-)assessment of the risk to the person and family: a medium or high risk names its factors.</summary>
public static class AssessingRisk
{
    public sealed record AssessRisk(RiskLevel Level, IReadOnlyList<RiskFactor> Factors, bool FamilyAtRisk, string? Reasons = null);

    public static Decision Decide(ProtectionCase state, AssessRisk command, DecisionContext context)
    {
        if (ProtectionRules.Active(state) is { } refusal) return refusal;
        if (command.Level != RiskLevel.Low && command.Factors.Count == 0)
            return new Refusal("risk-factors-named", "A medium or high risk names its factors, so that the safety plan can answer them.");
        return Decision.Accept(new RiskAssessed(state.Id, state.Revisions + 1, command.Level, command.Factors.Distinct().ToList(), command.FamilyAtRisk, context.Now));
    }

    public static RouteHandlerBuilder MapAssessingRisk(this RouteGroupBuilder cases) =>
        cases.MapDecision<ProtectionCase, AssessRisk>("/{caseId:guid}/risk-assessments", Decide, AssessingNeedsAndRisks.LegalBasis,
            Permissions.DecideOnCase, "AssessRisk", "Record a (re-)assessment of risk to the person and family (level and factors).");
}
