using JasperFx.Events.Projections;
using Marten.Events.Aggregation;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>Marten glue for a state record that evolves itself: the domain stays free of Marten.</summary>
public class LiveAggregate<TState> : SingleStreamProjection<TState, Guid> where TState : class, IEvolving<TState>
{
    public override TState? Evolve(TState? snapshot, Guid id, IEvent e) => TState.Fold(snapshot, e.Data);
}

public static class LiveAggregateRegistration
{
    /// <summary>Registers <typeparamref name="TState"/> as a live aggregate (folded on read and for FetchForWriting).</summary>
    public static void LiveAggregate<TState>(this StoreOptions options) where TState : class, IEvolving<TState> =>
        options.Projections.Add(new LiveAggregate<TState>(), ProjectionLifecycle.Live);

    /// <summary>Registers <typeparamref name="TState"/> folded and stored with every decision (inline), so that it can be queried.</summary>
    public static void QueryableAggregate<TState>(this StoreOptions options) where TState : class, IEvolving<TState> =>
        options.Projections.Add(new LiveAggregate<TState>(), ProjectionLifecycle.Inline);
}
