namespace TransnationalReferral.Contracts.Identification;

/// <summary>
/// The focal point shared a case with another organisation and/or jurisdiction, for a purpose, until an
/// expiry. Every service widens access to that case accordingly (and narrows it again on revocation or expiry).
/// </summary>
/// <param name="GranteeJurisdiction">ISO 3166-1 alpha-2 code, or null for an organisation of the case's own jurisdiction.</param>
/// <param name="GranteeOrganisation">An organisation code, or null for every organisation of the grantee jurisdiction.</param>
/// <param name="Purpose">See <see cref="SharePurposes"/>.</param>
public sealed record CaseShared(Guid CaseId, Guid GrantId, string? GranteeJurisdiction, string? GranteeOrganisation, string Purpose, DateTimeOffset ExpiresAt, DateTimeOffset SharedAt);

/// <summary>A share grant was revoked before its expiry.</summary>
public sealed record CaseShareRevoked(Guid CaseId, Guid GrantId, DateTimeOffset RevokedAt);

/// <summary>Codes of the purposes a case may be shared for. New codes may be added.</summary>
public static class SharePurposes
{
    public const string Assistance = "assistance";
    public const string IdentificationAssistance = "identification-assistance";
    public const string ReturnAndReintegration = "return-and-reintegration";
    public const string Compensation = "compensation";
    public const string CriminalProceedings = "criminal-proceedings";
    public const string Audit = "audit";
}

/// <summary>Consent the person gave (or their guardian), recorded by the focal point. No personal data.</summary>
/// <param name="Kind">referral-to-services, sharing-with-organisations or cross-border-transfer.</param>
/// <param name="Organisations">Organisation codes the consent covers (sharing, referral), may be empty.</param>
/// <param name="Jurisdictions">ISO codes the consent covers (cross-border transfer), may be empty.</param>
public sealed record ConsentRecorded(Guid CaseId, Guid ConsentId, string Kind, IReadOnlyList<string> Organisations, IReadOnlyList<string> Jurisdictions, string GivenBy, DateTimeOffset GivenAt);

/// <summary>A consent was withdrawn; from now on nothing may rely on it.</summary>
public sealed record ConsentWithdrawn(Guid CaseId, Guid ConsentId, string Kind, DateTimeOffset WithdrawnAt);

/// <summary>The person's personal data was erased (crypto-shredded) in the vault. Decisions remain; other services hold no personal data.</summary>
public sealed record PersonalDataErased(Guid CaseId, Guid VictimId, DateTimeOffset ErasedAt);
