namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The refusals several protection decisions share, each citing its rule. None of them looks at the
/// person's cooperation with the authorities: assistance is never conditional on it.
/// </summary>
public static class ProtectionRules
{
    public const string ChildBasis = "UNCRC art. 3(1); CETS 197 art. 10(4); Directive 2011/36/EU arts. 13–14";

    /// <summary>Assistance decisions are taken on an open case of a person entitled to assistance.</summary>
    public static Refusal? Active(ProtectionCase state) => state.Stage switch
    {
        ProtectionStage.AwaitingEntitlement => Refusal.Conflict("assistance-from-reasonable-grounds",
            "This follows the entitlement to assistance (Identification's reasonable-grounds decision), which has not been published for this case yet.",
            "POST /api/identification/cases/{caseId}/reasonable-grounds"),
        ProtectionStage.Closed => Refusal.Conflict("case-closed", "The protection case is closed; reopen it (with reasons) to decide on it again.",
            "POST /api/protection/cases/{caseId}/reopening"),
        _ => null,
    };

    public const string EmergencyBasis = "CETS 197 art. 12(1)(a)–(d), art. 12(6) and art. 10(2); Directive 2011/36/EU art. 11(2)–(3); UNODC CTOC/COP/WG.4 ¶11(c), 14 — immediate help from the first signal, not conditional on cooperation or identification";

    /// <summary>
    /// Emergency help is taken on any case that is not closed: from the signal on (no reasonable-grounds decision needed),
    /// whatever the person's cooperation, for a child without waiting for the best-interests assessment.
    /// </summary>
    public static Refusal? NotClosed(ProtectionCase state) => state.Stage == ProtectionStage.Closed ? Active(state) : null;

    /// <summary>The only consent emergency help needs is the person's acceptance of that help itself — never a consent to referral, to sharing or to anything else.</summary>
    public static Refusal? HelpAccepted(bool acceptedByPerson) => acceptedByPerson ? null
        : new Refusal("emergency-help-accepted-by-person", "Emergency help is given only when the person accepts it (acceptedByPerson): no other consent is asked for it.", EmergencyBasis);

    /// <summary>For a child, a decision about their protection needs the best-interests assessment Identification published.</summary>
    public static Refusal? BestInterestsFirst(ProtectionCase state) =>
        state.IsChild && state.BestInterestsAssessedAt is null
            ? new Refusal("child-best-interests-first",
                "The person is a child or presumed child: this decision needs the best-interests assessment, which Identification has not published for this case.", ChildBasis,
                Next: "POST /api/identification/cases/{caseId}/best-interests-assessment")
            : null;

    /// <summary>For a child, plans are made with the guardian taking part (and a guardian appointed).</summary>
    public static Refusal? GuardianTakesPart(ProtectionCase state, bool guardianParticipated) =>
        !state.IsChild ? null
        : state.GuardianOrganisation is null
            ? new Refusal("child-needs-guardian", "The person is a child or presumed child and no guardian has been appointed yet: plans are made with the guardian.", ChildBasis,
                Next: "POST /api/identification/cases/{caseId}/guardian")
            : !guardianParticipated
                ? new Refusal("child-plan-needs-guardian", "The person is a child or presumed child: the guardian takes part in the plan (guardianParticipated).", ChildBasis)
                : null;

    /// <summary>The person's consent to cross-border transfer to <paramref name="jurisdiction"/> in force (a child's guardian's).</summary>
    public static NotedConsent? TransferConsent(ProtectionCase state, string jurisdiction) =>
        (state.Consents ?? []).FirstOrDefault(c => !c.Withdrawn && c.Kind == "cross-border-transfer"
            && (c.Jurisdictions ?? []).Contains(jurisdiction) && (!state.IsChild || c.GivenBy == "guardian"));

    /// <summary>The jurisdictions the consents in force allow a transfer to: the grounds a cross-border request leaves on.</summary>
    public static IReadOnlyList<string> ConsentedJurisdictions(ProtectionCase state) =>
        (state.Consents ?? []).Where(c => !c.Withdrawn && c.Kind == "cross-border-transfer" && (!state.IsChild || c.GivenBy == "guardian"))
            .SelectMany(c => c.Jurisdictions ?? []).Distinct().ToList();

    public const string NeverToCountryOfClaimedProtectionBasis = "1951 Refugee Convention art. 33; Directive 2013/32/EU art. 30";

    /// <summary>Nothing about the person is sent to a country they claim international protection from.</summary>
    public static Refusal? NeverToCountryOfClaimedProtection(ProtectionCase state, string jurisdiction) =>
        (state.ProtectionClaimedFrom ?? []).Contains(jurisdiction)
            ? new Refusal("never-to-country-of-claimed-protection", $"The person claims international protection from {jurisdiction}: nothing about them is sent to that country.",
                NeverToCountryOfClaimedProtectionBasis)
            : null;

    /// <summary>The first refusal of a list of checks, or null when all pass.</summary>
    public static Refusal? First(params Refusal?[] checks) => checks.FirstOrDefault(c => c is not null);
}
