using OpenTelemetry.Metrics;

namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>
/// <c>/metrics</c> is for the monitoring system only: a bearer secret from configuration (<c>Metrics:Token</c>) is required,
/// compared in constant time (wrong or missing → 401). Without a configured token the endpoint is served anonymously in
/// Development only; anywhere else it is not mapped at all (404) — the process still starts.
/// </summary>
public static class MetricsAccess
{
    public const string TokenSetting = "Metrics:Token";

    public static void MapMetrics(this WebApplication app)
    {
        var token = app.Configuration[TokenSetting];
        if (string.IsNullOrWhiteSpace(token))
        {
            if (app.Environment.IsDevelopment()) app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
            return;
        }
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
        app.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (http, next) =>
        {
            if (!Presented(http, expected))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"metrics\"";
                return;
            }
            await next(http);
        }), optionsName: null).AllowAnonymous(); // not a user's JWT: the scrape credential above decides
    }

    private static bool Presented(HttpContext http, byte[] expected)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
