namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>
/// What every service's case state exposes so access can be scoped in one place: a caller sees and
/// decides only on cases of its own jurisdiction (anything else is "not found", never "forbidden").
/// </summary>
public interface ICaseState
{
    Guid Id { get; }
    string Jurisdiction { get; }
}

/// <summary>A state record that folds its own events: <c>Fold</c> (evolve) is one switch over the events.</summary>
public interface IEvolving<TSelf> where TSelf : class
{
    static abstract TSelf? Fold(TSelf? state, object @event);
}

public static class CaseAccess
{
    public static bool IsVisibleTo(this ICaseState state, Actor actor) =>
        string.Equals(state.Jurisdiction, actor.Jurisdiction, StringComparison.Ordinal);
}
