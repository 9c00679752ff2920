namespace TransnationalReferral.Return.Cases;

/// <summary>
/// The pre-return risk assessment: level, factors (named for a medium or high risk), mitigations (named when
/// accepted), reception capacity. A high risk without accepted mitigation blocks the return.
/// </summary>
public static class AssessingReturnRisk
{
    [Reasons("the sources and findings of the assessment.")]
    public sealed record AssessRisk(RiskLevel Level, IReadOnlyList<ReturnRiskFactor> Factors, IReadOnlyList<Mitigation> Mitigations, bool MitigationAccepted, ReceptionCapacity ReceptionCapacity, string Reasons);

    public static Decision Decide(ReturnCase state, AssessRisk command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        if (command.Level != RiskLevel.Low && command.Factors.Count == 0)
            return new Refusal("return-risk-factors-named", "A medium or high risk names its factors.");
        if (command.MitigationAccepted && command.Mitigations.Count == 0)
            return new Refusal("return-mitigation-named", "Accepted mitigation names the measures.");
        var assessed = new ReturnRiskAssessed(state.Id, (state.Risk?.Revision ?? 0) + 1, command.Level, command.Factors.Distinct().ToList(), command.Mitigations.Distinct().ToList(),
            command.MitigationAccepted, command.ReceptionCapacity, context.Now);
        return command.Level == RiskLevel.High && !command.MitigationAccepted
            ? Decision.Accept(assessed, new ReturnBlocked(state.Id, "return-risk-high-unmitigated", context.Now))
            : Decision.Accept(assessed);
    }

    public static RouteHandlerBuilder MapAssessingReturnRisk(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, AssessRisk>("/{caseId:guid}/return-risk-assessments", Decide, PreparingReturn.LegalBasis,
            Permissions.DecideOnCase, "AssessReturnRisk", "Record the pre-return risk assessment: level, factors (persecution, traffickers, family involvement, stigma, re-trafficking…), mitigations and whether accepted, reception capacity.");
}
