namespace TransnationalReferral.JudicialCooperation.Requests;

// Events of a judicial request's stream that come with cooperation across the signed exchange. Stored streams are read by
// these type names: never rename them or move them to another namespace.

/// <summary>
/// The requested state notified the victim of the offender's surrender, release or transfer through the victim's focal point
/// or lawyer here (<paramref name="Through"/>), and its signed message reached this node: recorded on this node's outgoing
/// request, for the victim's case <paramref name="CaseId"/> (the request's case reference).
/// </summary>
public sealed record VictimNotificationReceived(Guid RequestId, Guid CaseId, Movement Movement, NotifiedThrough Through, string FromJurisdiction, DateTimeOffset NotifiedAt, DateTimeOffset ReceivedAt);
