using MassTransit;
using RabbitMQ.Client;

namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// A RabbitMQ cluster as one broker: <c>RabbitMq:ClusterNodes</c> ("host:port,host:port", the other nodes of the cluster
/// that <c>ConnectionStrings:RabbitMq</c> names one of) lets the bus connect to whichever node answers. The node of the
/// connection string comes first, then the others in the order given; when the node in use goes away, MassTransit
/// reconnects to the next one. Without the setting the bus uses the connection string's host alone, as before.
/// </summary>
public static class RabbitMqClusterNodes
{
    /// <summary>Adds the cluster's nodes to the host (nothing when <c>RabbitMq:ClusterNodes</c> is empty).</summary>
    public static void UseClusterNodes(this IRabbitMqHostConfigurator host, IConfiguration configuration)
    {
        var uri = configuration.GetConnectionString("RabbitMq");
        if (uri is null) return;
        var nodes = Of(new Uri(uri), configuration["RabbitMq:ClusterNodes"]);
        if (nodes.Count <= 1) return;
        host.UseCluster(cluster =>
        {
            foreach (var node in nodes) cluster.Node(node);
        });
    }

    /// <summary>
    /// The same nodes for a RabbitMQ.Client connection of the service's own (user, password and vhost still come from
    /// the connection string): the client tries them in turn until one accepts.
    /// </summary>
    public static IList<AmqpTcpEndpoint> Endpoints(IConfiguration configuration)
    {
        var uri = new Uri(configuration.GetConnectionString("RabbitMq") ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured."));
        return Of(uri, configuration["RabbitMq:ClusterNodes"]).Select(node => new AmqpTcpEndpoint(new Uri($"{uri.Scheme}://{node}"))).ToList();
    }

    /// <summary>
    /// The nodes to try, as "host:port": the connection string's own first, then each listed one not already named
    /// (blanks and repeats ignored). A single entry means there is no cluster to configure.
    /// </summary>
    public static IReadOnlyList<string> Of(Uri connection, string? clusterNodes)
    {
        var port = connection.IsDefaultPort ? (connection.Scheme == "amqps" ? 5671 : 5672) : connection.Port;
        var nodes = new List<string> { $"{connection.Host}:{port}" };
        foreach (var node in (clusterNodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var named = node.Contains(':') ? node : $"{node}:{port}";
            if (!nodes.Contains(named, StringComparer.OrdinalIgnoreCase)) nodes.Add(named);
        }
        return nodes;
    }
}
