using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>Ready only when the service's own PostgreSQL database answers.</summary>
public sealed class PostgresHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = store.QuerySession();
            await session.QueryAsync<int>("select 1", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", e);
        }
    }
}
