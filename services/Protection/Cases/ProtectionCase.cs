using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.Protection.Cases;

public enum ChildStatus { Child, PresumedChild, Adult }

/// <summary>
/// Where the protection case stands. A case opened from a signal awaits the reasonable-grounds decision
/// that entitles the person to assistance (which never depends on cooperating with the authorities).
/// </summary>
public enum ProtectionStage { AwaitingEntitlement, Entitled }

public sealed record ProtectionCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    ChildStatus ChildStatus,
    ProtectionStage Stage,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EntitledAt = null) : ICaseState, IEvolving<ProtectionCase>
{
    public static ProtectionCase? Fold(ProtectionCase? state, object @event) => (state, @event) switch
    {
        (null, ProtectionCaseOpened e) => new ProtectionCase(e.CaseId, e.VictimId, e.Jurisdiction, e.ChildStatus, ProtectionStage.AwaitingEntitlement, e.OpenedAt),
        ({ } s, AssistanceEntitled e) => s with { Stage = ProtectionStage.Entitled, EntitledAt = e.EntitledAt },
        _ => state,
    };
}
