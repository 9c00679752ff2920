namespace TransnationalReferral.Contracts.Protection;

/// <summary>The Protection service opened its case for a person Identification signalled. Ids and codes only.</summary>
/// <param name="CaseId">The same case id as in Identification.</param>
/// <param name="Jurisdiction">ISO 3166-1 alpha-2 code.</param>
/// <param name="ChildStatus">child, presumed-child or adult (see <c>ChildStatuses</c>).</param>
/// <param name="Stage">The protection stage code, e.g. <c>awaiting-entitlement</c>.</param>
/// <param name="OpenedAt">When the protection case was opened.</param>
public sealed record ProtectionCaseOpened(Guid CaseId, string Jurisdiction, string ChildStatus, string Stage, DateTimeOffset OpenedAt);

/// <summary>The person is entitled to assistance in the Protection service (from the reasonable-grounds decision), unconditionally.</summary>
public sealed record AssistanceEntitled(Guid CaseId, DateTimeOffset EntitledAt);

/// <summary>A risk assessment was recorded: the level only (low, medium, high), never the narrative.</summary>
public sealed record RiskAssessed(Guid CaseId, int Revision, string Level, DateTimeOffset AssessedAt);

/// <summary>A temporary residence permit for the victim was issued, valid until <c>ExpiresAt</c>.</summary>
public sealed record ResidencePermitIssued(Guid CaseId, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt);

/// <summary>The residence permit expired; the case is reviewed and the assistance continues.</summary>
public sealed record ResidencePermitExpired(Guid CaseId, DateTimeOffset ExpiredAt);

/// <summary>A referral to a service provider was requested (with the person's consent to referral). The service is a need code.</summary>
public sealed record ReferralRequested(Guid CaseId, Guid ReferralId, string ProviderOrganisation, string Service, DateTimeOffset RequestedAt);

/// <summary>The provider accepted or declined the referral.</summary>
public sealed record ReferralAnswered(Guid CaseId, Guid ReferralId, bool Accepted, DateTimeOffset AnsweredAt);

/// <summary>The referral was completed, or was not successful.</summary>
public sealed record ReferralConcluded(Guid CaseId, Guid ReferralId, bool Successful, DateTimeOffset ConcludedAt);
