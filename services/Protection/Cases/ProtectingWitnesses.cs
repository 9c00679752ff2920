using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Protection of the victim-witness and their family (UNTOC arts. 24–25): measures granted and ended, and
/// requests to another state to relocate or protect them — an integration event the transnational
/// exchange carries. Neither depends on the person testifying: it answers the risk.
/// </summary>
public static class ProtectingWitnesses
{
    public const string LegalBasis = "UNTOC arts. 24–25; CETS 197 art. 28; Directive 2011/36/EU art. 12(3)";

    public sealed record GrantWitnessProtection(IReadOnlyList<WitnessMeasure> Measures, bool ForFamilyMembers, string Reasons);

    public sealed record EndWitnessProtection(string Reasons);

    public sealed record RequestRelocation(string ToJurisdiction, bool ForFamilyMembers, string Reasons);

    public static Decision Decide(ProtectionCase state, GrantWitnessProtection command, Guid measureId, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if (state.Risk is null)
            return Refusal.Conflict("witness-protection-answers-risk", "Protective measures answer a risk assessment (e.g. witness intimidation): assess the risk first.");
        return Decision.Accept(new WitnessProtectionGranted(state.Id, measureId, command.Measures.Distinct().ToList(), command.ForFamilyMembers, context.Now));
    }

    public static Decision Decide(ProtectionCase state, Guid measureId, EndWitnessProtection command, DecisionContext context) =>
        (state.WitnessProtection ?? []).FirstOrDefault(m => m.MeasureId == measureId) switch
        {
            null => Refusal.Conflict("witness-protection-unknown", $"No protective measure {measureId} on this case."),
            { EndedAt: not null } => Decision.NothingToDo,
            _ => Decision.Accept(new WitnessProtectionEnded(state.Id, measureId, context.Now)),
        };

    public static Decision Decide(ProtectionCase state, RequestRelocation command, Guid requestId, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if (command.ToJurisdiction == state.Jurisdiction)
            return new Refusal("relocation-to-another-state", "A relocation request goes to another state; relocation within the country is a protective measure.");
        if (state.Risk is not { Level: RiskLevel.Medium or RiskLevel.High })
            return new Refusal("relocation-answers-risk", "Relocation to another state answers an assessed medium or high risk.", LegalBasis);
        if (ContinuingProtection.NeverToCountryOfClaimedProtection(state, command.ToJurisdiction) is { } claimed) return claimed;
        var consent = ContinuingProtection.TransferConsent(state, command.ToJurisdiction);
        if (consent is null)
            return new Refusal("relocation-needs-consent",
                $"Relocating the person to {command.ToJurisdiction} means sharing their data with it: it needs their consent to cross-border transfer to {command.ToJurisdiction}{(state.IsChild ? " (the guardian's, for a child)" : "")}.",
                "GDPR arts. 9 and 49(1)(a); CETS 197 art. 11");
        return Decision.Accept(new RelocationRequested(state.Id, requestId, state.Jurisdiction, command.ToJurisdiction, command.ForFamilyMembers, consent.ConsentId, context.Now));
    }

    public static RouteGroupBuilder MapProtectingWitnesses(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/witness-protection", async (Guid caseId, GrantWitnessProtection command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Measures is not { Count: > 0 } ? Problems.Invalid("measures", "at least one protective measure.")
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the measures are needed.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, Guid.CreateVersion7(), context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "GrantWitnessProtection", "Grant protective measures to the victim-witness (and family members): physical protection, relocation, identity protection in proceedings, … Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/witness-protection/{measureId:guid}/end", async (Guid caseId, Guid measureId, EndWitnessProtection command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the measures end.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, measureId, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "EndWitnessProtection", "End protective measures, with the reasons. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/relocation-requests", async (Guid caseId, RequestRelocation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why relocation to another state is needed.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, Guid.CreateVersion7(), context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestRelocation", "Ask another state to relocate or protect the victim-witness (UNTOC art. 24(3)); needs an assessed medium/high risk and consent to transfer to that state. Needs If-Match.");
        return cases;
    }
}
