namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// The requested side of a request: a partner's signed request of one of the service's purposes, for this node's
/// jurisdiction, becomes the service's incoming request (the stream named by the request id, which no other partner nor
/// this node may already hold), decided by the same rule as one heard on the node's bus, in the transaction that accepts
/// the message, with the originating node, request and message in the audit reasons. A refusal goes to the error queue.
/// Every service's incoming requests derive from this class and say only what differs: purposes, legal basis, the decision.
/// </summary>
/// <typeparam name="TIncoming">The service's record of a request it was asked.</typeparam>
public abstract class IncomingCrossBorderRequests<TIncoming>(CrossBorderServices exchange) : ICrossBorderHandler where TIncoming : class
{
    private readonly ILogger _logger = exchange.Loggers.CreateLogger(typeof(IncomingCrossBorderRequests<>).FullName!);

    /// <summary>The purposes of the requests this service takes, the first that matches wins.</summary>
    protected abstract IReadOnlyList<string> Purposes { get; }

    /// <summary>The legal basis recorded with the decision.</summary>
    protected abstract string LegalBasis { get; }

    /// <summary>What the request is called in the audit reasons and the log: by default by its purpose.</summary>
    protected virtual string Name(CrossBorderRequest request) => $"{request.Purpose} request";

    /// <param name="session">The transaction's session, to read what the decision needs besides the incoming request.</param>
    protected abstract Task<Decision> DecideAsync(TIncoming? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct);

    /// <summary>What the accepted decision implies in the same transaction (a deadline): by default nothing.</summary>
    protected virtual Task AcceptedAsync(CrossBorderRequest request, IDocumentSession session, CancellationToken ct) => Task.CompletedTask;

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var node = exchange.Node;
        if (Purposes.Select(p => message.RequestFor(p, node.Jurisdiction)).FirstOrDefault(r => r is not null) is not { } request) return;

        await using var session = exchange.Store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        await session.EnsurePartnersStreamAsync(transaction, message, request.RequestId, ct);
        var stream = await session.Events.FetchForWriting<TIncoming>(request.RequestId, ct);
        var decision = await DecideAsync(stream.Aggregate, request, new DecisionContext(Actor.System(node.Name, node.Jurisdiction), exchange.Clock.GetUtcNow()), session, ct);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(LegalBasis,
            $"{Name(request)} {request.RequestId} received from {request.FromJurisdiction}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
        await AcceptedAsync(request, session, ct);
        await session.SaveChangesAsync(ct);
        _logger.LogInformation("{Request} {RequestId} from {From} recorded", Name(request), request.RequestId, request.FromJurisdiction);
    }
}
