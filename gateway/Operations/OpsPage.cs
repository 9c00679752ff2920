using System.Reflection;
using System.Text.Json;
using TransnationalReferral.Gateway.Balancing;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway.Operations;

/// <summary>
/// One service's operations summary as the gateway got it: its snapshot (from one instance in rotation: the figures come
/// from the service's database, the same whichever instance reads them), or why there is none; and each of its instances
/// with the health the gateway's checks see.
/// </summary>
public sealed record ServiceOps(string Service, string Status, JsonElement? Summary, IReadOnlyList<InstanceHealth> Instances);

public sealed record NodeOps(DateTimeOffset At, IReadOnlyList<ServiceOps> Services);

/// <summary>
/// The built-in ops page, for sites that run no Grafana. <c>GET /ops</c> is a static page (HTML, a script and a style
/// sheet, embedded in the gateway; no data, so no token needed to load it); the page signs in with a bearer token kept
/// in the tab's session storage and polls <c>GET /api/ops/summary</c>, which asks every service's
/// <c>/api/{service}/ops</c> with the caller's own token — each service decides (role Ops or FocalPoint; overdue items of
/// the caller's jurisdiction only). The services own their figures (read from their read models, cached); the gateway
/// only gathers them. Scraping /metrics instead would need a Prometheus text parser in the gateway and still lack the
/// overdue items' ids and the per-jurisdiction filter.
/// </summary>
public static class OpsPage
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, (string ContentType, byte[] Body)> Assets = new()
    {
        ["/ops"] = ("text/html; charset=utf-8", Read("ops.html")),
        ["/ops/ops.js"] = ("text/javascript; charset=utf-8", Read("ops.js")),
        ["/ops/ops.css"] = ("text/css; charset=utf-8", Read("ops.css")),
    };

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"TransnationalReferral.Gateway.Operations.wwwroot.{name}")
            ?? throw new InvalidOperationException($"ops page asset {name} is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static WebApplication MapOpsPage(this WebApplication app)
    {
        foreach (var (path, asset) in Assets)
            app.MapGet(path, (HttpContext http) =>
                {
                    http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    http.Response.Headers.CacheControl = "no-cache";
                    return Results.Bytes(asset.Body, asset.ContentType);
                })
                .AllowAnonymous()
                .ExcludeFromDescription();

        app.MapGet("/api/ops/summary", async (HttpContext http, ServiceInstances instances, TimeProvider clock, CancellationToken ct) =>
            {
                var token = http.Request.Headers.Authorization.ToString();
                var answers = await Task.WhenAll(ServiceRoutes.Names.Select(async name =>
                {
                    try
                    {
                        using var client = instances.Client("ops", name, token);
                        using var response = await client.GetAsync($"api/{name}/ops", ct);
                        return response.IsSuccessStatusCode
                            ? new ServiceOps(name, "ok", await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct), instances.Health(name))
                            : new ServiceOps(name, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), null, instances.Health(name));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !ct.IsCancellationRequested)
                    {
                        return new ServiceOps(name, "unavailable", null, instances.Health(name));
                    }
                }));
                return Results.Ok(new NodeOps(clock.GetUtcNow(), answers));
            })
            .RequireAuthorization(Permissions.ReadOperations)
            .WithTags("Operations")
            .WithName("NodeOperations")
            .WithSummary("Every service's operations summary (figures, overdue items of your jurisdiction by id, outbox and _error queues), as the ops page shows it.")
            .Produces<NodeOps>();
        return app;
    }
}
