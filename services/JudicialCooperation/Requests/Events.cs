namespace TransnationalReferral.JudicialCooperation.Requests;

// The events of a judicial request's stream and of a request to return proceeds. Stored streams are read by these type names: never rename them or move them to another namespace.

public sealed record RequestDrafted(Guid RequestId, RequestType Type, string Jurisdiction, string Counterpart, bool Urgent, IReadOnlyList<Person> Persons, DateTimeOffset DraftedAt);

public sealed record IncomingRequestRegistered(Guid RequestId, RequestType Type, string Jurisdiction, string Counterpart, bool Urgent, IReadOnlyList<Person> Persons,
    IReadOnlyList<Attachment> Attachments, DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);

/// <summary>An attachment added before attachments were shared by every service: read as stored; new ones are <see cref="DocumentAttached"/>.</summary>
public sealed record AttachmentAdded(Guid RequestId, Attachment Attachment, DateTimeOffset AddedAt);

public sealed record VictimImpactAssessed(Guid RequestId, RiskLevel Level, IReadOnlyList<ProtectiveMeasure> Measures, Modality PreferredModality, DateTimeOffset AssessedAt);

public sealed record RequestSent(Guid RequestId, RequestType Type, string Jurisdiction, string Counterpart, bool Urgent, DateTimeOffset RespondBy, IReadOnlyList<Person> Persons,
    IReadOnlyList<Attachment> Attachments, DateTimeOffset SentAt);

public sealed record RequestAcknowledged(Guid RequestId, Direction Direction, string Jurisdiction, DateTimeOffset AcknowledgedAt);

public sealed record RequestExecutionStarted(Guid RequestId, DateTimeOffset StartedAt);

public sealed record RequestExecuted(Guid RequestId, Direction Direction, string Jurisdiction, bool Partially, DateTimeOffset ExecutedAt);

public sealed record RequestRefused(Guid RequestId, Direction Direction, string Jurisdiction, RefusalGrounds Grounds, DateTimeOffset RefusedAt);

public sealed record RequestOverdue(Guid RequestId, string Counterpart, DateTimeOffset DueBy, DateTimeOffset NotedAt);

public sealed record RequestForwarded(Guid RequestId, string FromJurisdiction, string ToJurisdiction, IReadOnlyList<Guid> AttachmentIds, DateTimeOffset ForwardedAt);

public sealed record NonPunishmentReviewRequired(Guid RequestId, Guid CaseId, DateTimeOffset FlaggedAt);

public sealed record NonPunishmentReviewDecided(Guid RequestId, Guid CaseId, bool OffenceCompelledByTrafficking, DateTimeOffset DecidedAt);

public sealed record TestimonyScheduled(Guid RequestId, Guid CaseId, Modality Modality, bool VictimAskedOtherwise, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledAt);

public sealed record TestimonyHeld(Guid RequestId, Guid CaseId, Modality Modality, DateTimeOffset HeldAt);

public sealed record VictimSafetyAssessed(Guid RequestId, Guid CaseId, RiskLevel Level, DateTimeOffset AssessedAt);

public sealed record VictimNotified(Guid RequestId, Guid CaseId, Movement Movement, NotifiedThrough Through, DateTimeOffset NotifiedAt);

public sealed record OffenderMovementDecided(Guid RequestId, Movement Movement, DateTimeOffset DecidedAt);

/// <param name="MemberOrganisations">Member organisations by code. Added (null on older events).</param>
/// <param name="RecordedIn">The jurisdiction whose node established it (null on older events: this node).</param>
public sealed record JitEstablished(Guid RequestId, IReadOnlyList<string> MemberJurisdictions, DateTimeOffset EstablishedAt, IReadOnlyList<string>? MemberOrganisations = null, string? RecordedIn = null);

public sealed record ProceedingsTransferred(Guid RequestId, string FromJurisdiction, string ToJurisdiction, DateTimeOffset TransferredAt);

public sealed record RequestClosed(Guid RequestId, DateTimeOffset ClosedAt);

public sealed record ProceedsReturnRequestReceived(Guid RequestId, Guid CaseId, string Jurisdiction, string RequestingJurisdiction, Money Amount, DateTimeOffset ReceivedAt);

public sealed record ProceedsReturnDecided(Guid RequestId, Guid CaseId, string Jurisdiction, ProceedsOutcome Outcome, Money? Returned, string Currency, DateTimeOffset DecidedAt);
