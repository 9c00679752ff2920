namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>The one way a fact heard on the bus is applied to a stream: decided on the stream's state, appended with its basis.</summary>
public static class StreamFacts
{
    /// <summary>
    /// Applies a fact heard on the bus to a stream that another message opens: not open yet → retried (the opening
    /// travels on another queue); refused → the error queue (it can never be applied); nothing to do → acknowledged.
    /// </summary>
    public static Task ApplyFactAsync<TState>(this IDocumentSession session, Guid streamId, Func<TState, Decision> decide, string legalBasis, string? reasons, CancellationToken ct)
        where TState : class =>
        session.ApplyAsync<TState>(streamId, state => decide(state ?? throw new InvalidOperationException($"{typeof(TState).Name} {streamId} is not open yet; retried.")),
            legalBasis, reasons, ct);

    /// <summary>Applies the fact that opens a stream (a case opened): decided on the stream's state, none when it is not open yet.</summary>
    public static Task ApplyOpeningAsync<TState>(this IDocumentSession session, Guid streamId, Func<TState?, Decision> decide, string legalBasis, string? reasons, CancellationToken ct)
        where TState : class =>
        session.ApplyAsync(streamId, decide, legalBasis, reasons, ct);

    private static async Task ApplyAsync<TState>(this IDocumentSession session, Guid streamId, Func<TState?, Decision> decide, string legalBasis, string? reasons, CancellationToken ct)
        where TState : class
    {
        var stream = await session.Events.FetchForWriting<TState>(streamId, ct);
        var decision = decide(stream.Aggregate);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(legalBasis, reasons));
    }
}
