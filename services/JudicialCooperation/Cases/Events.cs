namespace TransnationalReferral.JudicialCooperation.Cases;

// The events of a case's judicial file. Stored streams are read by these type names: never rename them or move them to another namespace.

public sealed record CaseFileOpened(Guid CaseId, string Jurisdiction, DateTimeOffset OpenedAt);

/// <summary>Identification's decision (reasonable grounds, or a conclusive decision) as the non-punishment reviews need it.</summary>
public sealed record VictimRecognitionNoted(Guid CaseId, bool Recognised, DateTimeOffset NotedAt);

public sealed record CooperationStatusRecorded(Guid CaseId, CooperationStatus Status, DateTimeOffset RecordedAt);

public sealed record AssetTraced(Guid CaseId, Guid AssetId, AssetStage Stage, Money Value, string Jurisdiction, DateTimeOffset At);

/// <summary>The person was named as a victim or victim-witness in open criminal proceedings (by the proceedings' file reference).</summary>
public sealed record VictimWitnessNamed(Guid CaseId, string Jurisdiction, string ProceedingsReference, ProceedingsRole Role, DateTimeOffset NamedAt);

public sealed record VictimWitnessProceedingsClosed(Guid CaseId, string Jurisdiction, string ProceedingsReference, DateTimeOffset ClosedAt);

/// <summary>How the witness is reached, as Return's departure and arrival told it.</summary>
public sealed record WitnessReachUpdated(Guid CaseId, WitnessReach Reach, string ThroughJurisdiction, bool VideoTestimony, DateTimeOffset At);

/// <summary>
/// A request (from <paramref name="Counterpart"/>) prosecutes or seeks the person of this case, whom Identification recognised
/// as a victim: the request is held for a non-punishment review, and the prosecutors reading the case see it.
/// </summary>
public sealed record NonPunishmentFlagRaised(Guid CaseId, Guid RequestId, string Counterpart, DateTimeOffset FlaggedAt);
