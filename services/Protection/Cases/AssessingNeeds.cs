namespace TransnationalReferral.Protection.Cases;

/// <summary>A (re-)assessment of the person's needs, from entitlement on; every revision is kept.</summary>
public static class AssessingNeeds
{
    public sealed record AssessNeeds(IReadOnlyList<Need> Needs, string? Reasons = null);

    public static Decision Decide(ProtectionCase state, AssessNeeds command, DecisionContext context) =>
        ProtectionRules.Active(state) is { } refusal ? refusal : Decision.Accept(new NeedsAssessed(state.Id, state.Revisions + 1, command.Needs.Distinct().ToList(), context.Now));

    public static RouteHandlerBuilder MapAssessingNeeds(this RouteGroupBuilder cases) =>
        cases.MapDecision<ProtectionCase, AssessNeeds>("/{caseId:guid}/needs-assessments", Decide, AssessingNeedsAndRisks.LegalBasis,
            Permissions.DecideOnCase, "AssessNeeds", "Record a (re-)assessment of the person's needs.");
}
