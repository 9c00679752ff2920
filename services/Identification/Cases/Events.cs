namespace TransnationalReferral.Identification.Cases;

// The Identification service's own domain events: past tense, the decision as the domain says it.
// Who decided, in what role, organisation and jurisdiction, on what legal basis and for what reasons
// travels in the event's metadata (see ServiceDefaults/EventStore/Audit.cs), not in the payload.
// No personal data: the person is the pseudonymous VictimId.

public sealed record CaseOpened(
    Guid CaseId,
    Guid VictimId,
    SignalSource Source,
    string SignallingOrganisation,
    string Jurisdiction,
    Sex Sex,
    AgeGroup AgeGroup,
    ChildStatus ChildStatus,
    DateTimeOffset OpenedAt,
    string OwnerOrganisation);

/// <summary>The case was opened for a person already known: it names the person's earlier cases (a decision with reasons, see LinkingCaseToPerson).</summary>
public sealed record CaseLinkedToPerson(Guid CaseId, Guid VictimId, IReadOnlyList<Guid> CasesOfPerson, DateTimeOffset LinkedAt);

/// <summary>Recorded on each earlier case of the person when a new case is linked to them.</summary>
public sealed record PersonLinkedToCase(Guid CaseId, Guid VictimId, Guid LinkedCaseId, DateTimeOffset LinkedAt);

public sealed record InformationOnRightsRecorded(
    Guid CaseId,
    bool InformedOfRights,
    bool InformedOfAssistance,
    bool InformedOfReflectionPeriod,
    InformationFormat Format,
    bool InterpreterUsed,
    DateTimeOffset RecordedAt,
    string? Language = null,
    Interpreter? Interpreter = null);

/// <summary>A recorded decision to let another organisation or jurisdiction see the case.</summary>
public sealed record CaseShared(
    Guid CaseId,
    Guid GrantId,
    string? GranteeJurisdiction,
    string? GranteeOrganisation,
    SharePurpose Purpose,
    DateTimeOffset ExpiresAt,
    Guid? ConsentId,
    DateTimeOffset SharedAt);

public sealed record CaseShareRevoked(Guid CaseId, Guid GrantId, DateTimeOffset RevokedAt);

/// <summary>Consent given by the person (or the guardian of a child). Language is the code of the language they were informed in.</summary>
public sealed record ConsentRecorded(
    Guid CaseId,
    Guid ConsentId,
    ConsentKind Kind,
    IReadOnlyList<string> Organisations,
    IReadOnlyList<string> Jurisdictions,
    string InformedInLanguage,
    ConsentGiver GivenBy,
    DateTimeOffset GivenAt,
    Interpreter? Interpreter = null);

public sealed record ConsentWithdrawn(Guid CaseId, Guid ConsentId, ConsentKind Kind, DateTimeOffset WithdrawnAt);

public sealed record LegalHoldPlaced(Guid CaseId, LegalHoldKind Kind, DateTimeOffset PlacedAt);

public sealed record LegalHoldLifted(Guid CaseId, LegalHoldKind Kind, DateTimeOffset LiftedAt);

/// <summary>Personal data was written to the vault. Only the names of the fields, never their values.</summary>
/// <summary>Personal data written to the vault: which fields, and the digest of what was stored (<see cref="Vault.VaultRecord.Digest"/>) — never the values.</summary>
public sealed record PersonalDataRecorded(Guid CaseId, Guid VictimId, IReadOnlyList<string> Fields, DateTimeOffset RecordedAt, string? Sealed = null);

/// <summary>A family member recorded under the person's case: codes only; <paramref name="PersonalDataFields"/> names the fields of theirs written to the vault, never the values.</summary>
public sealed record FamilyMemberRecorded(Guid CaseId, Guid MemberId, FamilyRelation Relation, string? Country, RiskLevel Risk, IReadOnlyList<FamilyProtectiveMeasure> ProtectiveMeasures,
    FamilyRelocation Relocation, string? RelocatedTo, IReadOnlyList<string> PersonalDataFields, DateTimeOffset RecordedAt);

/// <summary>A family member's risk, protective measures, relocation (and where they are) re-assessed.</summary>
public sealed record FamilyMemberReassessed(Guid CaseId, Guid MemberId, string? Country, RiskLevel Risk, IReadOnlyList<FamilyProtectiveMeasure> ProtectiveMeasures,
    FamilyRelocation Relocation, string? RelocatedTo, DateTimeOffset ReassessedAt);

/// <summary>The person's data key was destroyed: the vault's ciphertext can never be read again.</summary>
public sealed record PersonalDataErased(Guid CaseId, Guid VictimId, IReadOnlyList<LegalHoldKind> OverriddenHolds, DateTimeOffset ErasedAt);

/// <summary>Reasonable grounds: a presumed victim, entitled to assistance from now on.</summary>
public sealed record PresumedVictimRecognised(Guid CaseId, string Jurisdiction, ChildStatus ChildStatus, DateTimeOffset RecognisedAt);

public sealed record ReflectionPeriodStarted(Guid CaseId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record ReflectionPeriodExpiring(Guid CaseId, DateTimeOffset EndsAt, DateTimeOffset WarnedAt);

public sealed record ReflectionPeriodEnded(Guid CaseId, ReflectionPeriodEndReason Reason, DateTimeOffset EndedAt);

public sealed record ReflectionPeriodExtended(Guid CaseId, DateTimeOffset PreviousEndsAt, DateTimeOffset EndsAt, DateTimeOffset ExtendedAt);

public sealed record VictimIdentified(Guid CaseId, DateTimeOffset DecidedAt);

/// <summary>A negative conclusive decision, with who was notified of it.</summary>
public sealed record VictimNotIdentified(Guid CaseId, IReadOnlyList<NotifiedParty> Notified, DateTimeOffset DecidedAt);

/// <summary>A negative decision is reopened, on request of the first responder or the support provider, with new information.</summary>
public sealed record ReconsiderationOpened(Guid CaseId, ReconsiderationRequester RequestedBy, DateTimeOffset OpenedAt);

public sealed record AgeAssessed(Guid CaseId, ChildStatus ChildStatus, DateTimeOffset AssessedAt);

/// <summary>A guardian was appointed for a child; the guardian is named by organisation and a pseudonymous reference, never by name.</summary>
public sealed record GuardianAppointed(Guid CaseId, string GuardianOrganisation, string GuardianReference, DateTimeOffset AppointedAt);

public sealed record BestInterestsAssessed(Guid CaseId, DateTimeOffset AssessedAt);

/// <summary>The person claims international protection against a country: no contact with its authorities from now on.</summary>
public sealed record InternationalProtectionClaimed(Guid CaseId, string CountryOfClaimedPersecution, DateTimeOffset ClaimedAt);

public sealed record IdentificationAssistanceRequested(Guid CaseId, Guid RequestId, string RequestingJurisdiction, string PartnerJurisdiction, IReadOnlyList<AssistanceQuestion> Questions,
    bool OnConsent, DateTimeOffset DueAt, DateTimeOffset RequestedAt);

public sealed record IdentificationAssistanceAnswerRecorded(Guid CaseId, Guid RequestId, AssistanceOutcome Outcome, DateTimeOffset AnsweredAt);

public sealed record IdentificationAssistanceOverdue(Guid CaseId, Guid RequestId, string PartnerJurisdiction, DateTimeOffset DueAt);

/// <summary>Indicators observed ("form/indicator" codes of the catalogue version named), from a source.</summary>
/// <param name="Interpreter">Who interpreted at the interview the indicators were observed in.</param>
public sealed record IndicatorsScreened(Guid CaseId, Guid ScreeningId, string CatalogueVersion, IReadOnlyList<string> Indicators, string Source, DateTimeOffset ScreenedAt,
    Interpreter? Interpreter = null);

/// <summary>The person — or their guardian or lawyer — asked for their personal data and every decision about them (GDPR art. 15): received when, in which language, answered by when (one month).</summary>
public sealed record OwnDataRequestRecorded(Guid CaseId, Guid RequestId, OwnDataRequester RequestedBy, string? RepresentativeOrganisation, string Language,
    DateTimeOffset ReceivedAt, DateTimeOffset DueAt, DateTimeOffset RecordedAt);

/// <summary>The export was produced and handed over: in which language and form, when; late when after the month.</summary>
public sealed record OwnDataRequestAnswered(Guid CaseId, Guid RequestId, string Language, OwnDataFormat Format, DateTimeOffset ExportedAt, bool Late, DateTimeOffset AnsweredAt);

/// <summary>A month after it was received the person's request was still unanswered (GDPR art. 12(3)).</summary>
public sealed record OwnDataRequestOverdue(Guid CaseId, Guid RequestId, DateTimeOffset DueAt);
