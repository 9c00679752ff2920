namespace TransnationalReferral.JudicialCooperation.Cases;

// What the judicial file keeps of cooperation with partner nodes about the case: the answer to a request to return
// confiscated proceeds this node's Remedies sent to a partner node (UNTOC art. 14(2); it crosses signed from the judicial
// service, Integration/ProceedsReturnsAcrossBorders.cs), and information transmitted spontaneously (UNTOC art. 18(4)) with
// its acknowledgement. Stored streams are read by these type names: never rename them or move them to another namespace.

/// <summary>The requested state's answer to a request to return proceeds, as its signed outcome said.</summary>
public sealed record ProceedsReturnAnswerReceived(Guid CaseId, Guid RequestId, string FromJurisdiction, ProceedsOutcome Outcome, Money? Returned, string Currency,
    DateTimeOffset AnsweredAt, DateTimeOffset ReceivedAt);

/// <summary>A partner's answer to a request to return proceeds, as the case's judicial file keeps it.</summary>
public sealed record PartnerProceedsReturnAnswer(Guid RequestId, string FromJurisdiction, ProceedsOutcome Outcome, Money? Returned, DateTimeOffset AnsweredAt);

/// <summary>Information transmitted to another state without a prior request (codes only), see <see cref="TransmittingSpontaneousInformation"/>.</summary>
public sealed record SpontaneousInformationTransmitted(Guid CaseId, Guid InformationId, string FromJurisdiction, string ToJurisdiction, string Category, string HandlingCode, string LegalBasis,
    DateTimeOffset TransmittedAt);

/// <summary>The receiving state's focal point acknowledged the information, as its signed delivery evidence said.</summary>
public sealed record SpontaneousInformationAcknowledged(Guid CaseId, Guid InformationId, string ByJurisdiction, DateTimeOffset AcknowledgedAt, DateTimeOffset ReceivedAt);

/// <summary>A spontaneous transmission as the case's judicial file keeps it.</summary>
public sealed record SentInformation(Guid InformationId, string ToJurisdiction, string Category, string HandlingCode, string LegalBasis, DateTimeOffset TransmittedAt, DateTimeOffset? AcknowledgedAt = null);
