namespace TransnationalReferral.JudicialCooperation.Requests;

public enum Direction { Outgoing, Incoming }

public enum RequestType
{
    MlaEvidence, MlaSearchAndSeizure, MlaTestimony, MlaVideoTestimony, MlaLocatePersons, MlaRecords, MlaProceeds, MlaTransferOfDetainedPerson,
    Extradition, JointInvestigationTeam, TransferOfProceedings, PoliceCooperation,
}

public enum RequestStage { Drafted, Sent, Acknowledged, UnderExecution, Executed, PartiallyExecuted, Refused, Closed }

public enum PersonRole { Victim, VictimWitness, Suspect, Accused, PersonSought }

public enum Modality { VideoConference, InPerson, WrittenStatement }


public enum ProtectiveMeasure { VideoTestimony, NoFaceToFace, AnonymityInProceedings, Escort, SupportPersonPresent, ClosedHearing, NoContactWithSuspect }

public enum Movement { Surrender, Release, Transfer }

public enum NotifiedThrough { FocalPoint, Lawyer }

/// <summary>The requested state's notification of the victim (through their focal point or lawyer here), as its signed message said.</summary>
public sealed record ReceivedVictimNotification(Guid CaseId, Movement Movement, NotifiedThrough Through, string FromJurisdiction, DateTimeOffset NotifiedAt, DateTimeOffset ReceivedAt);

/// <summary>
/// A partner's request carried keyed hashes of persons it prosecutes or seeks: Identification is asked whether they are
/// victims recognised here (<c>pending</c>: execution waits for the answer), then <c>answered</c>.
/// </summary>
public enum IdentityMatchStage { Pending, Answered }

public enum RefusalGrounds { NonPunishment, DualCriminality, HumanRights, InsufficientInformation, OngoingProceedings, Other, NeBisInIdem }

public sealed record Person(Guid CaseId, PersonRole Role)
{
    public bool IsVictim => Role is PersonRole.Victim or PersonRole.VictimWitness;
    public bool IsProsecuted => Role is PersonRole.Suspect or PersonRole.Accused or PersonRole.PersonSought;
}

public sealed record ImpactAssessment(RiskLevel Level, IReadOnlyList<ProtectiveMeasure> Measures, Modality PreferredModality, DateTimeOffset AssessedAt);

public sealed record Testimony(Guid CaseId, Modality Modality, bool VictimAskedOtherwise, DateTimeOffset ScheduledFor, DateTimeOffset? HeldAt = null);

/// <summary>A non-punishment review of a person recognised as a victim: required (Compelled null) or decided.</summary>
public sealed record NonPunishmentReview(Guid CaseId, bool? OffenceCompelledByTrafficking = null);

/// <summary>
/// A request between central authorities, outgoing (we ask) or incoming (we are asked): its type, counterpart,
/// the persons concerned by pseudonymous case id, attachments by reference with their handling codes, the victim
/// impact assessment, testimonies, non-punishment reviews, the victim's safety and notification before an
/// offender's surrender, and the response deadline. No personal data.
/// </summary>
public sealed record JudicialRequest(
    Guid Id,
    Direction Direction,
    RequestType Type,
    string Jurisdiction,
    string Counterpart,
    bool Urgent,
    RequestStage Stage,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Person> Persons,
    IReadOnlyList<Attachment>? Attachments = null,
    ImpactAssessment? Impact = null,
    DateTimeOffset? RespondBy = null,
    bool Overdue = false,
    IReadOnlyList<Testimony>? Testimonies = null,
    IReadOnlyList<NonPunishmentReview>? Reviews = null,
    IReadOnlyList<Guid>? VictimSafetyAssessed = null,
    IReadOnlyList<Guid>? VictimsNotified = null,
    Movement? OffenderMovement = null,
    IReadOnlyList<string>? JitMembers = null,
    IReadOnlyList<string>? ForwardedTo = null,
    RefusalGrounds? Refusal = null,
    IReadOnlyList<ReceivedVictimNotification>? VictimNotificationsReceived = null,
    IReadOnlyList<string>? JitOrganisations = null,
    IReadOnlyList<JitSharing>? JitSharingLog = null,
    IReadOnlyList<ForumCriterion>? ForumCriteria = null,
    bool FinalJudgmentForSameActs = false,
    IdentityMatchStage? IdentityMatch = null) : ICaseState, IEvolving<JudicialRequest>, IKeepsAttachments
{
    public bool InvolvesVictims => Persons.Any(p => p.IsVictim);

    public static JudicialRequest? Fold(JudicialRequest? state, object @event) => (state, @event) switch
    {
        (null, RequestDrafted e) => new JudicialRequest(e.RequestId, Direction.Outgoing, e.Type, e.Jurisdiction, e.Counterpart, e.Urgent, RequestStage.Drafted, e.DraftedAt, e.Persons),
        (null, IncomingRequestRegistered e) => new JudicialRequest(e.RequestId, Direction.Incoming, e.Type, e.Jurisdiction, e.Counterpart, e.Urgent, RequestStage.Sent, e.ReceivedAt, e.Persons,
            e.Attachments, RespondBy: e.RespondBy),
        ({ } s, AttachmentAdded e) => s with { Attachments = [.. s.Attachments ?? [], e.Attachment] },
        ({ } s, IAttachmentEvent e) => s with { Attachments = e.Apply(s.Attachments) },
        ({ } s, VictimImpactAssessed e) => s with { Impact = new ImpactAssessment(e.Level, e.Measures, e.PreferredModality, e.AssessedAt) },
        ({ } s, RequestSent e) => s with { Stage = RequestStage.Sent, RespondBy = e.RespondBy },
        ({ } s, RequestAcknowledged) => s with { Stage = RequestStage.Acknowledged },
        ({ } s, RequestExecutionStarted) => s with { Stage = RequestStage.UnderExecution },
        ({ } s, RequestExecuted e) => s with { Stage = e.Partially ? RequestStage.PartiallyExecuted : RequestStage.Executed, Overdue = false },
        ({ } s, RequestRefused e) => s with { Stage = RequestStage.Refused, Refusal = e.Grounds, Overdue = false },
        ({ } s, RequestOverdue) => s with { Overdue = true },
        ({ } s, RequestForwarded e) => s with { ForwardedTo = [.. s.ForwardedTo ?? [], e.ToJurisdiction] },
        ({ } s, NonPunishmentReviewRequired e) => s with { Reviews = [.. (s.Reviews ?? []).Where(r => r.CaseId != e.CaseId), new NonPunishmentReview(e.CaseId)] },
        ({ } s, NonPunishmentReviewDecided e) => s with { Reviews = [.. (s.Reviews ?? []).Where(r => r.CaseId != e.CaseId), new NonPunishmentReview(e.CaseId, e.OffenceCompelledByTrafficking)] },
        ({ } s, TestimonyScheduled e) => s with { Testimonies = [.. (s.Testimonies ?? []).Where(t => t.CaseId != e.CaseId), new Testimony(e.CaseId, e.Modality, e.VictimAskedOtherwise, e.ScheduledFor)] },
        ({ } s, TestimonyHeld e) => s with
        {
            // On an outgoing request the testimony is scheduled by the requested state: the held one, as its answer says, is all this node knows of it.
            Testimonies = (s.Testimonies ?? []).Any(t => t.CaseId == e.CaseId)
                ? (s.Testimonies ?? []).Select(t => t.CaseId == e.CaseId ? t with { HeldAt = e.HeldAt } : t).ToList()
                : [.. s.Testimonies ?? [], new Testimony(e.CaseId, e.Modality, false, e.HeldAt, e.HeldAt)],
        },
        ({ } s, VictimSafetyAssessed e) => s with { VictimSafetyAssessed = [.. (s.VictimSafetyAssessed ?? []).Where(c => c != e.CaseId), e.CaseId] },
        ({ } s, VictimNotified e) => s with { VictimsNotified = [.. (s.VictimsNotified ?? []).Where(c => c != e.CaseId), e.CaseId] },
        ({ } s, VictimNotificationReceived e) => s with
        {
            VictimNotificationsReceived = [.. (s.VictimNotificationsReceived ?? []).Where(n => n.CaseId != e.CaseId || n.Movement != e.Movement),
                new ReceivedVictimNotification(e.CaseId, e.Movement, e.Through, e.FromJurisdiction, e.NotifiedAt, e.ReceivedAt)],
        },
        ({ } s, IdentityMatchRequested) => s with { IdentityMatch = IdentityMatchStage.Pending },
        ({ } s, IdentityMatchAnswered) => s with { IdentityMatch = IdentityMatchStage.Answered },
        ({ } s, OffenderMovementDecided e) => s with { OffenderMovement = e.Movement },
        ({ } s, JitEstablished e) => s with { JitMembers = e.MemberJurisdictions, JitOrganisations = e.MemberOrganisations ?? s.JitOrganisations },
        ({ } s, JitInformationShared e) => s with
        {
            JitSharingLog = [.. (s.JitSharingLog ?? []).Where(x => x.EntryId != e.EntryId), new JitSharing(e.EntryId, e.FromMember, e.ToMember, e.Category, e.HandlingCode, e.SharedAt, e.RecordedIn)],
        },
        ({ } s, ForumCriteriaRecorded e) => s with
        {
            ForumCriteria = [.. (s.ForumCriteria ?? []).Union(e.Criteria).Order()], FinalJudgmentForSameActs = s.FinalJudgmentForSameActs || e.FinalJudgmentForSameActs,
        },
        ({ } s, RequestClosed) => s with { Stage = RequestStage.Closed },
        _ => state,
    };
}
