namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// What the decisions on a request share; each decision is a file of its own (<see cref="DraftingRequest"/>,
/// <see cref="SendingRequest"/>, …). The victim's rights are built in: no request that involves a victim is sent
/// or executed without a victim impact assessment; a victim testifies by video conference unless they ask
/// otherwise; victim personal data leaves only with a recorded legal basis; "no onward sharing" means exactly
/// that; no offender is surrendered, released or transferred without the victim's safety assessed and the victim
/// notified; and no request against a person recognised as a victim is executed before a non-punishment review.
/// </summary>
public static class Cooperating
{
    public const string LegalBasis = "UNTOC arts. 16, 18, 19, 21 and 24; Trafficking Protocol art. 6; CETS 197 arts. 26, 28 and 32–35";
    public const string VictimSource = "UNTOC arts. 24–25; CETS 197 art. 28; Directive 2012/29/EU arts. 18–23";
    public const string NonPunishmentSource = "CETS 197 art. 26; Directive 2011/36/EU art. 8; UNODC/OHCHR non-punishment principle";

    public static Refusal? ImpactFirst(JudicialRequest s) => s.InvolvesVictims && s.Impact is null
        ? new Refusal("victim-impact-assessment-first", "The request involves a victim or victim-witness: record the victim impact assessment (risks, protective measures, preferred modality) first.", VictimSource, Next: "POST /api/judicial/requests/{requestId}/victim-impact-assessment")
        : null;

    public const string ClaimedProtectionSource = "1951 Refugee Convention art. 33; Directive 2013/32/EU art. 30 (no information to the alleged actor of persecution)";

    /// <summary>
    /// A person the request names claims international protection from <paramref name="counterpart"/> (Identification recorded
    /// it): nothing about them is sent to that country, neither at the decision nor at the border (the same rule id as the
    /// border's gate, <see cref="CrossBorderGates"/>). No decision unblocks it.
    /// </summary>
    public static Refusal? NeverToCountryOfClaimedProtection(string counterpart, IReadOnlyCollection<string>? protectionClaimedFrom) =>
        (protectionClaimedFrom ?? []).Contains(counterpart)
            ? new Refusal("never-to-country-of-claimed-protection", $"A person this request names claims international protection from {counterpart}: nothing about them is sent to that country.", ClaimedProtectionSource)
            : null;

    /// <summary>Persons Identification recognised as victims who are prosecuted or sought in this request: each needs a non-punishment review.</summary>
    public static IEnumerable<Guid> NeedingReview(JudicialRequest s, IReadOnlySet<Guid> recognisedVictims) =>
        s.Persons.Where(p => p.IsProsecuted && recognisedVictims.Contains(p.CaseId)).Select(p => p.CaseId).Distinct();
}
