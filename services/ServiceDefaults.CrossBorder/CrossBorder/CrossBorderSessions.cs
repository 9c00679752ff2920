namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// A partner chose an id (a request id, a case reference) that names a stream this node did not open for that partner: a
/// local case, or another partner's request. Never applied (rejected once as <c>id-collision</c>, the request declined).
/// </summary>
public sealed class PartnerIdCollisionException(string message) : Exception(message);

public static class CrossBorderSessions
{
    /// <summary>
    /// The session a cross-border handler decides in: inside the transaction that records the message (one effect or
    /// none), stamped as this node's system actor, caused by the message and correlated with the request it concerns.
    /// </summary>
    public static IDocumentSession OpenCrossBorderSession(this IDocumentStore store, Npgsql.NpgsqlTransaction transaction, ServiceIdentity node, Guid messageId, Guid requestId)
    {
        var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        session.Stamp(Actor.System(node.Name, node.Jurisdiction), causationId: messageId.ToString(), correlationId: requestId.ToString("N"));
        return session;
    }

    /// <summary>
    /// Before a handler writes to the stream named by an id the partner chose: the stream is new, or it was opened by a
    /// message from that same partner (its first event's causation is a message the ledger received from that partner:
    /// <see cref="OpenCrossBorderSession"/> records it). Anything else — a local case, another partner's request — throws
    /// <see cref="PartnerIdCollisionException"/>: a partner's id never lands on a stream that is not its own.
    /// </summary>
    public static async Task EnsurePartnersStreamAsync(this IDocumentSession session, NpgsqlTransaction transaction, ReceivedCrossBorderMessage message, Guid streamId, CancellationToken ct)
    {
        if (await session.Events.FetchStreamStateAsync(streamId, ct) is null) return;
        var first = (await session.Events.FetchStreamAsync(streamId, version: 1, token: ct)).FirstOrDefault();
        if (first?.CausationId is { } causation && Guid.TryParse(causation, out var messageId)
            && await CrossBorderLedger.WasReceivedAsync(transaction, message.Envelope.From, messageId, ct))
            return;
        throw new PartnerIdCollisionException($"Message {message.Envelope.MessageId} from {message.Envelope.From} names stream {streamId}, which this node did not open for that partner.");
    }
}
