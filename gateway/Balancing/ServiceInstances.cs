using System.Net.Http.Headers;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace TransnationalReferral.Gateway.Balancing;

/// <summary>One instance of a service as the gateway sees it: its destination id and health (<c>healthy</c>, <c>unhealthy</c> or <c>unknown</c>).</summary>
public sealed record InstanceHealth(string Instance, string Health);

/// <summary>
/// The services' instances for the gateway's own calls (the audit timeline and export, the own-data export, the ops
/// summary): the same destinations and health state YARP routes the API by, read through <see cref="IProxyStateLookup"/>,
/// so a call goes to an instance that is in rotation — one at random among them, or any configured one when none is
/// (the answer then says "unavailable", as with a single instance that is down).
/// </summary>
public sealed class ServiceInstances(IProxyStateLookup proxy, IHttpClientFactory clients)
{
    /// <summary>A client (<paramref name="clientName"/> of the factory) whose base address is an instance of <paramref name="service"/> in rotation, with the caller's token when given.</summary>
    public HttpClient Client(string clientName, string service, string? authorization = null)
    {
        var client = clients.CreateClient(clientName);
        client.BaseAddress = new Uri(Pick(service).TrimEnd('/') + "/");
        if (!string.IsNullOrEmpty(authorization)) client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return client;
    }

    /// <summary>Each configured instance of <paramref name="service"/> with its health as the active and passive checks see it.</summary>
    public IReadOnlyList<InstanceHealth> Health(string service) => Cluster(service).DestinationsState.AllDestinations
        .Select(d => new InstanceHealth(d.DestinationId, HealthOf(d)))
        .OrderBy(i => i.Instance, StringComparer.Ordinal)
        .ToList();

    private string Pick(string service)
    {
        var destinations = Cluster(service).DestinationsState;
        var candidates = destinations.AvailableDestinations.Count > 0 ? destinations.AvailableDestinations : destinations.AllDestinations;
        return candidates[Random.Shared.Next(candidates.Count)].Model.Config.Address;
    }

    private ClusterState Cluster(string service) =>
        proxy.TryGetCluster(service, out var cluster) ? cluster : throw new InvalidOperationException($"The gateway has no cluster named {service}.");

    private static string HealthOf(DestinationState destination) => (destination.Health.Active, destination.Health.Passive) switch
    {
        (DestinationHealth.Unhealthy, _) or (_, DestinationHealth.Unhealthy) => "unhealthy",
        (DestinationHealth.Healthy, _) => "healthy",
        _ => "unknown",
    };
}
