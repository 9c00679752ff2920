namespace TransnationalReferral.Protection.Cases;

// The Protection service's own domain events. Who decided and why travels in the metadata.

public sealed record ProtectionCaseOpened(
    Guid CaseId,
    Guid VictimId,
    string Jurisdiction,
    ChildStatus ChildStatus,
    DateTimeOffset OpenedAt);

/// <summary>Identification recognised the person as a presumed victim: entitled to assistance, unconditionally.</summary>
public sealed record AssistanceEntitled(Guid CaseId, DateTimeOffset EntitledAt);
