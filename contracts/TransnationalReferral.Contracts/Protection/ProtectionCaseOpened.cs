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
/// <param name="DeclineReason">When declined: no-capacity, not-eligible, service-not-offered, language-not-available, safety-concern or other. Added in v2 (null from older publishers).</param>
public sealed record ReferralAnswered(Guid CaseId, Guid ReferralId, bool Accepted, DateTimeOffset AnsweredAt, string? DeclineReason = null);

/// <summary>The referral was completed, or was not successful.</summary>
public sealed record ReferralConcluded(Guid CaseId, Guid ReferralId, bool Successful, DateTimeOffset ConcludedAt);

/// <summary>The provider did not answer the referral within its response time (an alert; the referral stays open).</summary>
public sealed record ReferralOverdue(Guid CaseId, Guid ReferralId, string ProviderOrganisation, DateTimeOffset DueAt);

/// <summary>A residence permit for the victim was refused.</summary>
public sealed record ResidencePermitRefused(Guid CaseId, DateTimeOffset RefusedAt);

/// <summary>A safety plan (revision n) was agreed with the person. Its actions stay in the Protection service.</summary>
public sealed record SafetyPlanAgreed(Guid CaseId, int Revision, DateTimeOffset AgreedAt);

/// <summary>Protective measures were granted to the victim-witness (and family members, if so).</summary>
/// <param name="Measures">Codes, e.g. physical-protection, relocation, identity-protection-in-proceedings.</param>
public sealed record WitnessProtectionGranted(Guid CaseId, Guid MeasureId, IReadOnlyList<string> Measures, bool ForFamilyMembers, DateTimeOffset GrantedAt);

/// <summary>
/// A request to another state to relocate or protect the victim-witness (UNTOC art. 24(3)), on the person's
/// consent to transfer to that state. The transnational exchange carries it to the partner; no personal data.
/// </summary>
public sealed record RelocationRequested(Guid CaseId, Guid RequestId, string RequestingJurisdiction, string ToJurisdiction, bool ForFamilyMembers, DateTimeOffset RequestedAt);

/// <summary>An individual support plan (revision n) was agreed, with its next review date.</summary>
public sealed record SupportPlanAgreed(Guid CaseId, int Revision, DateTimeOffset NextReviewBy, DateTimeOffset AgreedAt);

/// <summary>The protection case was closed.</summary>
/// <param name="Reason">goals-achieved, person-declined-further-assistance, returned-to-country-of-origin, moved-to-another-jurisdiction or contact-lost.</param>
public sealed record ProtectionCaseClosed(Guid CaseId, string Reason, DateTimeOffset ClosedAt);

/// <summary>A closed protection case was reopened; assistance resumes.</summary>
public sealed record ProtectionCaseReopened(Guid CaseId, DateTimeOffset ReopenedAt);
