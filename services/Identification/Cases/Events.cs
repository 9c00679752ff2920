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
    DateTimeOffset OpenedAt);

public sealed record InformationOnRightsRecorded(
    Guid CaseId,
    bool InformedOfRights,
    bool InformedOfAssistance,
    bool InformedOfReflectionPeriod,
    InformationFormat Format,
    bool InterpreterUsed,
    DateTimeOffset RecordedAt);
