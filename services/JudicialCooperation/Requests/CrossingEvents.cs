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
