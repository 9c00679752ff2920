namespace TransnationalReferral.Contracts.Return;

// Return and reintegration. The destination country (where the person is) publishes the return's decisions;
// the country of return (origin) answers the reception request and runs the reintegration. Ids and codes only.

/// <summary>A return was requested for the case.</summary>
/// <param name="Reason">persons-wish, reflection-period-ended, residence-permit-ended or special-status-ended.</param>
/// <param name="CountryOfReturn">ISO 3166-1 alpha-2 code.</param>
public sealed record ReturnRequested(Guid CaseId, string Jurisdiction, string CountryOfReturn, string Reason, DateTimeOffset RequestedAt);

/// <summary>The information package on all options was given, in a language the person understands.</summary>
public sealed record ReturnInformationProvided(Guid CaseId, string Language, DateTimeOffset ProvidedAt);

/// <summary>The person (or, for a child, the guardian) consented to return.</summary>
/// <param name="GivenBy">person or guardian.</param>
public sealed record ReturnConsentGiven(Guid CaseId, string GivenBy, DateTimeOffset GivenAt);

/// <summary>The consent to return was withdrawn: the return stops.</summary>
public sealed record ReturnConsentWithdrawn(Guid CaseId, DateTimeOffset WithdrawnAt);

/// <summary>A pre-return risk assessment: the level only (low, medium, high) and whether mitigations were accepted.</summary>
public sealed record ReturnRiskAssessed(Guid CaseId, int Revision, string Level, bool MitigationAccepted, DateTimeOffset AssessedAt);

/// <summary>A fact closed a gate of the return (e.g. <c>international-protection-claim</c>, <c>consent-withdrawn</c>).</summary>
public sealed record ReturnBlocked(Guid CaseId, string Gate, DateTimeOffset BlockedAt);

/// <summary>
/// The destination's focal point asks the country of return's focal point to receive the person. Minimised:
/// no personal data; the basis is <c>consent</c> or <c>legal-basis</c>. Never sent to a country the person claims protection from.
/// </summary>
public sealed record ReceptionRequested(Guid RequestId, Guid CaseId, string FromJurisdiction, string ToJurisdiction, bool ChildCase, bool EscortRequired, string Basis, DateTimeOffset RequestedAt);

/// <summary>The country of return's focal point acknowledged the reception request.</summary>
public sealed record ReceptionAcknowledged(Guid RequestId, Guid CaseId, string AnsweringJurisdiction, DateTimeOffset AcknowledgedAt);

/// <summary>The country of return arranged the reception: who meets the person (an organisation code), shelter on arrival, onward transport.</summary>
public sealed record ReceptionArranged(Guid RequestId, Guid CaseId, string AnsweringJurisdiction, string MetBy, bool ShelterOnArrival, bool OnwardTransport, DateTimeOffset ArrangedAt);

/// <summary>The person departed for the country of return.</summary>
public sealed record ReturnDeparted(Guid RequestId, Guid CaseId, string ToJurisdiction, bool Escorted, DateTimeOffset DepartedAt);

/// <summary>The country of return confirmed the person's arrival.</summary>
public sealed record ArrivalConfirmed(Guid RequestId, Guid CaseId, string AnsweringJurisdiction, DateTimeOffset ArrivedAt);

/// <summary>
/// Continuity of rights after a completed return: the person stays reachable for proceedings (testimony by
/// video-conference) and compensation through the focal point of <c>ContactThroughJurisdiction</c>.
/// </summary>
public sealed record ReturnCompleted(Guid CaseId, string ReturnedTo, string ContactThroughJurisdiction, bool VideoConferenceTestimony, DateTimeOffset CompletedAt);

/// <summary>The reintegration plan was agreed with the person in the country of return; monitoring contacts are scheduled.</summary>
public sealed record ReintegrationPlanAgreed(Guid RequestId, Guid CaseId, string Jurisdiction, int MonitoringContacts, DateTimeOffset LastContactBy, DateTimeOffset AgreedAt);

/// <summary>A monitoring contact was held; <c>Outcome</c>: stable, at-risk, re-trafficked or not-reached.</summary>
public sealed record MonitoringContactHeld(Guid RequestId, Guid CaseId, Guid ContactId, string Outcome, DateTimeOffset HeldAt);

/// <summary>A scheduled monitoring contact was not held by its due date.</summary>
public sealed record MonitoringContactOverdue(Guid RequestId, Guid CaseId, Guid ContactId, DateTimeOffset DueAt);

/// <summary>The return case (destination side) or the reintegration (origin side, with its request id) was closed.</summary>
/// <param name="Outcome">e.g. returned, person-stays, consent-withdrawn, third-country; origin side: sustainable, partly-sustainable, not-sustainable, lost-contact.</param>
public sealed record ReturnClosed(Guid CaseId, Guid? RequestId, string Jurisdiction, string Outcome, DateTimeOffset ClosedAt);
