using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Return.Cases;

/// <summary>
/// Preparing a return on the destination side: the request and its reason, the information package, the
/// person's voluntary consent after a minimum reflection time (withdrawal stops the return), the pre-return
/// risk assessment, the family assessment for a child, and what the immigration authority decides (a
/// protection claim's outcome, a forced return order — recorded, passing no gate).
/// </summary>
public static class PreparingReturn
{
    public const string LegalBasis = "Trafficking Protocol art. 8; CETS 197 art. 16; TRM-EU SOP 4 — safe and preferably voluntary return";

    public sealed record RequestReturn(string CountryOfReturn, ReturnReason Reason, string? Reasons = null);

    public sealed record ProvideInformation(string Language, IReadOnlyList<ReturnOption> Options, bool RightsExplained, bool ServicesInCountryExplained, bool RisksExplained, string? Reasons = null);

    public sealed record GiveConsent(ConsentGiver GivenBy, string? Reasons = null);

    public sealed record WithdrawConsent(string? Reasons = null);

    public sealed record AssessRisk(RiskLevel Level, IReadOnlyList<ReturnRiskFactor> Factors, IReadOnlyList<Mitigation> Mitigations, bool MitigationAccepted, ReceptionCapacity ReceptionCapacity, string Reasons);

    public sealed record AssessFamily(FamilyAssessment Outcome, string Reasons);

    public sealed record RecordProtectionClaimOutcome(string Country, ProtectionClaimStatus Outcome, string Reasons);

    public sealed record RecordForcedReturnOrder(string Reasons);

    private static Refusal? Preparing(ReturnCase s) => s.Stage switch
    {
        ReturnStage.NotRequested => Refusal.Conflict("return-not-requested", "No return has been requested for this case."),
        ReturnStage.Preparing or ReturnStage.Stopped => null,
        _ => Refusal.Conflict("return-already-departed", $"The return is {Codes.Of(s.Stage)}; this is decided before departure."),
    };

    public static Decision Decide(ReturnCase s, RequestReturn command, DecisionContext context)
    {
        if (s.Stage is not (ReturnStage.NotRequested or ReturnStage.Closed))
            return Refusal.Conflict("return-already-requested", "A return is already in preparation for this case.");
        if (command.CountryOfReturn == s.Jurisdiction)
            return new Refusal("return-to-another-country", "A return goes to another country than the one holding the case.");
        if (command.Reason is ReturnReason.ReflectionPeriodEnded or ReturnReason.ResidencePermitEnded && !(s.EndedStatuses ?? []).Contains(command.Reason))
            return new Refusal("return-reason-recorded",
                $"The reason '{Codes.Of(command.Reason)}' is a fact another service records, and it has not been published for this case: a return is requested for a status that has ended, not one that is running.",
                "CETS 197 arts. 13–14 — the reflection period and residence permit protect against removal while they run");
        if (command.Reason == ReturnReason.SpecialStatusEnded && string.IsNullOrWhiteSpace(command.Reasons))
            return new Refusal("return-reason-recorded", "Say which special status ended, and when (reasons).");
        return Decision.Accept(new ReturnRequested(s.Id, s.Jurisdiction, command.CountryOfReturn, command.Reason, context.Now));
    }

    /// <summary>A status ended elsewhere (reflection period, residence permit): noted, so that a return can be requested for it.</summary>
    public static Decision Ended(ReturnCase s, ReturnReason status, DateTimeOffset endedAt, DecisionContext context) =>
        (s.EndedStatuses ?? []).Contains(status) ? Decision.NothingToDo : Decision.Accept(new StatusEndedNoted(s.Id, status, endedAt, context.Now));

    public static Decision Decide(ReturnCase s, ProvideInformation command, DecisionContext context)
    {
        if (Preparing(s) is { } refusal) return refusal;
        var missing = Enum.GetValues<ReturnOption>().Except(command.Options).ToList();
        if (missing.Count > 0 || !command.RightsExplained || !command.ServicesInCountryExplained || !command.RisksExplained)
            return new Refusal("return-information-complete",
                "The information package covers every option (stay, return, third country), the person's rights, the services in the country of return and the risks"
                + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing.Select(m => Codes.Of(m)))}." : "."), "Trafficking Protocol art. 8; CETS 197 art. 12(1)(d)");
        return Decision.Accept(new ReturnInformationProvided(s.Id, command.Language, command.Options.Distinct().ToList(), context.Now));
    }

    public static Decision Decide(ReturnCase s, GiveConsent command, TimeSpan minimumReflection, DecisionContext context)
    {
        if (Preparing(s) is { } refusal) return refusal;
        if (s.Information is not { } information)
            return ReturnGates.Closed("return-information-first", "Consent counts only once the person has been informed of all options.", "Trafficking Protocol art. 8");
        if (context.Now < information.ProvidedAt + minimumReflection)
            return new Refusal("return-minimum-reflection-time",
                $"Consent to return counts only {minimumReflection.TotalDays:0} days after the information was given (on {information.ProvidedAt:yyyy-MM-dd}); it can be recorded from {(information.ProvidedAt + minimumReflection):yyyy-MM-dd HH:mm} UTC.",
                "TRM-EU SOP 4 — an informed decision with time to reflect");
        if (s.IsChild && command.GivenBy != ConsentGiver.Guardian)
            return new Refusal("child-return-needs-guardian-consent", "A child's consent to return is given with the guardian.", ReturnGates.ChildSource);
        if (s.IsChild && s.GuardianOrganisation is null)
            return new Refusal("child-needs-guardian", "A child's return is decided with the guardian taking part; no guardian is appointed.", ReturnGates.ChildSource);
        return s.Consent is { IsActive: true } ? Decision.NothingToDo : Decision.Accept(new ReturnConsentGiven(s.Id, command.GivenBy, context.Now));
    }

    /// <summary>Withdrawal stops the return at once; nothing may rely on the consent any more.</summary>
    public static Decision Decide(ReturnCase s, WithdrawConsent command, DecisionContext context)
    {
        if (Preparing(s) is { } refusal) return refusal;
        if (s.Consent is not { IsActive: true }) return Refusal.Conflict("return-consent-not-in-force", "There is no consent in force to withdraw.");
        return Decision.Accept(new ReturnConsentWithdrawn(s.Id, context.Now), new ReturnBlocked(s.Id, "consent-withdrawn", context.Now));
    }

    public static Decision Decide(ReturnCase s, AssessRisk command, DecisionContext context)
    {
        if (Preparing(s) is { } refusal) return refusal;
        if (command.Level != RiskLevel.Low && command.Factors.Count == 0)
            return new Refusal("return-risk-factors-named", "A medium or high risk names its factors.");
        if (command.MitigationAccepted && command.Mitigations.Count == 0)
            return new Refusal("return-mitigation-named", "Accepted mitigation names the measures.");
        var assessed = new ReturnRiskAssessed(s.Id, (s.Risk?.Revision ?? 0) + 1, command.Level, command.Factors.Distinct().ToList(), command.Mitigations.Distinct().ToList(),
            command.MitigationAccepted, command.ReceptionCapacity, context.Now);
        return command.Level == RiskLevel.High && !command.MitigationAccepted
            ? Decision.Accept(assessed, new ReturnBlocked(s.Id, "return-risk-high-unmitigated", context.Now))
            : Decision.Accept(assessed);
    }

    public static Decision Decide(ReturnCase s, AssessFamily command, DecisionContext context)
    {
        if (Preparing(s) is { } refusal) return refusal;
        return !s.IsChild
            ? Refusal.Conflict("family-assessment-for-children", "The family assessment in the country of return is part of a child's return.")
            : Decision.Accept(new FamilyAssessed(s.Id, command.Outcome, context.Now));
    }

    /// <summary>A protection claim noted (pending, from Identification) or its outcome: a pending or granted claim blocks the return.</summary>
    public static Decision Decide(ReturnCase s, string country, ProtectionClaimStatus status, DecisionContext context)
    {
        if ((s.ProtectionClaims ?? []).Any(c => c.Country == country && c.Status == status)) return Decision.NothingToDo;
        var noted = new ProtectionClaimNoted(s.Id, country, status, context.Now);
        return s.Stage is ReturnStage.Preparing && status is ProtectionClaimStatus.Pending or ProtectionClaimStatus.Granted
            ? Decision.Accept(noted, new ReturnBlocked(s.Id, "non-refoulement-protection-claim", context.Now))
            : Decision.Accept(noted);
    }

    public static Decision Decide(ReturnCase s, RecordProtectionClaimOutcome command, DecisionContext context) =>
        command.Outcome == ProtectionClaimStatus.Pending
            ? new Refusal("protection-claim-outcome", "Record an outcome: granted, rejected or withdrawn (pending claims come from Identification).")
            : !(s.ProtectionClaims ?? []).Any(c => c.Country == command.Country)
                ? Refusal.Conflict("protection-claim-unknown", $"No international protection claim against {command.Country} is known for this case.")
                : Decide(s, command.Country, command.Outcome, context);

    public static Decision Decide(ReturnCase s, RecordForcedReturnOrder command, DecisionContext context) =>
        Preparing(s) is { } refusal ? refusal : Decision.Accept(new ForcedReturnOrderRecorded(s.Id, context.Now));

    public static RouteGroupBuilder MapPreparingReturn(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/return-request", async (Guid caseId, RequestReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.CountryOfReturn) ? Problems.Invalid("countryOfReturn", "an ISO 3166-1 alpha-2 code.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestReturn", "Request a return, with the reason: persons-wish, reflection-period-ended, residence-permit-ended or special-status-ended. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/return-information", async (Guid caseId, ProvideInformation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Language) || command.Language.Length is < 2 or > 3 ? Problems.Invalid("language", "the ISO 639 code of the language the person understands.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ProvideReturnInformation", "Record the information package given: all options (stay, return, third country), rights, services and risks in the country of return, the language. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/return-consent", async (Guid caseId, GiveConsent command, HttpContext http, IDocumentSession session, ReturnOptions options, CancellationToken ct) =>
                await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, options.MinimumReflection(s.Jurisdiction), c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "GiveReturnConsent", "Record the voluntary consent to return (the guardian's for a child), counted only after the jurisdiction's minimum reflection time. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/return-consent/withdrawal", async (Guid caseId, WithdrawConsent command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "WithdrawReturnConsent", "The person withdraws the consent: the return stops. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/return-risk-assessments", async (Guid caseId, AssessRisk command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the sources and findings of the assessment.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AssessReturnRisk", "Record the pre-return risk assessment: level, factors (persecution, traffickers, family involvement, stigma, re-trafficking…), mitigations and whether accepted, reception capacity. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/family-assessment", async (Guid caseId, AssessFamily command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "who assessed the family and what they found.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(ReturnGates.ChildSource, command.Reasons), ct),
            Permissions.DecideOnCase, "AssessFamily", "For a child: the assessment of the family in the country of return. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/protection-claim-outcome", async (Guid caseId, RecordProtectionClaimOutcome command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.Country) ? Problems.Invalid("country", "an ISO 3166-1 alpha-2 code.")
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the decision's reference and grounds.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(ReturnGates.NonRefoulement, command.Reasons), ct),
            Permissions.RecordImmigrationDecision, "RecordProtectionClaimOutcome", "The immigration authority records the outcome of an international protection claim (granted, rejected, withdrawn). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/forced-return-order", async (Guid caseId, RecordForcedReturnOrder command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the order's reference and grounds.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis("Directive 2008/115/EC art. 6", command.Reasons), ct),
            Permissions.RecordImmigrationDecision, "RecordForcedReturnOrder", "The immigration authority records a forced return order. It passes none of the safety gates. Needs If-Match.");
        return cases;
    }
}
