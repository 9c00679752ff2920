using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace TransnationalReferral.Gateway.Balancing;

/// <summary>
/// The passive health check: a request the gateway could not deliver to an instance (connection refused or reset, no
/// response headers) takes that instance out of rotation at once, for <see cref="BalancingSettings.Reactivation"/>; after
/// that it is back if the active check (its <c>/health/ready</c>) does not say otherwise. YARP's own
/// <c>TransportFailureRate</c> policy waits for a failure rate over a minute of at least ten requests, so after a crash it
/// would keep sending a share of requests to the dead instance for a while; one refused connection is evidence enough.
/// A timeout does not count (a slow answer is not a dead instance), nor a request the client gave up.
/// The cluster's available instances are updated before the failed request is answered (YARP would do it on a
/// background task a moment later): the client's next request, and its retry, no longer meet the dead instance.
/// </summary>
public sealed class FirstTransportFailurePolicy(IDestinationHealthUpdater health, IClusterDestinationsUpdater destinations) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "FirstTransportFailure";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (context.RequestAborted.IsCancellationRequested) return;
        if (context.Features.Get<IForwarderErrorFeature>()?.Error is not ForwarderError.Request) return;
        var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? TimeSpan.FromSeconds(10);
        if (destination.Health.Passive == DestinationHealth.Unhealthy) return;
        health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
        destinations.UpdateAvailableDestinations(cluster);
    }
}
