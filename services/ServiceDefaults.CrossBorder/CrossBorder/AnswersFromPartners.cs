namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>The decision on a partner's answer, and what the audit reasons say of it.</summary>
public sealed record PartnerAnswer(Decision Decision, string Reasons);

/// <summary>
/// The requesting side receiving answers: a partner's signed answer to a request this node sent it (the ledger decides:
/// only from the node the request went to, only for the service's purposes) is recorded on the case by the rule an
/// answer heard on the node's bus follows, in the transaction that accepts the message, with the message in the audit
/// reasons. A refusal goes to the error queue. Every service's answers from partners derive from this class and say only
/// what differs: which messages answer what, the decision and its reasons.
/// </summary>
/// <typeparam name="TState">What the answer is recorded on (the case, or the request itself).</typeparam>
public abstract class AnswersFromPartners<TState>(CrossBorderServices exchange) : ICrossBorderHandler where TState : class
{
    /// <summary>The purposes of this node's requests these answers are for.</summary>
    protected abstract IReadOnlyCollection<string> Purposes { get; }

    /// <summary>The request a signed message answers; <see cref="Guid.Empty"/> for a message this service does not take.</summary>
    protected abstract Guid RequestOf(object message);

    /// <summary>The stream the answer is recorded on: by default the case the request is about.</summary>
    protected virtual Guid StreamOf(CrossBorderRequest request) => request.CaseReference;

    /// <summary>Whether the message may also be an update from the requesting side, about a request the partner sent this node: by default not.</summary>
    protected virtual bool FromEitherSide(object message) => false;

    /// <summary>The legal basis recorded with the decision.</summary>
    protected abstract string LegalBasis(CrossBorderRequest request);

    /// <summary>The decision on the answer and its reasons; null when the stream does not take it.</summary>
    protected abstract Task<PartnerAnswer?> DecideAsync(TState state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct);

    /// <summary>What the accepted answer implies in the same transaction (a deadline cancelled or scheduled): by default nothing.</summary>
    protected virtual Task AcceptedAsync(PartnerAnswer answer, CrossBorderRequest request, ReceivedCrossBorderMessage message, IDocumentSession session, CancellationToken ct) =>
        Task.CompletedTask;

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var requestId = RequestOf(message.Message);
        if (requestId == Guid.Empty) return;
        if ((await exchange.Ledger.SentRequestAnsweredAsync(message, requestId, Purposes, connection, transaction, ct)
                ?? (FromEitherSide(message.Message) ? await exchange.Ledger.RequestAnsweredAsync(CrossBorderLedger.Received, message, requestId, Purposes, connection, transaction, ct) : null)) is not { } request)
            return;

        var node = exchange.Node;
        await using var session = exchange.Store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        var stream = await session.Events.FetchForWriting<TState>(StreamOf(request), ct);
        if (stream.Aggregate is not { } state) return;
        var context = new DecisionContext(Actor.System(node.Name, node.Jurisdiction), exchange.Clock.GetUtcNow());
        if (await DecideAsync(state, request, message, context, session, ct) is not { } answer) return;
        if (answer.Decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (answer.Decision.Events.Count == 0) return;
        stream.AppendMany(answer.Decision.Events);
        session.Record(new DecisionBasis(LegalBasis(request), answer.Reasons));
        await AcceptedAsync(answer, request, message, session, ct);
        await session.SaveChangesAsync(ct);
    }
}
