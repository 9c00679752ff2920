using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

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
}
