namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Where the protection case stands. A case opened from a signal awaits the reasonable-grounds decision
/// that entitles the person to assistance (which never depends on cooperating with the authorities).
/// </summary>
public enum ProtectionStage { AwaitingEntitlement, Entitled, Closed }

public enum Need { SafeAccommodation, Medical, Psychological, LegalCounselling, LegalAid, Interpretation, MaterialAssistance, Education, EmploymentAndTraining, FamilyTracing }

public enum RiskFactor { Violence, ReTrafficking, WitnessIntimidation, ThreatsToFamily, Stigma }

public enum CooperationStatus { Cooperating, Declined, Withdrawn }

public sealed record NotedConsent(Guid ConsentId, string Kind, IReadOnlyList<string> Organisations, string GivenBy, bool Withdrawn, IReadOnlyList<string>? Jurisdictions = null);

public enum ReferralStatus { Requested, Accepted, InProgress, Declined, Completed, NotSuccessful }

public enum DeclineReason { NoCapacity, NotEligible, ServiceNotOffered, LanguageNotAvailable, SafetyConcern, Other }

/// <summary>Who a provider's services are for, as the catalogue says (and what a person may ask of a shelter).</summary>
/// <summary>
/// Whom a shelter serves, or the single-sex shelter a person asks for: the same words as the case's <c>sex</c>
/// (<c>female</c>, <c>male</c>). Stored before as <c>Women</c>/<c>Men</c> (then <c>GenderServed</c>): still read.
/// </summary>
public enum SexServed { Any, [FormerlyStoredAs("Women")] Female, [FormerlyStoredAs("Men")] Male }

/// <param name="Version">
/// The referral's own version: the number of events about it (requested, answered, started, concluded, overdue). A
/// provider decides on it with If-Match; what moves only the rest of the case (facts heard from Identification, other
/// referrals, the case worker's decisions) leaves it as it is. <see cref="ReferralRecord.ReferralVersion"/> counts the same events.
/// </param>
/// <param name="Emergency">Referred as emergency help from the signal on (<see cref="ReferringInEmergency"/>): on the person's acceptance of the help itself.</param>
public sealed record Referral(Guid ReferralId, string ProviderOrganisation, Need Service, ReferralStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? RespondBy = null, bool Overdue = false,
    long Version = 1, bool Emergency = false)
{
    public bool IsOpen => Status is ReferralStatus.Requested or ReferralStatus.Accepted or ReferralStatus.InProgress;
}

/// <summary>
/// Emergency help from the signal on (CETS 197 art. 12(1)(a)–(d)): a safe place, medical care, an interpreter,
/// information. Referred, each is a referral for the need it answers (<see cref="EmergencyHelps.ServiceNeeded"/>).
/// </summary>
public enum EmergencyHelp { SafePlace, MedicalCare, Interpreter, Information }

public static class EmergencyHelps
{
    /// <summary>The catalogue's service a provider must offer to be referred this help.</summary>
    public static Need ServiceNeeded(this EmergencyHelp help) => help switch
    {
        EmergencyHelp.SafePlace => Need.SafeAccommodation,
        EmergencyHelp.MedicalCare => Need.Medical,
        EmergencyHelp.Interpreter => Need.Interpretation,
        _ => Need.LegalCounselling,
    };
}

/// <summary>Emergency help given (by the organisation that recorded it) or referred (<see cref="ReferralId"/>), with the interpreter who took part.</summary>
public sealed record EmergencyAssistance(Guid AssistanceId, EmergencyHelp Help, string ByOrganisation, DateTimeOffset At, Guid? ReferralId = null, Interpreter? Interpreter = null);

public enum PermitStatus { Valid, Expired, Refused }

public sealed record ResidencePermit(string PermitType, PermitStatus Status, DateTimeOffset? ExpiresAt);

public sealed record NeedsAssessment(int Revision, IReadOnlyList<Need> Needs, DateTimeOffset AssessedAt);

public sealed record RiskAssessment(int Revision, RiskLevel Level, IReadOnlyList<RiskFactor> Factors, bool FamilyAtRisk, DateTimeOffset AssessedAt);

public sealed record ReflectionPeriod(DateTimeOffset? EndsAt, string? EndedReason);

public enum SafetyAction
{
    SafeAccommodation, SecureCommunication, AccompaniedMovement, PoliceProtection, ProtectionOrder,
    FamilySafetyCheck, EmergencyContactArrangement, DigitalSafety, ChangeOfDailyRoutine, IdentityProtectionInProceedings,
}

/// <summary>One action of a safety plan: what, who carries it out (an organisation or role code), by when.</summary>
public sealed record SafetyPlanAction(SafetyAction Action, string Owner, DateTimeOffset DueBy);

public sealed record SafetyPlan(int Revision, IReadOnlyList<SafetyPlanAction> Actions, bool GuardianParticipated, DateTimeOffset AgreedAt);

public enum WitnessMeasure
{
    PhysicalProtection, Relocation, IdentityProtectionInProceedings, NonDisclosureOfWhereabouts,
    TestimonyByVideoLink, TestimonyWithoutVisualContact, PoliceEscort,
}

public sealed record WitnessProtection(Guid MeasureId, IReadOnlyList<WitnessMeasure> Measures, bool ForFamilyMembers, DateTimeOffset GrantedAt, DateTimeOffset? EndedAt = null);

public enum RelocationStatus { Requested, Accepted, Declined, Arranged }

/// <summary>A relocation request to another state and where its answer stands (the partner's signed answers; a decline reason code).</summary>
public sealed record Relocation(Guid RequestId, string ToJurisdiction, bool ForFamilyMembers, DateTimeOffset RequestedAt,
    RelocationStatus Status = RelocationStatus.Requested, string? DeclineReason = null, DateTimeOffset? AnsweredAt = null, DateTimeOffset? OverdueSince = null);

public enum ContinuityStatus { Requested, Accepted, Declined }

/// <summary>A request to another state's node to continue assistance: the services asked for and, once answered, those it will provide.</summary>
public sealed record ContinuityRequest(Guid RequestId, string ToJurisdiction, IReadOnlyList<Need> Services, DateTimeOffset RequestedAt,
    ContinuityStatus Status = ContinuityStatus.Requested, IReadOnlyList<Need>? ServicesProvided = null, string? DeclineReason = null, DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? OverdueSince = null);

public enum SupportGoal { SafeHousing, Health, Education, Employment, Income, LegalProceedings, Compensation, FamilyReunification, LanguageLearning, SocialInclusion }

public enum ReviewOutcome { OnTrack, PartlyAchieved, NeedsRevision, GoalsAchieved }

public sealed record SupportReview(ReviewOutcome Outcome, DateTimeOffset ReviewedAt);

public sealed record SupportPlan(int Revision, IReadOnlyList<SupportGoal> Goals, IReadOnlyList<Need> Services, DateTimeOffset NextReviewBy, bool GuardianParticipated, DateTimeOffset AgreedAt, IReadOnlyList<SupportReview> Reviews);

/// <summary>Why a protection case closes. There is deliberately no code for "stopped cooperating": assistance never depends on it.</summary>
public enum ClosureReason { GoalsAchieved, PersonDeclinedFurtherAssistance, ReturnedToCountryOfOrigin, MovedToAnotherJurisdiction, ContactLost }

public sealed record Closure(ClosureReason Reason, DateTimeOffset ClosedAt);

/// <summary>
/// The protection case: entitlement, needs and risk, safety and support plans, referrals, residence status,
/// witness protection — and, noted from Identification, the child facts and reflection period that decisions
/// here depend on. Folded from the case's Protection stream; no personal data.
/// </summary>
public sealed record ProtectionCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    ChildStatus ChildStatus,
    ProtectionStage Stage,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EntitledAt = null,
    NeedsAssessment? Needs = null,
    RiskAssessment? Risk = null,
    int Revisions = 0,
    CooperationStatus? Cooperation = null,
    ResidencePermit? Permit = null,
    IReadOnlyList<string>? OpenReviews = null,
    IReadOnlyList<NotedConsent>? Consents = null,
    IReadOnlyList<Referral>? Referrals = null,
    string? GuardianOrganisation = null,
    DateTimeOffset? BestInterestsAssessedAt = null,
    ReflectionPeriod? ReflectionPeriod = null,
    SafetyPlan? SafetyPlan = null,
    IReadOnlyList<WitnessProtection>? WitnessProtection = null,
    IReadOnlyList<Relocation>? Relocations = null,
    SupportPlan? SupportPlan = null,
    Closure? Closure = null,
    IReadOnlyList<string>? ProtectionClaimedFrom = null,
    IReadOnlyList<ContinuityRequest>? ContinuityRequests = null,
    IReadOnlyList<EmergencyAssistance>? EmergencyAssistance = null,
    DateTimeOffset? FirstPlacedAt = null,
    IReadOnlyList<Attachment>? Attachments = null) : IHearsIdentification, IEvolving<ProtectionCase>, IKeepsAttachments
{
    public bool IsChild => ChildStatus is ChildStatus.Child or ChildStatus.PresumedChild;

    private ProtectionCase WithReferral(Guid referralId, Func<Referral, Referral> change) =>
        this with { Referrals = (Referrals ?? []).Select(r => r.ReferralId == referralId ? change(r) with { Version = r.Version + 1 } : r).ToList() };

    public static ProtectionCase? Fold(ProtectionCase? state, object @event) => (state, @event) switch
    {
        (null, ProtectionCaseOpened e) => new ProtectionCase(e.CaseId, e.VictimId, e.Jurisdiction, e.ChildStatus, ProtectionStage.AwaitingEntitlement, e.OpenedAt),
        ({ } s, AssistanceEntitled e) => s with { Stage = ProtectionStage.Entitled, EntitledAt = e.EntitledAt },
        ({ } s, NeedsAssessed e) => s with { Needs = new NeedsAssessment(e.Revision, e.Needs, e.AssessedAt), Revisions = s.Revisions + 1 },
        ({ } s, RiskAssessed e) => s with { Risk = new RiskAssessment(e.Revision, e.Level, e.Factors, e.FamilyAtRisk, e.AssessedAt), Revisions = s.Revisions + 1 },
        ({ } s, CooperationStatusNoted e) => s with { Cooperation = e.Status },
        ({ } s, ResidencePermitIssued e) => s with { Permit = new ResidencePermit(e.PermitType, PermitStatus.Valid, e.ExpiresAt) },
        ({ Permit: { } p } s, ResidencePermitRenewed e) => s with { Permit = p with { Status = PermitStatus.Valid, ExpiresAt = e.ExpiresAt } },
        ({ } s, ResidencePermitRefused e) => s with { Permit = new ResidencePermit(e.PermitType, PermitStatus.Refused, null) },
        ({ Permit: { } p } s, ResidencePermitExpired) => s with { Permit = p with { Status = PermitStatus.Expired } },
        ({ } s, CaseReviewOpened e) => s with { OpenReviews = [.. (s.OpenReviews ?? []).Where(r => r != e.Reason), e.Reason] },
        ({ } s, ConsentNoted e) => s with { Consents = [.. (s.Consents ?? []).Where(c => c.ConsentId != e.ConsentId), new NotedConsent(e.ConsentId, e.Kind, e.Organisations, e.GivenBy, e.Withdrawn, e.Jurisdictions)] },
        ({ } s, ReferralRequested e) => s with
        {
            Referrals = [.. s.Referrals ?? [], new Referral(e.ReferralId, e.ProviderOrganisation, e.Service, ReferralStatus.Requested, e.RequestedAt, e.RespondBy, Emergency: e.Emergency is not null)],
            EmergencyAssistance = e.Emergency is { } help
                ? [.. s.EmergencyAssistance ?? [], new EmergencyAssistance(e.ReferralId, help, e.ProviderOrganisation, e.RequestedAt, e.ReferralId, e.Interpreter)]
                : s.EmergencyAssistance,
        },
        ({ } s, ReferralAnswered e) => s.WithReferral(e.ReferralId, r => r with { Status = e.Accepted ? ReferralStatus.Accepted : ReferralStatus.Declined }) with
        {
            FirstPlacedAt = s.FirstPlacedAt ?? (e.Accepted && s.Referrals?.FirstOrDefault(r => r.ReferralId == e.ReferralId)?.Service == Need.SafeAccommodation ? e.AnsweredAt : null),
        },
        ({ } s, EmergencyAssistanceGiven e) => s with
        {
            EmergencyAssistance = [.. s.EmergencyAssistance ?? [], new EmergencyAssistance(e.AssistanceId, e.Help, e.ByOrganisation, e.GivenAt, Interpreter: e.Interpreter)],
            FirstPlacedAt = s.FirstPlacedAt ?? (e.Help == EmergencyHelp.SafePlace ? e.GivenAt : null),
        },
        ({ } s, ReferralStarted e) => s.WithReferral(e.ReferralId, r => r with { Status = ReferralStatus.InProgress }),
        ({ } s, ReferralConcluded e) => s.WithReferral(e.ReferralId, r => r with { Status = e.Successful ? ReferralStatus.Completed : ReferralStatus.NotSuccessful }),
        ({ } s, ReferralOverdue e) => s.WithReferral(e.ReferralId, r => r with { Overdue = true }),
        ({ } s, ChildStatusNoted e) => s with { ChildStatus = e.ChildStatus },
        ({ } s, GuardianNoted e) => s with { GuardianOrganisation = e.GuardianOrganisation },
        ({ } s, BestInterestsAssessmentNoted e) => s with { BestInterestsAssessedAt = e.AssessedAt },
        ({ } s, ReflectionPeriodNoted e) => s with { ReflectionPeriod = new ReflectionPeriod(e.EndsAt ?? s.ReflectionPeriod?.EndsAt, e.EndedReason) },
        ({ } s, SafetyPlanAgreed e) => s with { SafetyPlan = new SafetyPlan(e.Revision, e.Actions, e.GuardianParticipated, e.AgreedAt) },
        ({ } s, WitnessProtectionGranted e) => s with { WitnessProtection = [.. s.WitnessProtection ?? [], new WitnessProtection(e.MeasureId, e.Measures, e.ForFamilyMembers, e.GrantedAt)] },
        ({ } s, WitnessProtectionEnded e) => s with { WitnessProtection = (s.WitnessProtection ?? []).Select(m => m.MeasureId == e.MeasureId ? m with { EndedAt = e.EndedAt } : m).ToList() },
        ({ } s, RelocationRequested e) => s with { Relocations = [.. s.Relocations ?? [], new Relocation(e.RequestId, e.ToJurisdiction, e.ForFamilyMembers, e.RequestedAt)] },
        ({ } s, RelocationAnswered e) => s with
        {
            Relocations = (s.Relocations ?? []).Select(r => r.RequestId == e.RequestId ? r with { Status = e.Answer, DeclineReason = e.ReasonCode, AnsweredAt = e.AnsweredAt } : r).ToList(),
        },
        ({ } s, ContinuityRequested e) => s with { ContinuityRequests = [.. s.ContinuityRequests ?? [], new ContinuityRequest(e.RequestId, e.ToJurisdiction, e.Services, e.RequestedAt)] },
        ({ } s, ContinuityAnswered e) => s with
        {
            ContinuityRequests = (s.ContinuityRequests ?? []).Select(r => r.RequestId != e.RequestId ? r : r with
            {
                Status = e.Accepted ? ContinuityStatus.Accepted : ContinuityStatus.Declined, ServicesProvided = e.Services, DeclineReason = e.ReasonCode, AnsweredAt = e.AnsweredAt,
            }).ToList(),
        },
        ({ } s, PartnerRequestOverdue e) => s with
        {
            Relocations = (s.Relocations ?? []).Select(r => r.RequestId == e.RequestId ? r with { OverdueSince = e.RespondBy } : r).ToList(),
            ContinuityRequests = (s.ContinuityRequests ?? []).Select(r => r.RequestId == e.RequestId ? r with { OverdueSince = e.RespondBy } : r).ToList(),
        },
        ({ } s, ProtectionClaimNoted e) => s with { ProtectionClaimedFrom = [.. (s.ProtectionClaimedFrom ?? []).Where(c => c != e.Country), e.Country] },
        ({ } s, SupportPlanAgreed e) => s with { SupportPlan = new SupportPlan(e.Revision, e.Goals, e.Services, e.NextReviewBy, e.GuardianParticipated, e.AgreedAt, s.SupportPlan?.Reviews ?? []) },
        ({ SupportPlan: { } p } s, SupportPlanReviewed e) => s with
        {
            SupportPlan = p with { Reviews = [.. p.Reviews, new SupportReview(e.Outcome, e.ReviewedAt)], NextReviewBy = e.NextReviewBy ?? p.NextReviewBy },
            OpenReviews = [],
        },
        ({ } s, ProtectionCaseClosed e) => s with { Stage = ProtectionStage.Closed, Closure = new Closure(e.Reason, e.ClosedAt) },
        ({ } s, ProtectionCaseReopened) => s with { Stage = ProtectionStage.Entitled, Closure = null },
        ({ } s, IAttachmentEvent e) => s with { Attachments = e.Apply(s.Attachments) },
        _ => state,
    };
}
