namespace TransnationalReferral.Return.Cases;

// The Return service's own domain events (destination side). Who decided and why travels in the metadata.

/// <summary>Identification opened a case: the Return service keeps a file for it, so that the facts a return depends on are noted from the start.</summary>
public sealed record ReturnFileOpened(Guid CaseId, string Jurisdiction, ChildStatus ChildStatus, DateTimeOffset OpenedAt);

/// <summary>A return was requested, with the reason: the person's wish, or a status that ended with no further measures.</summary>
public sealed record ReturnRequested(Guid CaseId, string Jurisdiction, string CountryOfReturn, ReturnReason Reason, DateTimeOffset RequestedAt);

/// <summary>A status ended, as Identification (reflection period) or Protection (residence permit) published it; a return may then be requested for that reason.</summary>
public sealed record StatusEndedNoted(Guid CaseId, ReturnReason Status, DateTimeOffset EndedAt, DateTimeOffset NotedAt);

public sealed record ReturnInformationProvided(Guid CaseId, string Language, IReadOnlyList<ReturnOption> Options, DateTimeOffset ProvidedAt);

public sealed record ReturnConsentGiven(Guid CaseId, ConsentGiver GivenBy, DateTimeOffset GivenAt);

public sealed record ReturnConsentWithdrawn(Guid CaseId, DateTimeOffset WithdrawnAt);

public sealed record ReturnRiskAssessed(Guid CaseId, int Revision, RiskLevel Level, IReadOnlyList<ReturnRiskFactor> Factors, IReadOnlyList<Mitigation> Mitigations,
    bool MitigationAccepted, ReceptionCapacity ReceptionCapacity, DateTimeOffset AssessedAt);

// An international protection claim (from Identification: pending) or its outcome (recorded by the immigration authority)
// is the shared ProtectionClaimNoted with its status; the child's facts and transfer consents are the shared facts from Identification.

/// <summary>A forced return order of the immigration authorities, recorded; it passes no gate.</summary>
public sealed record ForcedReturnOrderRecorded(Guid CaseId, DateTimeOffset OrderedAt);

/// <summary>A fact closed a gate (a protection claim, the consent withdrawn): the return cannot go ahead.</summary>
public sealed record ReturnBlocked(Guid CaseId, string Gate, DateTimeOffset BlockedAt);

public sealed record FamilyAssessed(Guid CaseId, FamilyAssessment Outcome, DateTimeOffset AssessedAt);

public sealed record ReceptionRequested(Guid CaseId, Guid RequestId, string FromJurisdiction, string ToJurisdiction, bool ChildCase, bool EscortRequired, bool OnConsent, DateTimeOffset RequestedAt);

public sealed record ReceptionAcknowledged(Guid CaseId, Guid RequestId, DateTimeOffset AcknowledgedAt);

public sealed record ReceptionArranged(Guid CaseId, Guid RequestId, string MetBy, bool ShelterOnArrival, bool OnwardTransport, DateTimeOffset ArrangedAt);

/// <summary>The country of return did not answer the reception request (over the cross-border exchange) by its respond-by date.</summary>
public sealed record ReceptionRequestOverdue(Guid CaseId, Guid RequestId, string ToJurisdiction, DateTimeOffset RespondBy, DateTimeOffset NotedAt);

public sealed record TravelDocumentsIssued(Guid CaseId, string IssuedBy, DateTimeOffset IssuedAt);

public sealed record EscortArranged(Guid CaseId, string EscortOrganisation, DateTimeOffset ArrangedAt);

public sealed record ReturnDeparted(Guid CaseId, Guid RequestId, string ToJurisdiction, bool Escorted, DateTimeOffset DepartedAt);

public sealed record ArrivalConfirmed(Guid CaseId, Guid RequestId, DateTimeOffset ArrivedAt);

public sealed record ReturnClosed(Guid CaseId, string Jurisdiction, ReturnClosure Outcome, DateTimeOffset ClosedAt);

/// <summary>After the arrival: the person stays reachable for proceedings and compensation through the partner's focal point.</summary>
public sealed record ContinuityOfRightsSecured(Guid CaseId, string ReturnedTo, string ContactThroughJurisdiction, DateTimeOffset SecuredAt);

/// <summary>
/// After the return: the country of return's node reported on the person's reintegration (its signed update over the
/// cross-border exchange) — the plan agreed, a monitoring contact held (with its outcome code) or missed, the
/// reintegration closed (with its outcome code). Codes and ids only; what was said stays with the country of return.
/// </summary>
public sealed record ReintegrationReported(Guid CaseId, Guid RequestId, string FromJurisdiction, string Report, Guid? ContactId, string? Outcome, DateTimeOffset At);

/// <summary>A reintegration report as the destination's return file shows it.</summary>
public sealed record ReintegrationReport(string Report, Guid? ContactId, string? Outcome, DateTimeOffset At, string FromJurisdiction);

/// <summary>The recovery and reflection period started (or was extended to a new end), as Identification published it: no expulsion order is enforced while it runs.</summary>
public sealed record ReflectionPeriodNoted(Guid CaseId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset NotedAt);

/// <summary>A residence permit for the victim was issued or renewed (Protection), valid until it expires or is refused.</summary>
public sealed record ResidencePermitNoted(Guid CaseId, DateTimeOffset ExpiresAt, DateTimeOffset DecidedAt, DateTimeOffset NotedAt);

/// <summary>JudicialCooperation named the person as a victim or victim-witness (<paramref name="Role"/>, a code) in open proceedings, by their file reference.</summary>
public sealed record VictimWitnessNoted(Guid CaseId, string ProsecutingJurisdiction, string ProceedingsReference, string Role, DateTimeOffset NamedAt, DateTimeOffset NotedAt);

/// <summary>Those proceedings closed (JudicialCooperation): they no longer hold the return.</summary>
public sealed record VictimWitnessProceedingsClosedNoted(Guid CaseId, string ProceedingsReference, DateTimeOffset ClosedAt, DateTimeOffset NotedAt);

/// <summary>The return coordinated with the prosecutor of the proceedings open today: how the testimony is secured, and the prosecutor's reference.</summary>
public sealed record ProsecutionCoordinated(Guid CaseId, ProsecutionCoordination Outcome, string ProsecutorReference, IReadOnlyList<string> ProceedingsReferences, DateTimeOffset CoordinatedAt);
