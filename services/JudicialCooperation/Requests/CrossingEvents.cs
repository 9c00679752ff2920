namespace TransnationalReferral.JudicialCooperation.Requests;

// Events of a judicial request's stream that come with cooperation across the signed exchange. Stored streams are read by
// these type names: never rename them or move them to another namespace.

/// <summary>
/// The requested state notified the victim of the offender's surrender, release or transfer through the victim's focal point
/// or lawyer here (<paramref name="Through"/>), and its signed message reached this node: recorded on this node's outgoing
/// request, for the victim's case <paramref name="CaseId"/> (the request's case reference).
/// </summary>
public sealed record VictimNotificationReceived(Guid RequestId, Guid CaseId, Movement Movement, NotifiedThrough Through, string FromJurisdiction, DateTimeOffset NotifiedAt, DateTimeOffset ReceivedAt);

/// <summary>
/// A partner's request carried keyed hashes (<c>{keyId}:{hash}</c>, under the key shared with <paramref name="Counterpart"/>)
/// of the identity documents of persons it prosecutes or seeks: Identification is asked which belong to a victim recognised
/// here. Pseudonymous data, as the partner signed it (no document number); published to Identification only.
/// </summary>
public sealed record IdentityMatchRequested(Guid RequestId, string Counterpart, IReadOnlyList<string> Keys, DateTimeOffset RequestedAt);

/// <summary>Identification answered: the cases of the victims recognised here whom the request prosecutes or seeks (none: nobody).</summary>
public sealed record IdentityMatchAnswered(Guid RequestId, IReadOnlyList<Guid> VictimCaseIds, DateTimeOffset AnsweredAt);

/// <summary>
/// One sharing of information within a joint investigation team, as its log keeps it: from which member to which (a member
/// jurisdiction or member organisation code), the category of information by code, its handling code and when — never
/// the content. <paramref name="RecordedIn"/> is the jurisdiction whose node recorded it first (the other node's copy
/// came signed over the exchange, once).
/// </summary>
public sealed record JitInformationShared(Guid RequestId, Guid EntryId, string FromMember, string ToMember, string Category, string HandlingCode, DateTimeOffset SharedAt,
    string RecordedIn, DateTimeOffset RecordedAt);

/// <summary>
/// The forum criteria of a transfer of proceedings (UNTOC art. 21), by code; <paramref name="FinalJudgmentForSameActs"/>:
/// the receiving state (this node, on an incoming request) already gave a final judgment for the same acts.
/// <paramref name="FromJurisdiction"/> names the requesting state when its signed request carried them.
/// </summary>
public sealed record ForumCriteriaRecorded(Guid RequestId, IReadOnlyList<ForumCriterion> Criteria, bool FinalJudgmentForSameActs, string? FromJurisdiction, DateTimeOffset RecordedAt);

/// <summary>Information another state transmitted without a prior request, received signed (codes only).</summary>
public sealed record SpontaneousInformationReceived(Guid InformationId, string Jurisdiction, string FromJurisdiction, Guid CaseReference, string Category, string HandlingCode, string LegalBasis,
    DateTimeOffset ReceivedAt);

/// <summary>The focal point or prosecutor acknowledged the information received.</summary>
public sealed record ReceivedInformationAcknowledged(Guid InformationId, string Jurisdiction, DateTimeOffset AcknowledgedAt);
