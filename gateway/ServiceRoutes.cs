using TransnationalReferral.Gateway.Hardening;
using Yarp.ReverseProxy.Configuration;

namespace TransnationalReferral.Gateway;

/// <summary>
/// The gateway's one table: each service's API prefix and OpenAPI document, and where the service runs
/// (<c>Services:{name}</c> in configuration). Every API route needs an authenticated caller; OpenAPI does not.
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

    public static IReadOnlyList<ClusterConfig> Clusters(IConfiguration configuration) => Names.Select(name => new ClusterConfig
    {
        ClusterId = name,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            [name] = new() { Address = configuration[$"Services:{name}"] ?? throw new InvalidOperationException($"Services:{name} (the {name} service's address) is not configured.") },
        },
    }).ToList();
}
