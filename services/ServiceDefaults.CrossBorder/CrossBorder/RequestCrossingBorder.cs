namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// The requesting side of a request: the node's own request, heard as its bus event, leaves as a signed
/// <see cref="CrossBorderRequest"/> through the gates with the grounds its case holds (consents in force or the legal
/// basis, the countries the person claims protection from). Only a request of this node's jurisdiction leaves, and only
/// to a partner node (elsewhere it stays on the bus). A refusal by a gate goes to the error queue for people to look at.
/// Every service's request crossing derives from this class and says only what differs: which case and partner, the
/// request and its grounds. The case's attachments that may cross are referenced (<see cref="AttachmentCrossing.Crossable"/>).
/// </summary>
/// <typeparam name="T">The bus event that makes the request.</typeparam>
/// <typeparam name="TState">The case the request is about, as the node holds it.</typeparam>
public abstract class RequestCrossingBorder<T, TState>(CrossBorderServices exchange)
    : IdempotentConsumer<T>(exchange.Store, exchange.Node, exchange.Clock, exchange.Loggers.CreateLogger(typeof(RequestCrossingBorder<,>).FullName!))
    where T : class where TState : class
{
    /// <summary>The case the request is about, the jurisdiction that requests (this node's, or nothing leaves) and the one asked.</summary>
    protected abstract (Guid CaseId, string From, string To) Keys(T message);

    protected abstract CrossBorderRequest Request(T message, TState state);

    protected abstract TransferGrounds Grounds(T message, TState state);

    /// <summary>Whether a request to <paramref name="to"/> leaves over the exchange: by default only to a partner node.</summary>
    protected virtual bool Leaves(string to) => exchange.Partners.Partners.Contains(to);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (caseId, from, to) = Keys(message);
        if (from != exchange.Node.Jurisdiction || !Leaves(to)) return;
        var state = await session.Events.AggregateStreamAsync<TState>(caseId, token: ct)
            ?? throw new InvalidMessageException($"{typeof(T).Name} for case {caseId}, which this node does not hold.");
        var request = Request(message, state);
        if (request.Attachments is null && state is Attachments.IKeepsAttachments kept) request = request with { Attachments = AttachmentCrossing.Crossable(kept.Attachments) };
        var sent = await exchange.Sender.SendAsync(request, to, Grounds(message, state), ct);
        if (sent.Refusal is { } refusal)
            throw new InvalidMessageException($"The {request.Purpose} request {request.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}
