using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Needs and risk are assessed from entitlement on, and re-assessed at each contact; every revision stays in
/// the history. Neither depends in any way on cooperation with the police or prosecution.
/// </summary>
public static class AssessingNeedsAndRisks
{
    public const string LegalBasis = "CETS 197 art. 12(1)–(2) and (6); Directive 2011/36/EU art. 11(7) — assistance based on individual needs and risks";

    public sealed record AssessNeeds(IReadOnlyList<Need> Needs, string? Reasons = null);

    public sealed record AssessRisk(RiskLevel Level, IReadOnlyList<RiskFactor> Factors, bool FamilyAtRisk, string? Reasons = null);

    private static int NextRevision(ProtectionCase state) => state.Revisions + 1;

    public static Decision Decide(ProtectionCase state, AssessNeeds command, DecisionContext context) =>
        ProtectionRules.Active(state) is { } refusal ? refusal : Decision.Accept(new NeedsAssessed(state.Id, NextRevision(state), command.Needs.Distinct().ToList(), context.Now));

    public static Decision Decide(ProtectionCase state, AssessRisk command, DecisionContext context)
    {
        if (ProtectionRules.Active(state) is { } refusal) return refusal;
        if (command.Level != RiskLevel.Low && command.Factors.Count == 0)
            return new Refusal("risk-factors-named", "A medium or high risk names its factors, so that the safety plan can answer them.");
        return Decision.Accept(new RiskAssessed(state.Id, NextRevision(state), command.Level, command.Factors.Distinct().ToList(), command.FamilyAtRisk, context.Now));
    }

    /// <summary>The cooperation status is noted, and nothing else changes: assistance is never conditional on it.</summary>
    public static Decision Decide(ProtectionCase state, CooperationStatus status, DecisionContext context) =>
        state.Cooperation == status ? Decision.NothingToDo : Decision.Accept(new CooperationStatusNoted(state.Id, status, context.Now));

    public static RouteGroupBuilder MapAssessingNeedsAndRisks(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/needs-assessments", async (Guid caseId, AssessNeeds command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AssessNeeds", "Record a (re-)assessment of the person's needs. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/risk-assessments", async (Guid caseId, AssessRisk command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AssessRisk", "Record a (re-)assessment of risk to the person and family (level and factors). Needs If-Match.");
        return cases;
    }
}
