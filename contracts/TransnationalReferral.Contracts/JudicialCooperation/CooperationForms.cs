namespace TransnationalReferral.Contracts.JudicialCooperation;

/// <summary>
/// An entry in a joint investigation team's information-sharing log: from which member to which (member jurisdiction or
/// organisation code), the category of information and its handling code, when — never the content. <c>RecordedIn</c>:
/// the jurisdiction whose node recorded it first (the other node's copy came over the signed exchange).
/// </summary>
public sealed record JointInvestigationInformationShared(Guid RequestId, Guid EntryId, string FromMember, string ToMember, string Category, string HandlingCode,
    DateTimeOffset SharedAt, string RecordedIn);

/// <summary>
/// Information sent to another state's authorities without a prior request (UNTOC art. 18(4)): its category and handling
/// codes and the legal basis, about the case by its pseudonymous id — never the content.
/// </summary>
public sealed record SpontaneousInformationTransmitted(Guid InformationId, Guid CaseId, string FromJurisdiction, string ToJurisdiction, string Category, string HandlingCode,
    string LegalBasis, DateTimeOffset TransmittedAt);

/// <summary>The receiving state's focal point or prosecutor acknowledged information another state sent it spontaneously.</summary>
public sealed record ReceivedInformationAcknowledged(Guid InformationId, string Jurisdiction, DateTimeOffset AcknowledgedAt);
