namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// A claim this node's focal point forwards to a deciding body in a partner node's jurisdiction (<see cref="ClaimForwarded"/>)
/// leaves as a signed <c>compensation</c> request: the claim id is the request id, the case id the case reference, the
/// questions the claim type and <c>deciding-body:&lt;code&gt;</c>. The grounds are what the file knows: the person's
/// consents to cross-border transfer in force (a child's given by the guardian) and the countries the person claims
/// international protection from. Remedies records no legal basis for a transfer, so a claim crosses on consent only.
/// The person's return or migration status plays no part.
/// </summary>
public static class ForwardingAbroad
{
    public const string ConsentSource = "GDPR art. 49(1)(a)";
    public const string DecidingBodyPrefix = "deciding-body:";
    public const string Guardian = "guardian";

    public static TransferGrounds Grounds(RemediesCase s, bool child) => TransferGrounds.OnConsent(
        (s.TransferConsents ?? []).Where(c => !c.Withdrawn && (!child || c.GivenBy == Guardian)).SelectMany(c => c.Jurisdictions).Distinct().ToList(),
        s.ProtectionClaimedFrom ?? []);

    public static CrossBorderRequest Request(RemediesCase s, Claim claim, bool child, DateTimeOffset respondBy, DateTimeOffset forwardedAt) => new(
        claim.ClaimId, CrossBorderPurposes.Compensation, s.Jurisdiction, claim.DecidingJurisdiction, s.Id, child,
        [Codes.Of(claim.Type), DecidingBodyPrefix + claim.DecidingBody], TransferBases.Consent, null, HandlingCodes.PurposeOnly, respondBy, forwardedAt);

    /// <summary>Claims refused at the border that a consent to their deciding jurisdiction may now let through (a claim still open).</summary>
    public static IReadOnlyList<Claim> AwaitingConsent(RemediesCase s, IReadOnlyCollection<string> consentedTo) =>
        (s.Claims ?? []).Where(c => c.ForwardingRefused is not null && c.Stage is not ClaimStage.Closed && consentedTo.Contains(c.DecidingJurisdiction)).ToList();
}
