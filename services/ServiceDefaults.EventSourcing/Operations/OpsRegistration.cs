using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TransnationalReferral.ServiceDefaults.Operations;

public static class OpsRegistration
{
    /// <summary>The operations plumbing every service with an event store has (called by <c>AddEventStore</c>).</summary>
    internal static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<OpsSnapshotCache>();
        services.TryAddSingleton<OpsMetrics>();
        services.TryAddSingleton<OpsRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsRefresher>());
        return services;
    }

    /// <summary>A service's figures (its read models' "how many X are in state Y"), read by the refresher.</summary>
    public static IServiceCollection AddOpsFigures<TFigures>(this IServiceCollection services) where TFigures : class, IOpsFigures
    {
        services.AddSingleton<IOpsFigures, TFigures>();
        return services;
    }

    /// <summary>A duration the service records at a decision, as a histogram with buckets that fit it.</summary>
    public static IServiceCollection AddOpsDuration(this IServiceCollection services, string name, string description, double[] bucketSeconds)
    {
        services.AddSingleton(new DurationDefinition(name, description, bucketSeconds));
        return services;
    }

    /// <summary>
    /// <c>GET {group}/ops</c>: the cached figures, the overdue items of the caller's jurisdiction (ids only), the
    /// outbox lag and the <c>_error</c> queues — what the gateway's ops page shows. Role Ops or FocalPoint.
    /// </summary>
    public static RouteHandlerBuilder MapOpsSummary(this IEndpointRouteBuilder api, string service) =>
        api.MapGet("/ops", (HttpContext http, OpsSnapshotCache cache) =>
            {
                var jurisdiction = http.Actor().Jurisdiction;
                var snapshot = cache.Current;
                return TypedResults.Ok(snapshot with
                {
                    Figures = [.. snapshot.Figures.Where(f => !f.Labels.TryGetValue("jurisdiction", out var j) || j == jurisdiction)],
                    Overdue = [.. snapshot.Overdue.Where(i => i.Jurisdiction == jurisdiction)],
                });
            })
            .RequireAuthorization(Permissions.ReadOperations)
            .WithTags("Operations")
            .WithName($"{service}Operations")
            .WithSummary("Operations summary: figures, overdue items of your jurisdiction (ids only), outbox lag, _error queues. Refreshed every Ops:RefreshSeconds.");
}
