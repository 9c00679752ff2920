using Marten;
using Microsoft.Extensions.Logging;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.Messaging;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// The receiving side of a request: its focal point's answers, heard as the node's own bus events, go back signed to the
/// partner that sent the request over the exchange (evidence, accepted, declined, outcome, update). The sender finds the
/// request in the ledger: an answer to a request that came over the node's bus only (or never came) sends nothing.
/// A refusal at the border goes to the error queue for people to look at.
/// </summary>
public abstract class AnswerCrossingBorder<T>(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger logger)
    : IdempotentConsumer<T>(store, node, clock, logger) where T : class
{
    private readonly string _jurisdiction = node.Jurisdiction;

    /// <summary>The request answered and the jurisdiction that answered it (an answer of another jurisdiction is not this node's to send).</summary>
    protected abstract (Guid RequestId, string AnsweringJurisdiction) Keys(T message);

    /// <param name="session">The consumer's session, to read what the answer needs from the node's own state (nothing is written across).</param>
    protected abstract Task<CrossBorderSendResult?> SendAsync(T message, string jurisdiction, IDocumentSession session, CancellationToken ct);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (requestId, answering) = Keys(message);
        if (answering != _jurisdiction) return;
        if (await SendAsync(message, _jurisdiction, session, ct) is { Refusal: { } refusal })
            throw new InvalidMessageException($"The answer {typeof(T).Name} to {requestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}
