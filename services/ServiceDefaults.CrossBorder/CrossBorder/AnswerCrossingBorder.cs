namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>What a consumer that sends the node's requests or answers across needs, resolved once (registered with the exchange).</summary>
public sealed record CrossBorderServices(
    IDocumentStore Store, ServiceIdentity Node, CrossBorderSender Sender, PartnerKeys Partners, CrossBorderLedger Ledger, TimeProvider Clock, ILoggerFactory Loggers);

/// <summary>
/// The receiving side of a request: its focal point's answers, heard as the node's own bus events, go back signed to the
/// partner that sent the request over the exchange (evidence, accepted, declined, outcome, update). The sender finds the
/// request in the ledger: an answer to a request that came over the node's bus only (or never came) sends nothing.
/// A refusal at the border goes to the error queue for people to look at. Every service's answer crossing derives from
/// this class (most through <see cref="ReplyCrossingBorder{T}"/> or <see cref="AcknowledgementCrossingBorder{T}"/>) and
/// says only which request the event answers and what it becomes.
/// </summary>
public abstract class AnswerCrossingBorder<T>(CrossBorderServices exchange)
    : IdempotentConsumer<T>(exchange.Store, exchange.Node, exchange.Clock, exchange.Loggers.CreateLogger(typeof(AnswerCrossingBorder<>).FullName!)) where T : class
{
    /// <summary>This node's jurisdiction: the one its answers come from.</summary>
    protected string Jurisdiction { get; } = exchange.Node.Jurisdiction;

    protected CrossBorderSender Sender => exchange.Sender;

    /// <summary>
    /// The request answered (<see cref="Guid.Empty"/>: none, nothing to send) and the jurisdiction that answered it where
    /// the bus event names one (an answer of another jurisdiction is not this node's to send); where it names none, the
    /// ledger alone says whether this node was asked.
    /// </summary>
    protected abstract (Guid RequestId, string? AnsweringJurisdiction) Keys(T message);

    /// <param name="session">The consumer's session, to read what the answer needs from the node's own state (nothing is written across).</param>
    protected abstract Task<CrossBorderSendResult?> SendAsync(T message, Guid requestId, IDocumentSession session, CancellationToken ct);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (requestId, answering) = Keys(message);
        if (requestId == Guid.Empty || (answering is not null && answering != Jurisdiction)) return;
        if (await SendAsync(message, requestId, session, ct) is { Refusal: { } refusal })
            throw new InvalidMessageException($"The answer {typeof(T).Name} to {requestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}

/// <summary>An answer that crosses as one signed message (accepted, declined, outcome, update), made only once the ledger found the request.</summary>
public abstract class ReplyCrossingBorder<T>(CrossBorderServices exchange) : AnswerCrossingBorder<T>(exchange) where T : class
{
    /// <summary>The signed message the answer becomes, from <see cref="AnswerCrossingBorder{T}.Jurisdiction"/>.</summary>
    protected abstract object Reply(T message);

    protected sealed override Task<CrossBorderSendResult?> SendAsync(T message, Guid requestId, IDocumentSession session, CancellationToken ct) =>
        Sender.ReplyAsync(requestId, _ => Reply(message), ct);
}

/// <summary>The focal point's acknowledgement of a request: signed delivery evidence back to the requesting node.</summary>
public abstract class AcknowledgementCrossingBorder<T>(CrossBorderServices exchange) : AnswerCrossingBorder<T>(exchange) where T : class
{
    protected sealed override Task<CrossBorderSendResult?> SendAsync(T message, Guid requestId, IDocumentSession session, CancellationToken ct) =>
        Sender.AcknowledgeAsync(requestId, ct);
}
