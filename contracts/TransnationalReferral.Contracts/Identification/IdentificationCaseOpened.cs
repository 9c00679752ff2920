namespace TransnationalReferral.Contracts.Identification;

/// <summary>
/// A signal about a presumed victim of trafficking was received and an identification case opened.
/// Carries ids, codes and decisions only: never a name, date of birth, document, address or contact.
/// </summary>
/// <param name="CaseId">The case id; every service keys its own stream for this person's case by it.</param>
/// <param name="VictimId">Pseudonymous victim id. Personal data stays in the Identification service.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 code of the jurisdiction that holds the case.</param>
/// <param name="SignalSource">Who signalled: see <see cref="SignalSources"/>.</param>
/// <param name="Sex">female, male, other, unknown.</param>
/// <param name="AgeGroup">An age band code (e.g. <c>12-17</c>, <c>25-34</c>, <c>unknown</c>), never a date of birth.</param>
/// <param name="ChildStatus">child, presumed-child (age uncertain: treated as a child) or adult.</param>
/// <param name="OpenedAt">When the decision was recorded.</param>
/// <param name="OwnerOrganisation">The organisation that holds the case (added later: may be null from older publishers).</param>
public sealed record IdentificationCaseOpened(
    Guid CaseId,
    Guid VictimId,
    string Jurisdiction,
    string SignalSource,
    string Sex,
    string AgeGroup,
    string ChildStatus,
    DateTimeOffset OpenedAt,
    string? OwnerOrganisation = null);

/// <summary>Codes used in <see cref="IdentificationCaseOpened.SignalSource"/>. New codes may be added; consumers keep unknown codes as they are.</summary>
public static class SignalSources
{
    public const string Police = "police";
    public const string BorderGuard = "border-guard";
    public const string LabourInspection = "labour-inspection";
    public const string Ngo = "ngo";
    public const string SocialServices = "social-services";
    public const string Health = "health";
    public const string SelfReferral = "self-referral";
    public const string ForeignAuthority = "foreign-authority";
}

/// <summary>Codes used in <c>ChildStatus</c> fields.</summary>
public static class ChildStatuses
{
    public const string Child = "child";
    public const string PresumedChild = "presumed-child";
    public const string Adult = "adult";
}
