namespace TransnationalReferral.Contracts.Identification;

/// <summary>
/// A partner's identification-assistance request arrived over the transnational exchange and waits for this node's
/// focal point (heard by the notifications, which tell the focal point). Ids and codes only.
/// </summary>
/// <param name="CaseReference">The requesting node's pseudonymous case id.</param>
/// <param name="Jurisdiction">This node's jurisdiction (the requested one).</param>
public sealed record IdentificationAssistanceReceived(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);
