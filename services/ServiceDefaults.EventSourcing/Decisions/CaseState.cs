namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>A service's case state: keyed by the case id every service shares. Access is scoped by the case register (see Cases/CaseScope).</summary>
public interface ICaseState
{
    Guid Id { get; }
}

/// <summary>A state record that folds its own events: <c>Fold</c> (evolve) is one switch over the events.</summary>
public interface IEvolving<TSelf> where TSelf : class
{
    static abstract TSelf? Fold(TSelf? state, object @event);
}
