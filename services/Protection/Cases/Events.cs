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
public sealed record ConsentNoted(Guid CaseId, Guid ConsentId, string Kind, IReadOnlyList<string> Organisations, string GivenBy, bool Withdrawn, DateTimeOffset NotedAt, IReadOnlyList<string>? Jurisdictions = null);

/// <param name="RespondBy">The provider's response time from the catalogue; unanswered by then, the referral is overdue.</param>
/// <param name="GenderSpecific">The person asked for a single-sex shelter, female or male (accommodation referrals); stored as Women/Men before, still read.</param>
/// <param name="ConsentId">The consent to referral it was made on; none for emergency help (<paramref name="Emergency"/>), which the person accepted itself.</param>
/// <param name="Emergency">Emergency help referred from the signal on (<see cref="ReferringInEmergency"/>): the help asked for.</param>
/// <param name="Interpreter">Who interpreted when the person was told of the help and accepted it.</param>
public sealed record ReferralRequested(Guid CaseId, Guid ReferralId, string ProviderOrganisation, Need Service, Guid? ConsentId, DateTimeOffset RequestedAt,
    string Jurisdiction = "", bool ChildCase = false, DateTimeOffset? RespondBy = null, GenderServed? GenderSpecific = null, EmergencyHelp? Emergency = null,
    Interpreter? Interpreter = null);

/// <summary>
/// Emergency help given from the signal on — before, and whatever, any identification decision — by the organisation
/// that records it (e.g. information given by the first responder, a night in the police's safe room), accepted by the person.
/// </summary>
public sealed record EmergencyAssistanceGiven(Guid CaseId, Guid AssistanceId, EmergencyHelp Help, string ByOrganisation, DateTimeOffset GivenAt, Interpreter? Interpreter = null);

public sealed record ReferralAnswered(Guid CaseId, Guid ReferralId, bool Accepted, DateTimeOffset AnsweredAt, DeclineReason? DeclineReason = null);

public sealed record ReferralConcluded(Guid CaseId, Guid ReferralId, bool Successful, DateTimeOffset ConcludedAt);

// Facts Identification published, noted on the protection case because decisions here depend on them: the child's status,
// guardian and best interests and the protection claims are the shared facts (ServiceDefaults/Cases/FactsFromIdentification.cs).

/// <summary>The reflection period as Identification reports it (started, extended, or ended with a reason code).</summary>
public sealed record ReflectionPeriodNoted(Guid CaseId, DateTimeOffset? EndsAt, string? EndedReason, DateTimeOffset NotedAt);

// Referrals beyond the request.

public sealed record ReferralStarted(Guid CaseId, Guid ReferralId, DateTimeOffset StartedAt);

/// <summary>No answer from the provider within its response time: an alert, the referral stays open.</summary>
public sealed record ReferralOverdue(Guid CaseId, Guid ReferralId, string ProviderOrganisation, DateTimeOffset DueAt, DateTimeOffset NotedAt);

// Safety, witness protection, long-term support, closure.

public sealed record SafetyPlanAgreed(Guid CaseId, int Revision, IReadOnlyList<SafetyPlanAction> Actions, bool GuardianParticipated, DateTimeOffset AgreedAt);

public sealed record WitnessProtectionGranted(Guid CaseId, Guid MeasureId, IReadOnlyList<WitnessMeasure> Measures, bool ForFamilyMembers, DateTimeOffset GrantedAt);

public sealed record WitnessProtectionEnded(Guid CaseId, Guid MeasureId, DateTimeOffset EndedAt);

/// <summary>A request to another state to relocate or protect the victim-witness (UNTOC art. 24(3)); carried by the transnational exchange.</summary>
public sealed record RelocationRequested(Guid CaseId, Guid RequestId, string FromJurisdiction, string ToJurisdiction, bool ForFamilyMembers, Guid ConsentId, DateTimeOffset RequestedAt);

/// <summary>The partner state's answer to a relocation request, received signed over the cross-border exchange (the decline reason is a code).</summary>
public sealed record RelocationAnswered(Guid CaseId, Guid RequestId, string ByJurisdiction, RelocationStatus Answer, string? ReasonCode, DateTimeOffset AnsweredAt);

/// <summary>
/// A request to another state's node to continue assisting the person who leaves for it (the services, as need codes),
/// on the person's consent to transfer to that state; carried by the transnational exchange.
/// </summary>
public sealed record ContinuityRequested(Guid CaseId, Guid RequestId, string FromJurisdiction, string ToJurisdiction, IReadOnlyList<Need> Services, Guid ConsentId, DateTimeOffset RequestedAt);

/// <summary>The other state's answer to a continuity request, received signed: accepted with the services it will provide, or declined (a reason code).</summary>
public sealed record ContinuityAnswered(Guid CaseId, Guid RequestId, string ByJurisdiction, bool Accepted, IReadOnlyList<Need> Services, string? ReasonCode, DateTimeOffset AnsweredAt);

public sealed record SupportPlanAgreed(Guid CaseId, int Revision, IReadOnlyList<SupportGoal> Goals, IReadOnlyList<Need> Services, DateTimeOffset NextReviewBy, bool GuardianParticipated, DateTimeOffset AgreedAt);

/// <summary>The support plan was reviewed with the person; it answers every open review of the case.</summary>
public sealed record SupportPlanReviewed(Guid CaseId, ReviewOutcome Outcome, DateTimeOffset? NextReviewBy, DateTimeOffset ReviewedAt);

public sealed record ProtectionCaseClosed(Guid CaseId, ClosureReason Reason, DateTimeOffset ClosedAt);

public sealed record ProtectionCaseReopened(Guid CaseId, DateTimeOffset ReopenedAt);

/// <summary>The partner did not answer this node's relocation or continuity request by its respond-by date (noted once; a late answer still counts).</summary>
public sealed record PartnerRequestOverdue(Guid CaseId, Guid RequestId, string ToJurisdiction, DateTimeOffset RespondBy, DateTimeOffset NotedAt);
