using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.ServiceDefaults.Messaging;

public static class StreamFacts
{
    /// <summary>
    /// Applies a fact heard on the bus to a stream that another message opens: not open yet → retried (the opening
    /// travels on another queue); refused → the error queue (it can never be applied); nothing to do → acknowledged.
    /// </summary>
    public static async Task ApplyFactAsync<TState>(this IDocumentSession session, Guid streamId, Func<TState, Decision> decide, string legalBasis, string? reasons, CancellationToken ct)
        where TState : class
    {
        var stream = await session.Events.FetchForWriting<TState>(streamId, ct);
        var state = stream.Aggregate ?? throw new InvalidOperationException($"{typeof(TState).Name} {streamId} is not open yet; retried.");
        var decision = decide(state);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(legalBasis, reasons));
    }
}
