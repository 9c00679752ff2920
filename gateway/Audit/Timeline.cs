using System.Net;
using System.Text.Json;
using TransnationalReferral.Gateway.Balancing;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway.Audit;

/// <summary>One decision of the case, from whichever service took it.</summary>
public sealed record TimelineEntry(
    string Service, long Version, long Sequence, string Decision, DateTimeOffset RecordedAt,
    string? ActorId, string? ActorRole, string? ActorOrganisation, string? ActorJurisdiction,
    string? LegalBasis, string? Reasons, string? CorrelationId, string? CausationId, JsonElement Data, Guid? RelatedStream = null);

/// <summary>What each service answered: included (with its number of entries), not-found (no record the caller may see) or unavailable.</summary>
public sealed record ServiceAnswer(string Service, string Status, int Entries);

/// <summary>A read of the case's personal data or history, from the services' access logs (auditors only).</summary>
public sealed record AccessEntry(string Service, JsonElement Entry);

/// <summary>A case exported for offline verification: each service's stream with everything its hashes cover.</summary>
public sealed record CaseExport(Guid CaseId, DateTimeOffset ExportedAt, IReadOnlyList<TransnationalReferral.ServiceDefaults.EventStore.HashChain.ChainExport> Streams);

/// <summary>
/// The timeline is pseudonymous (ids and codes). With <c>personalData=true</c> the person's data is added from
/// Identification's vault — only for callers it allows to read it, for the stated purpose, recorded in its access log:
/// <c>PersonalDataStatus</c> is <c>pseudonymised</c> (not asked), <c>included</c>, <c>not-permitted</c>, <c>erased</c> or <c>none</c>.
/// </summary>
public sealed record CaseTimeline(Guid CaseId, DateTimeOffset? AsOf, IReadOnlyList<TimelineEntry> Entries, IReadOnlyList<ServiceAnswer> Services, IReadOnlyList<AccessEntry> Accesses,
    string PersonalDataStatus = "pseudonymised", JsonElement? PersonalData = null);

/// <summary>
/// <c>GET /api/audit/cases/{caseId}/timeline</c>: every decision on the case from all five services in one order,
/// with who, role, organisation, jurisdiction, legal basis, reasons, correlation and causation, and the service it
/// came from. The gateway asks each service with the caller's own token, so each service's access rules and access
/// log apply unchanged: the timeline shows exactly what the caller may see, and every read is logged where it happens.
/// </summary>
public static class Timeline
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<(CaseTimeline? Timeline, IResult? Problem)> BuildAsync(Guid caseId, string? purpose, string? service, string? decision, string? actor,
        DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? asOf, bool personalData, HttpContext http, ServiceInstances instances, CancellationToken ct)
    {
            if (string.IsNullOrWhiteSpace(purpose)) return (null, Problems.Invalid("purpose", "state why you read this case's history (e.g. audit); each service records it in its access log."));
            if (service is not null && !ServiceRoutes.Names.Contains(service)) return (null, Problems.Invalid("service", $"one of {string.Join(", ", ServiceRoutes.Names)}."));
            var token = http.Request.Headers.Authorization.ToString();
            var auditor = http.User.IsInRole(Roles.Auditor);
            var asked = service is null ? ServiceRoutes.Names : [service];

            var answers = await Task.WhenAll(asked.Select(async name =>
            {
                using var client = instances.Client("audit", name, token);
                try
                {
                    var response = await client.GetAsync($"api/{name}/cases/{caseId}/history?purpose={Uri.EscapeDataString(purpose)}", ct);
                    if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden) return (name, Status: "not-found", Entries: Array.Empty<TimelineEntry>(), Accesses: Array.Empty<AccessEntry>());
                    if (response.StatusCode == HttpStatusCode.BadRequest) return (name, Status: "bad-request", Entries: [], Accesses: []);
                    response.EnsureSuccessStatusCode();
                    var entries = (await response.Content.ReadFromJsonAsync<List<TimelineEntry>>(Json, ct) ?? []).Select(e => e with { Service = name }).ToArray();
                    AccessEntry[] accesses = [];
                    if (auditor)
                    {
                        var log = await client.GetFromJsonAsync<List<JsonElement>>($"api/{name}/access-log?caseId={caseId}", Json, ct) ?? [];
                        accesses = log.Select(entry => new AccessEntry(name, entry)).ToArray();
                    }
                    return (name, Status: "included", Entries: entries, Accesses: accesses);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    return (name, Status: "unavailable", Entries: [], Accesses: []);
                }
            }));

            if (answers.Any(a => a.Status == "bad-request")) return (null, Problems.Invalid("purpose", "not a purpose the services accept (identification, assistance, return-and-reintegration, compensation, criminal-proceedings, audit, victim-request)."));
            if (answers.All(a => a.Status == "not-found")) return (null, Problems.NotFound("The case"));
            var until = asOf ?? to;
            var entries = answers.SelectMany(a => a.Entries)
                .Where(e => (decision is null || e.Decision == decision) && (actor is null || e.ActorId == actor)
                            && (from is null || e.RecordedAt >= from) && (until is null || e.RecordedAt <= until))
                .OrderBy(e => e.RecordedAt).ThenBy(e => e.Service).ThenBy(e => e.Sequence)
                .ToList();
            var (personalDataStatus, person) = personalData ? await PersonalDataAsync(caseId, purpose, token, instances, ct) : ("pseudonymised", null);
            return (new CaseTimeline(caseId, asOf, entries,
                answers.Select(a => new ServiceAnswer(a.name, a.Status, a.Entries.Length)).ToList(),
                answers.SelectMany(a => a.Accesses).ToList(), personalDataStatus, person), null);
    }

    /// <summary>The person's data, read from Identification with the caller's token and purpose (its rules and access log apply).</summary>
    private static async Task<(string Status, JsonElement? Data)> PersonalDataAsync(Guid caseId, string purpose, string token, ServiceInstances instances, CancellationToken ct)
    {
        using var client = instances.Client("audit", "identification", token);
        try
        {
            using var response = await client.GetAsync($"api/identification/cases/{caseId}/personal-data?purpose={Uri.EscapeDataString(purpose)}", ct);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => ("included", await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct)),
                HttpStatusCode.Forbidden => ("not-permitted", null),
                HttpStatusCode.Gone => ("erased", null),
                _ => ("none", null),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ("unavailable", null);
        }
    }

    /// <summary>The timeline as a plain, printable HTML document (encoded; no scripts).</summary>
    private static string Html(CaseTimeline t)
    {
        static string E(object? value) => System.Net.WebUtility.HtmlEncode(value?.ToString() ?? "");
        var rows = string.Concat(t.Entries.Select(e =>
            $"<tr><td>{E(e.RecordedAt.ToString("u"))}</td><td>{E(e.Service)}</td><td>{E(e.Decision)}{(e.RelatedStream is { } related ? $"<br><small>on {E(related)}</small>" : "")}</td><td>{E(e.ActorId)}<br>{E(e.ActorRole)} · {E(e.ActorOrganisation)} · {E(e.ActorJurisdiction)}</td><td>{E(e.LegalBasis)}</td><td>{E(e.Reasons)}</td></tr>"));
        var accesses = string.Concat(t.Accesses.Select(a => $"<li>{E(a.Service)}: {E(a.Entry)}</li>"));
        var services = string.Join(", ", t.Services.Where(s => s.Status == "included").Select(s => E(s.Service)));
        var asOfText = t.AsOf is { } asOf ? $", as of {E(asOf.ToString("u"))}" : "";
        return $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Case {{t.CaseId}} — timeline</title>
            <style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}</style></head>
            <body><h1>Case {{t.CaseId}}</h1><p>{{t.Entries.Count}} decisions from {{services}}{{asOfText}}.</p>
            <table><thead><tr><th>When (UTC)</th><th>Service</th><th>Decision</th><th>Who</th><th>Legal basis</th><th>Reasons</th></tr></thead><tbody>{{rows}}</tbody></table>
            <h2>Access log</h2><ul>{{accesses}}</ul></body></html>
            """;
    }

    public static IEndpointRouteBuilder MapAuditTimeline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit/cases/{caseId:guid}/timeline", async (Guid caseId, string? purpose, string? service, string? decision, string? actor,
                DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset? asOf, bool? personalData, HttpContext http, ServiceInstances instances, CancellationToken ct) =>
            {
                var (timeline, problem) = await BuildAsync(caseId, purpose, service, decision, actor, from, to, asOf, personalData == true, http, instances, ct);
                return problem ?? Results.Ok(timeline);
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .RequireIsoDates()
            .WithTags("Audit")
            .WithName("CaseTimeline")
            .WithSummary("Every decision on the case from all services, in order, with who, role, organisation, jurisdiction, legal basis, reasons, correlation and causation. Filters: service, decision, actor, from, to, asOf. Needs ?purpose= (logged by each service). Auditors also see the access log. Pseudonymous; personalData=true adds the person's data for callers Identification allows to read it (purpose-bound, logged).")
            .Produces<CaseTimeline>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/audit/cases/{caseId:guid}/timeline.html", async (Guid caseId, string? purpose, string? service, DateTimeOffset? asOf, HttpContext http, ServiceInstances instances, CancellationToken ct) =>
            {
                var (timeline, problem) = await BuildAsync(caseId, purpose, service, null, null, null, null, asOf, false, http, instances, ct);
                return problem ?? Results.Content(Html(timeline!), "text/html; charset=utf-8");
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .RequireIsoDates()
            .WithTags("Audit")
            .WithName("CaseTimelineDocument")
            .WithSummary("The case timeline as a human-readable HTML document (for printing or filing). Needs ?purpose=.")
            .Produces<string>(contentType: "text/html");

        app.MapGet("/api/audit/cases/{caseId:guid}/export", async (Guid caseId, string? purpose, HttpContext http, ServiceInstances instances, TimeProvider clock, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(purpose)) return Problems.Invalid("purpose", "state why you export this case (e.g. audit); each service records it in its access log.");
                var token = http.Request.Headers.Authorization.ToString();
                var streams = await Task.WhenAll(ServiceRoutes.Names.Select(async name =>
                {
                    using var client = instances.Client("audit", name, token);
                    var response = await client.GetAsync($"api/{name}/cases/{caseId}/export?purpose={Uri.EscapeDataString(purpose)}", ct);
                    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<TransnationalReferral.ServiceDefaults.EventStore.HashChain.ChainExport>(Json, ct) : null;
                }));
                var found = streams.OfType<TransnationalReferral.ServiceDefaults.EventStore.HashChain.ChainExport>().ToList();
                return found.Count == 0 ? Problems.NotFound("The case") : Results.Ok(new CaseExport(caseId, clock.GetUtcNow(), found));
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .WithTags("Audit")
            .WithName("ExportCase")
            .WithSummary("The case's streams from every service with their hash chains, to verify offline with `gateway verify <file>`. Needs ?purpose= (logged by each service).")
            .Produces<CaseExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/api/audit/keys", async (ServiceInstances instances, CancellationToken ct) =>
            {
                var keys = await Task.WhenAll(ServiceRoutes.Names.Select(async name =>
                {
                    using var client = instances.Client("audit", name);
                    try { return await client.GetFromJsonAsync<ServiceKey>($"api/{name}/checkpoints/key", Json, ct); }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { return null; }
                }));
                var found = keys.OfType<ServiceKey>().ToList();
                return found.Count == ServiceRoutes.Names.Length
                    ? Results.Ok(new TrustedKeys(found))
                    : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not every service answered",
                        detail: $"Keys from {string.Join(", ", found.Select(k => k.Service))} only: a partial key file would fail verification of the others; try again.");
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .WithTags("Audit")
            .WithName("CheckpointKeys")
            .WithSummary("Every service's checkpoint public key, as the file `verify --keys` takes. Pin it: keep the copy you verified against the one the node's operator publishes out of band.")
            .Produces<TrustedKeys>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
