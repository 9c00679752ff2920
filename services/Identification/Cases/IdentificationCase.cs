namespace TransnationalReferral.Identification.Cases;

public enum SignalSource { Police, BorderGuard, LabourInspection, Ngo, SocialServices, Health, SelfReferral, ForeignAuthority }

public enum Sex { Female, Male, Other, Unknown }

public enum AgeGroup
{
    [JsonStringEnumMemberName("under-12")] Under12,
    [JsonStringEnumMemberName("12-17")] From12To17,
    [JsonStringEnumMemberName("18-24")] From18To24,
    [JsonStringEnumMemberName("25-34")] From25To34,
    [JsonStringEnumMemberName("35-49")] From35To49,
    [JsonStringEnumMemberName("50-64")] From50To64,
    [JsonStringEnumMemberName("65-plus")] From65,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>A person whose age is uncertain is a presumed child until an age assessment decides otherwise.</summary>

public enum CaseStage { Signalled, Informed, PresumedVictim, Identified, NotIdentified, UnderReconsideration }

public enum AssistanceQuestion { Identity, TravelRoute, RecruitmentCircumstances, FamilySituation, DocumentValidity }

public enum AssistanceOutcome { Confirmed, NotConfirmed, UnableToVerify }

public sealed record AssistanceRequest(Guid RequestId, string PartnerJurisdiction, DateTimeOffset DueAt, AssistanceOutcome? Outcome, bool Overdue)
{
    public bool IsOpen => Outcome is null;
}

/// <summary>Who asked for the person's own data: the person, the guardian of a child, or the person's lawyer.</summary>
public enum OwnDataRequester { Person, Guardian, Lawyer }

/// <summary>The form the own-data export was handed over in: printable (HTML) or for a system (JSON).</summary>
public enum OwnDataFormat { Html, Json }

/// <summary>A request for the person's own data, open until answered (due a month after it was received).</summary>
public sealed record OwnDataRequest(Guid RequestId, OwnDataRequester RequestedBy, string? RepresentativeOrganisation, string Language, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    DateTimeOffset? AnsweredAt = null, bool Overdue = false)
{
    public bool IsOpen => AnsweredAt is null;
}

public enum NotifiedParty { Person, FirstResponder, SupportProvider }

public enum ReconsiderationRequester { FirstResponder, SupportProvider, Person, Employer, Other }

public enum InformationFormat { Oral, Written, ChildFriendly }

public enum SharePurpose { Assistance, IdentificationAssistance, ReturnAndReintegration, Compensation, CriminalProceedings, Audit }

public enum ConsentKind { ReferralToServices, SharingWithOrganisations, CrossBorderTransfer }

public enum ConsentGiver { Person, Guardian }

/// <summary>Reasons personal data must be kept (GDPR art. 17(3)(b) and (e)).</summary>
public enum LegalHoldKind { CriminalProceedings, PendingCompensation }

public enum PersonalDataStatus { None, Recorded, Erased }

/// <summary>Why a reflection period ended: ran its course, the person's own informed choice, or the grounds CETS 197 art. 13(3) allows.</summary>
public enum ReflectionPeriodEndReason { Expired, PersonsInformedChoice, PublicOrder, VictimStatusClaimedImproperly }

public sealed record ReflectionPeriod(DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool WarningGiven, DateTimeOffset? EndedAt, ReflectionPeriodEndReason? EndReason)
{
    public bool IsRunning => EndedAt is null;
}

public sealed record Share(Guid GrantId, string? GranteeJurisdiction, string? GranteeOrganisation, SharePurpose Purpose, DateTimeOffset ExpiresAt, bool Revoked);

public sealed record Consent(Guid ConsentId, ConsentKind Kind, IReadOnlyList<string> Organisations, IReadOnlyList<string> Jurisdictions, ConsentGiver GivenBy, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt)
{
    public bool IsActive => WithdrawnAt is null;
}

public sealed record InformationOnRights(bool InterpreterUsed, InformationFormat Format, DateTimeOffset RecordedAt, string? Language = null, Interpreter? Interpreter = null);

/// <summary>How a family member is related to the person.</summary>
public enum FamilyRelation { Spouse, Partner, Child, Parent, Sibling, OtherRelative, Dependant }

/// <summary>What protects a family member (UNTOC art. 24(1) and 25; CETS 197 art. 28(1)(d)).</summary>
public enum FamilyProtectiveMeasure { PoliceProtection, ProtectionOrder, SafeAccommodation, SecureCommunication, NonDisclosureOfWhereabouts, WitnessProtection, FamilySafetyCheck }

/// <summary>Where a family member's relocation stands (UNTOC art. 24(2)(a)).</summary>
public enum FamilyRelocation { None, Requested, Relocated }

/// <summary>
/// A family member as a record under the person's case: relation, where they are (a country), the risk to them, what
/// protects them, their relocation. Codes only; their names and contact are in the person's vault record
/// (<see cref="PersonalDataFields"/> says which fields are there, never the values).
/// </summary>
public sealed record FamilyMember(Guid MemberId, FamilyRelation Relation, string? Country, RiskLevel Risk, IReadOnlyList<FamilyProtectiveMeasure> ProtectiveMeasures,
    FamilyRelocation Relocation, string? RelocatedTo, IReadOnlyList<string> PersonalDataFields, DateTimeOffset RecordedAt, DateTimeOffset? ReassessedAt = null);

/// <summary>An identification case as its events make it: one switch over the events.</summary>
public sealed record IdentificationCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    SignalSource Source,
    string SignallingOrganisation,
    Sex Sex,
    AgeGroup AgeGroup,
    ChildStatus ChildStatus,
    CaseStage Stage,
    DateTimeOffset OpenedAt,
    InformationOnRights? InformationOnRights,
    string OwnerOrganisation,
    IReadOnlyList<Share> Shares,
    IReadOnlyList<Consent> Consents,
    IReadOnlyList<LegalHoldKind> LegalHolds,
    PersonalDataStatus PersonalData,
    DateTimeOffset? RecognisedAt = null,
    ReflectionPeriod? ReflectionPeriod = null,
    string? GuardianOrganisation = null,
    DateTimeOffset? BestInterestsAssessedAt = null,
    IReadOnlyList<string>? NoContactWith = null,
    IReadOnlyList<AssistanceRequest>? AssistanceRequests = null,
    IReadOnlyList<string>? IndicatorsObserved = null,
    int Screenings = 0,
    bool LinkedToKnownPerson = false,
    IReadOnlyList<FamilyMember>? FamilyMembers = null,
    IReadOnlyList<OwnDataRequest>? OwnDataRequestsRecorded = null,
    IReadOnlyList<Attachment>? Attachments = null) : ICaseState, IEvolving<IdentificationCase>, IKeepsAttachments
{
    public bool IsTreatedAsChild => ChildStatus is ChildStatus.Child or ChildStatus.PresumedChild;

    /// <summary>For a child: a guardian appointed and the best interests assessed — before any decision on the child's future.</summary>
    public bool ChildSafeguardsInPlace => !IsTreatedAsChild || (GuardianOrganisation is not null && BestInterestsAssessedAt is not null);

    /// <summary>Jurisdictions whose authorities must never be contacted (international protection claimed against them).</summary>
    public IReadOnlyList<string> NoContact => NoContactWith ?? [];

    public IReadOnlyList<AssistanceRequest> Assistance => AssistanceRequests ?? [];

    /// <summary>The person's requests for their own data (<see cref="RecordingOwnDataRequest"/>).</summary>
    public IReadOnlyList<OwnDataRequest> OwnDataRequests => OwnDataRequestsRecorded ?? [];

    public bool HasActiveConsent(ConsentKind kind, Func<Consent, bool> covers) => Consents.Any(c => c.IsActive && c.Kind == kind && covers(c));

    public static IdentificationCase? Fold(IdentificationCase? state, object @event) => (state, @event) switch
    {
        (null, CaseOpened e) => new IdentificationCase(e.CaseId, e.VictimId, e.Jurisdiction, e.Source, e.SignallingOrganisation,
            e.Sex, e.AgeGroup, e.ChildStatus, CaseStage.Signalled, e.OpenedAt, null, e.OwnerOrganisation, [], [], [], PersonalDataStatus.None),
        ({ } s, InformationOnRightsRecorded e) => s with
        {
            Stage = s.Stage == CaseStage.Signalled ? CaseStage.Informed : s.Stage,
            InformationOnRights = new InformationOnRights(e.InterpreterUsed, e.Format, e.RecordedAt, e.Language, e.Interpreter),
        },
        ({ } s, CaseLinkedToPerson) => s with { LinkedToKnownPerson = true },
        ({ } s, CaseShared e) => s with { Shares = [.. s.Shares, new Share(e.GrantId, e.GranteeJurisdiction, e.GranteeOrganisation, e.Purpose, e.ExpiresAt, false)] },
        ({ } s, CaseShareRevoked e) => s with { Shares = s.Shares.Select(x => x.GrantId == e.GrantId ? x with { Revoked = true } : x).ToList() },
        ({ } s, ConsentRecorded e) => s with { Consents = [.. s.Consents, new Consent(e.ConsentId, e.Kind, e.Organisations, e.Jurisdictions, e.GivenBy, e.GivenAt, null)] },
        ({ } s, ConsentWithdrawn e) => s with { Consents = s.Consents.Select(c => c.ConsentId == e.ConsentId ? c with { WithdrawnAt = e.WithdrawnAt } : c).ToList() },
        ({ } s, LegalHoldPlaced e) => s with { LegalHolds = [.. s.LegalHolds.Where(k => k != e.Kind), e.Kind] },
        ({ } s, LegalHoldLifted e) => s with { LegalHolds = s.LegalHolds.Where(k => k != e.Kind).ToList() },
        ({ } s, PersonalDataRecorded) => s with { PersonalData = PersonalDataStatus.Recorded },
        ({ } s, FamilyMemberRecorded e) => s with
        {
            FamilyMembers = [.. s.FamilyMembers ?? [], new FamilyMember(e.MemberId, e.Relation, e.Country, e.Risk, e.ProtectiveMeasures, e.Relocation, e.RelocatedTo, e.PersonalDataFields, e.RecordedAt)],
        },
        ({ } s, FamilyMemberReassessed e) => s with
        {
            FamilyMembers = (s.FamilyMembers ?? []).Select(m => m.MemberId != e.MemberId ? m
                : m with { Country = e.Country ?? m.Country, Risk = e.Risk, ProtectiveMeasures = e.ProtectiveMeasures, Relocation = e.Relocation, RelocatedTo = e.RelocatedTo, ReassessedAt = e.ReassessedAt }).ToList(),
        },
        ({ } s, PersonalDataErased) => s with { PersonalData = PersonalDataStatus.Erased },
        ({ } s, PresumedVictimRecognised e) => s with { Stage = CaseStage.PresumedVictim, RecognisedAt = e.RecognisedAt },
        ({ } s, ReflectionPeriodStarted e) => s with { ReflectionPeriod = new ReflectionPeriod(e.StartsAt, e.EndsAt, false, null, null) },
        ({ ReflectionPeriod: { } p } s, ReflectionPeriodExtended e) => s with { ReflectionPeriod = p with { EndsAt = e.EndsAt, WarningGiven = false } },
        ({ ReflectionPeriod: { } p } s, ReflectionPeriodExpiring) => s with { ReflectionPeriod = p with { WarningGiven = true } },
        ({ ReflectionPeriod: { } p } s, ReflectionPeriodEnded e) => s with { ReflectionPeriod = p with { EndedAt = e.EndedAt, EndReason = e.Reason } },
        ({ } s, VictimIdentified) => s with { Stage = CaseStage.Identified },
        ({ } s, VictimNotIdentified) => s with { Stage = CaseStage.NotIdentified },
        ({ } s, ReconsiderationOpened) => s with { Stage = CaseStage.UnderReconsideration },
        ({ } s, AgeAssessed e) => s with { ChildStatus = e.ChildStatus },
        ({ } s, GuardianAppointed e) => s with { GuardianOrganisation = e.GuardianOrganisation },
        ({ } s, BestInterestsAssessed e) => s with { BestInterestsAssessedAt = e.AssessedAt },
        ({ } s, InternationalProtectionClaimed e) => s with { NoContactWith = [.. s.NoContact.Where(j => j != e.CountryOfClaimedPersecution), e.CountryOfClaimedPersecution] },
        ({ } s, IdentificationAssistanceRequested e) => s with { AssistanceRequests = [.. s.Assistance, new AssistanceRequest(e.RequestId, e.PartnerJurisdiction, e.DueAt, null, false)] },
        ({ } s, IdentificationAssistanceAnswerRecorded e) => s with { AssistanceRequests = s.Assistance.Select(r => r.RequestId == e.RequestId ? r with { Outcome = e.Outcome } : r).ToList() },
        ({ } s, IdentificationAssistanceOverdue e) => s with { AssistanceRequests = s.Assistance.Select(r => r.RequestId == e.RequestId ? r with { Overdue = true } : r).ToList() },
        ({ } s, IndicatorsScreened e) => s with { Screenings = s.Screenings + 1, IndicatorsObserved = (s.IndicatorsObserved ?? []).Union(e.Indicators).ToList() },
        ({ } s, OwnDataRequestRecorded e) => s with { OwnDataRequestsRecorded = [.. s.OwnDataRequests, new OwnDataRequest(e.RequestId, e.RequestedBy, e.RepresentativeOrganisation, e.Language, e.ReceivedAt, e.DueAt)] },
        ({ } s, OwnDataRequestAnswered e) => s with { OwnDataRequestsRecorded = s.OwnDataRequests.Select(r => r.RequestId == e.RequestId ? r with { AnsweredAt = e.AnsweredAt } : r).ToList() },
        ({ } s, OwnDataRequestOverdue e) => s with { OwnDataRequestsRecorded = s.OwnDataRequests.Select(r => r.RequestId == e.RequestId ? r with { Overdue = true } : r).ToList() },
        ({ } s, IAttachmentEvent e) => s with { Attachments = e.Apply(s.Attachments) },
        _ => state,
    };
}
