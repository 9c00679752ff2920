using TransnationalReferral.Gateway.Balancing;
using TransnationalReferral.Gateway.Hardening;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace TransnationalReferral.Gateway;

/// <summary>
/// The gateway's one table: each service's API prefix and OpenAPI document, and where the service's instances run
/// (<c>Services:{name}</c> in configuration: one address or several, see <see cref="ServiceAddresses"/>). Every API route needs an authenticated caller; OpenAPI does not.
/// Every proxied route is rate-limited per caller (<see cref="GatewayRateLimiting"/>).
/// </summary>
public static class ServiceRoutes
{
    public static readonly string[] Names = ["identification", "protection", "return", "remedies", "judicial"];

    public static IReadOnlyList<RouteConfig> Routes() => Names.SelectMany(name => new[]
    {
        new RouteConfig
        {
            RouteId = $"api-{name}",
            ClusterId = name,
            AuthorizationPolicy = "default",
            RateLimiterPolicy = GatewayRateLimiting.PolicyName,
            Match = new RouteMatch { Path = $"/api/{name}/{{**rest}}" },
        },
        new RouteConfig
        {
            RouteId = $"openapi-{name}",
            ClusterId = name,
            AuthorizationPolicy = "anonymous",
            RateLimiterPolicy = GatewayRateLimiting.PolicyName,
            Match = new RouteMatch { Path = $"/openapi/{name}.json", Methods = ["GET"] },
            Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
        },
    }).ToList();

    /// <summary>
    /// One cluster per service with one destination per configured instance (<see cref="ServiceAddresses"/>), balanced by
    /// <see cref="BalancingSettings.Policy"/>; an active health check on each instance's <c>/health/ready</c> and the passive
    /// <see cref="FirstTransportFailurePolicy"/>. When no instance is healthy the gateway still tries them all
    /// (<c>HealthyOrPanic</c>): an instance that is unready because its database is away answers its own 503 with
    /// Retry-After, which tells the caller more than the gateway could; one that is down is a 503 from the gateway.
    /// </summary>
    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration, BalancingSettings balancing) => Names.Select(name => new ClusterConfig
    {
        ClusterId = name,
        LoadBalancingPolicy = balancing.Policy,
        Destinations = ServiceAddresses.Of(configuration, name)
            .Select((address, i) => (Id: ServiceAddresses.DestinationId(name, i), Address: address))
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Address }),
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = balancing.HealthCheckInterval,
                Timeout = balancing.HealthCheckTimeout,
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health/ready",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = FirstTransportFailurePolicy.PolicyName,
                ReactivationPeriod = balancing.Reactivation,
            },
        },
    }).ToList();
}
