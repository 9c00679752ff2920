namespace TransnationalReferral.Protection.Cases;

// The Protection service's own domain events. Who decided and why travels in the metadata.

public sealed record ProtectionCaseOpened(
    Guid CaseId,
    Guid VictimId,
    string Jurisdiction,
    ChildStatus ChildStatus,
    DateTimeOffset OpenedAt);

/// <summary>Identification recognised the person as a presumed victim: entitled to assistance, unconditionally.</summary>
public sealed record AssistanceEntitled(Guid CaseId, DateTimeOffset EntitledAt);

/// <summary>A needs assessment (revision n): the needs found, across the assistance the person is entitled to.</summary>
public sealed record NeedsAssessed(Guid CaseId, int Revision, IReadOnlyList<Need> Needs, DateTimeOffset AssessedAt);

/// <summary>A risk assessment (revision n): level and factors, for the person and for family members. No narrative.</summary>
public sealed record RiskAssessed(Guid CaseId, int Revision, RiskLevel Level, IReadOnlyList<RiskFactor> Factors, bool FamilyAtRisk, DateTimeOffset AssessedAt);

/// <summary>The judicial service reported the person's cooperation status. Noted for information; it changes nothing else.</summary>
public sealed record CooperationStatusNoted(Guid CaseId, CooperationStatus Status, DateTimeOffset NotedAt);

public sealed record ResidencePermitIssued(Guid CaseId, string PermitType, DateTimeOffset ExpiresAt, DateTimeOffset IssuedAt);

public sealed record ResidencePermitRenewed(Guid CaseId, DateTimeOffset ExpiresAt, DateTimeOffset RenewedAt);

public sealed record ResidencePermitRefused(Guid CaseId, string PermitType, DateTimeOffset RefusedAt);

public sealed record ResidencePermitExpired(Guid CaseId, DateTimeOffset ExpiredAt);

/// <summary>A review of the case is due (e.g. the residence permit expired). Assistance continues meanwhile.</summary>
public sealed record CaseReviewOpened(Guid CaseId, string Reason, DateTimeOffset OpenedAt);

/// <summary>A consent recorded (or withdrawn) in Identification, as Protection needs to know it for referrals.</summary>
public sealed record ConsentNoted(Guid CaseId, Guid ConsentId, string Kind, IReadOnlyList<string> Organisations, string GivenBy, bool Withdrawn, DateTimeOffset NotedAt);

public sealed record ReferralRequested(Guid CaseId, Guid ReferralId, string ProviderOrganisation, Need Service, Guid ConsentId, DateTimeOffset RequestedAt);

public sealed record ReferralAnswered(Guid CaseId, Guid ReferralId, bool Accepted, DateTimeOffset AnsweredAt);

public sealed record ReferralConcluded(Guid CaseId, Guid ReferralId, bool Successful, DateTimeOffset ConcludedAt);
