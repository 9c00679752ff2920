namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>Why a refusal happened: a broken rule (422) or a conflict with the current state (409).</summary>
public enum RefusalKind
{
    RuleBroken,
    StateConflict,
}

/// <summary>
/// A first-class "no": names the rule (a stable id such as <c>reflection-period-minimum</c>), says why in
/// words a case worker and an auditor understand, and cites its legal source where it has one.
/// </summary>
public sealed record Refusal(string Rule, string Detail, string? LegalSource = null, RefusalKind Kind = RefusalKind.RuleBroken)
{
    public static Refusal Conflict(string rule, string detail) => new(rule, detail, null, RefusalKind.StateConflict);
}

/// <summary>The result of a pure <c>Decide</c>: the events to append, or a refusal. Never both.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<object> events, Refusal? refusal)
    {
        Events = events;
        Refusal = refusal;
    }

    public IReadOnlyList<object> Events { get; }
    public Refusal? Refusal { get; }
    public bool IsRefused => Refusal is not null;

    public static Decision Accept(params object[] events) => new(events, null);
    public static Decision Refuse(Refusal refusal) => new([], refusal);

    /// <summary>Nothing to do: the decision was already taken (idempotent at the domain level).</summary>
    public static readonly Decision NothingToDo = new([], null);

    public static implicit operator Decision(Refusal refusal) => Refuse(refusal);
}
