namespace TransnationalReferral.Contracts.JudicialCooperation;

// Judicial cooperation requests between central authorities. Ids, codes and references only: documents travel as
// references with their classification and handling code, never as content; persons by pseudonymous case id.

/// <summary>A person a request concerns, by the pseudonymous case id; <c>Role</c>: victim, victim-witness, suspect, accused or person-sought.</summary>
public sealed record PersonConcerned(Guid CaseId, string Role);

/// <summary>A document or data item attached to a request: a reference (never content), its classification and handling code.</summary>
/// <param name="Handling">purpose-only, no-court-use-without-permission, no-onward-sharing, other or national-only.</param>
/// <param name="RedactedReference">The reference of its redacted version, once recorded (only that version crosses a border without a legal basis for the full version). Added (optional).</param>
/// <param name="FullVersionLegalBasis">The legal basis (a code) on which the full version may cross a border. Added (optional).</param>
public sealed record AttachmentReference(Guid AttachmentId, string Reference, string Classification, string Handling, bool ContainsVictimPersonalData,
    string? RedactedReference = null, string? FullVersionLegalBasis = null);

/// <summary>A request was drafted (published for the record: type and counterpart only).</summary>
public sealed record JudicialRequestDrafted(Guid RequestId, string Type, string Jurisdiction, string CounterpartJurisdiction, bool Urgent, DateTimeOffset DraftedAt);

/// <summary>
/// A request sent to the counterpart's central authority. <c>Type</c>: mla-evidence, mla-search-and-seizure,
/// mla-testimony, mla-video-testimony, mla-locate-persons, mla-records, mla-proceeds, mla-transfer-of-detained-person,
/// extradition, joint-investigation-team, transfer-of-proceedings, police-cooperation.
/// </summary>
public sealed record JudicialRequestSent(Guid RequestId, string Type, string FromJurisdiction, string ToJurisdiction, bool Urgent, DateTimeOffset RespondBy,
    IReadOnlyList<PersonConcerned> Persons, IReadOnlyList<AttachmentReference> Attachments, DateTimeOffset SentAt);

/// <summary>The requested state acknowledged the request.</summary>
public sealed record JudicialRequestAcknowledged(Guid RequestId, string AnsweringJurisdiction, DateTimeOffset AcknowledgedAt);

/// <summary>
/// Execution of the request started (published by the node that executes it; a requesting node that applies its
/// counterpart's answer publishes it too). Added for the answer that crosses the border as <c>accepted</c>.
/// </summary>
public sealed record JudicialRequestExecutionStarted(Guid RequestId, DateTimeOffset StartedAt);

/// <summary>The requested state executed the request (<c>Outcome</c>: executed or partially-executed).</summary>
public sealed record JudicialRequestExecuted(Guid RequestId, string AnsweringJurisdiction, string Outcome, DateTimeOffset ExecutedAt);

/// <summary>The requested state refused the request; <c>Grounds</c> is a code (e.g. non-punishment, dual-criminality, human-rights, insufficient-information).</summary>
public sealed record JudicialRequestRefused(Guid RequestId, string AnsweringJurisdiction, string Grounds, DateTimeOffset RefusedAt);

/// <summary>No answer by the response deadline (an alert; the request stays open).</summary>
public sealed record JudicialRequestOverdue(Guid RequestId, string CounterpartJurisdiction, DateTimeOffset DueBy);

/// <summary>A request was forwarded to a third jurisdiction (only attachments whose handling allows it).</summary>
public sealed record JudicialRequestForwarded(Guid RequestId, string FromJurisdiction, string ToJurisdiction, IReadOnlyList<Guid> AttachmentIds, DateTimeOffset ForwardedAt);

/// <summary>A victim impact assessment was recorded for a request (risk level and preferred modality only).</summary>
public sealed record VictimImpactAssessed(Guid RequestId, string RiskLevel, string PreferredModality, DateTimeOffset AssessedAt);

/// <summary>Testimony by video conference (UNTOC art. 18(18)) scheduled, or held.</summary>
public sealed record VideoTestimonyScheduled(Guid RequestId, Guid CaseId, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledAt);

public sealed record VideoTestimonyHeld(Guid RequestId, Guid CaseId, DateTimeOffset HeldAt);

/// <summary>The victim was notified (through their focal point or lawyer) of an offender's surrender, release or transfer.</summary>
public sealed record VictimNotifiedOfOffenderMovement(Guid RequestId, Guid CaseId, string Movement, string NotifiedThrough, DateTimeOffset NotifiedAt);

/// <summary>A request concerns a person recognised as a victim: it cannot be executed until a non-punishment review is recorded.</summary>
public sealed record NonPunishmentReviewRequired(Guid RequestId, Guid CaseId, DateTimeOffset FlaggedAt);

/// <summary>The non-punishment review: was the offence a direct consequence of being trafficked?</summary>
public sealed record NonPunishmentReviewDecided(Guid RequestId, Guid CaseId, bool OffenceCompelledByTrafficking, DateTimeOffset DecidedAt);

/// <summary>A joint investigation team was established; members by jurisdiction.</summary>
/// <param name="MemberOrganisations">Member organisations by code. Added (optional).</param>
/// <param name="RecordedIn">The jurisdiction whose node established it (another state's, when its signed update was recorded here). Added (optional).</param>
public sealed record JointInvestigationTeamEstablished(Guid RequestId, IReadOnlyList<string> MemberJurisdictions, DateTimeOffset EstablishedAt,
    IReadOnlyList<string>? MemberOrganisations = null, string? RecordedIn = null);

/// <summary>Criminal proceedings were transferred to (or from) the counterpart.</summary>
public sealed record ProceedingsTransferred(Guid RequestId, string FromJurisdiction, string ToJurisdiction, DateTimeOffset TransferredAt);

/// <summary>
/// A request from another state registered at this node (heard on its bus or signed over the cross-border exchange).
/// <c>VictimCaseIds</c>: the cases of the victims and victim-witnesses it names, whose notification duties start with it.
/// Added (notifications).
/// </summary>
public sealed record JudicialRequestReceived(Guid RequestId, string Type, string FromJurisdiction, string ToJurisdiction, bool Urgent, DateTimeOffset RespondBy,
    IReadOnlyList<Guid> VictimCaseIds, DateTimeOffset ReceivedAt);

/// <summary>
/// The requested state's notification of the victim of the offender's surrender, release or transfer reached this node
/// (the requesting one) over the cross-border exchange: the victim's focal point or lawyer here (<c>NotifiedThrough</c>:
/// focal-point or lawyer) passes it on. Added (notifications).
/// </summary>
public sealed record VictimNotificationReceivedFromPartner(Guid RequestId, Guid CaseId, string Movement, string NotifiedThrough, string FromJurisdiction,
    DateTimeOffset NotifiedAt, DateTimeOffset ReceivedAt);

/// <summary>
/// The counterpart's answer recorded on one of this node's outgoing requests, heard on the bus or received signed over
/// the cross-border exchange (<c>Jurisdiction</c>: the requesting state, this node's; <c>Answer</c>: acknowledged,
/// executed, partially-executed or refused). Added (notifications: the prosecutor is told, whichever way it came).
/// </summary>
public sealed record JudicialRequestAnswered(Guid RequestId, string Jurisdiction, string Answer, DateTimeOffset AnsweredAt);
