using System.Net;
using System.Text.Json;
using TransnationalReferral.Gateway.Balancing;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway.OwnAccess;

/// <summary>One decision about the person, from whichever service took it, named and explained in the export's language.</summary>
/// <param name="TextLanguage">The language <paramref name="Title"/> and <paramref name="Explanation"/> are in (English where the catalogue lacks the person's).</param>
public sealed record OwnDataDecision(string Service, Guid CaseId, long Sequence, string Decision, string Title, string? Explanation, string TextLanguage, DateTimeOffset RecordedAt,
    string? ActorId, string? ActorRole, string? ActorOrganisation, string? ActorJurisdiction, string? LegalBasis, string? Reasons, JsonElement Data, Guid? RelatedStream);

/// <summary>What one service answered for one case of the person: <c>included</c> (with the case as it holds it), <c>not-found</c> (no record), <c>refused</c> or <c>unavailable</c>.</summary>
public sealed record OwnDataServicePart(string Service, Guid CaseId, string Status, JsonElement? State);

/// <summary>
/// The person's own-data export: their request, their personal data, each service's record of each of their cases, and
/// every decision about them with who, when, legal basis and reasons, in <see cref="Language"/> (the person's when the
/// catalogue has it; <see cref="LanguageNote"/> says when it falls back to English).
/// </summary>
public sealed record OwnDataExport(Guid CaseId, Guid RequestId, DateTimeOffset ProducedAt, string RequestedLanguage, string Language, string? LanguageNote,
    JsonElement Request, string PersonalDataStatus, JsonElement? PersonalData, IReadOnlyList<Guid> Cases, IReadOnlyList<OwnDataServicePart> Parts,
    IReadOnlyList<OwnDataDecision> Decisions, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// <c>GET /api/own-access/cases/{caseId}/requests/{requestId}/export</c> (JSON) and <c>…/export.html</c> (printable): the
/// person's data and every decision about them across the five services, on their recorded request. Composed like the
/// audit timeline (<see cref="Audit.Timeline"/>): the gateway asks each service with the caller's own token, so each
/// service's case scope, its focal-point rule and its access log (purpose <c>victim-request</c>) apply where the data is.
/// Identification is asked first: it checks the request is recorded and open and names the person's cases the caller holds.
/// </summary>
public static class OwnDataExports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Others = ServiceRoutes.Names.Where(n => n != "identification").ToArray();

    private static async Task<(OwnDataExport? Export, IResult? Problem)> BuildAsync(Guid caseId, Guid requestId, HttpContext http, ServiceInstances instances,
        TimeProvider clock, CancellationToken ct)
    {
        var token = http.Request.Headers.Authorization.ToString();
        JsonElement identification;
        using (var client = instances.Client("audit", "identification", token))
        {
            using var response = await client.GetAsync($"api/identification/cases/{caseId}/own-data-requests/{requestId}/own-data", ct);
            if (!response.IsSuccessStatusCode)
                // The refusal (no open request, not the focal point) or the 404 of a case the caller may not see, as Identification answered it.
                return (null, Results.Content(await response.Content.ReadAsStringAsync(ct), response.Content.Headers.ContentType?.ToString() ?? "application/problem+json", null, (int)response.StatusCode));
            identification = await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct);
        }

        var request = identification.GetProperty("request");
        var requested = request.GetProperty("language").GetString() ?? OwnAccessTexts.Fallback;
        var language = OwnAccessTexts.LanguageFor(requested);
        var identificationCases = identification.GetProperty("cases").EnumerateArray().ToList();
        var cases = identificationCases.Select(c => c.GetProperty("caseId").GetGuid()).ToList();

        var parts = identificationCases.Select(c => ("identification", c.GetProperty("caseId").GetGuid(), "included", (JsonElement?)c)).ToList();
        var others = await Task.WhenAll(Others.SelectMany(service => cases.Select(id => (service, id))).Select(async asked =>
        {
            using var client = instances.Client("audit", asked.service, token);
            try
            {
                using var response = await client.GetAsync($"api/{asked.service}/cases/{asked.id}/own-data", ct);
                if (response.StatusCode == HttpStatusCode.NotFound) return (asked.service, asked.id, "not-found", (JsonElement?)null);
                if (!response.IsSuccessStatusCode) return (asked.service, asked.id, "refused", null);
                return (asked.service, asked.id, "included", await response.Content.ReadFromJsonAsync<JsonElement>(Json, ct));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                return (asked.service, asked.id, "unavailable", null);
            }
        }));
        parts.AddRange(others);

        var decisions = parts.Where(p => p.Item4 is not null).SelectMany(p => p.Item4!.Value.GetProperty("decisions").EnumerateArray().Select(d => Decision(p.Item1, p.Item2, d, language)))
            .OrderBy(d => d.RecordedAt).ThenBy(d => d.Service).ThenBy(d => d.Sequence).ToList();
        string? note = null;
        if (language != requested) note = $"The catalogue of texts has no '{requested}': this export is in English. / Catalogul de texte nu conține limba cerută: exportul este în engleză.";
        else if (language != OwnAccessTexts.Fallback && decisions.Any(d => d.TextLanguage != language)) note = OwnAccessTexts.Label(language, "fallback-note");
        var labels = new[] { "title", "intro", "request", "requested-by", "received-at", "due-at", "produced-at", "personal-data", "decisions", "when", "decision", "who", "legal-basis", "reasons", "case", "none", "erased" }
            .Concat(ServiceRoutes.Names.Select(n => $"service.{n}")).ToDictionary(k => k, k => OwnAccessTexts.Label(language, k));
        var personalData = identification.TryGetProperty("personalData", out var data) && data.ValueKind == JsonValueKind.Object ? data : (JsonElement?)null;
        return (new OwnDataExport(caseId, requestId, clock.GetUtcNow(), requested, language, note, request, identification.GetProperty("personalDataStatus").GetString()!, personalData, cases,
            parts.Select(p => new OwnDataServicePart(p.Item1, p.Item2, p.Item3, p.Item4 is { } part ? part.GetProperty("state") : null)).ToList(), decisions, labels), null);
    }

    private static OwnDataDecision Decision(string service, Guid caseId, JsonElement entry, string language)
    {
        static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var code = entry.GetProperty("decision").GetString()!;
        var (title, explanation, textLanguage) = OwnAccessTexts.Decision(language, code);
        return new OwnDataDecision(service, caseId, entry.GetProperty("sequence").GetInt64(), code, title, explanation, textLanguage, entry.GetProperty("recordedAt").GetDateTimeOffset(),
            S(entry, "actorId"), S(entry, "actorRole"), S(entry, "actorOrganisation"), S(entry, "actorJurisdiction"), S(entry, "legalBasis"), S(entry, "reasons"), entry.GetProperty("data"),
            entry.TryGetProperty("relatedStream", out var related) && related.ValueKind == JsonValueKind.String ? related.GetGuid() : null);
    }

    /// <summary>Screen and print styles: A4 pages, table headers repeated on each page, no row split across pages.</summary>
    private const string PrintCss = """
        body{font:11pt/1.4 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:18pt}h2{font-size:14pt;border-bottom:1px solid #999;margin-top:1.5rem}h3{font-size:12pt}
        table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.25rem .4rem;vertical-align:top;text-align:left}table.person th{width:30%}
        .note{border-left:4px solid #c90;padding-left:.5rem}.en{font-size:8pt;border:1px solid #999;padding:0 .2rem}small{color:#444}
        @page{size:A4;margin:15mm}
        @media print{body{margin:0;font-size:10pt}tr{break-inside:avoid}thead{display:table-header-group}h2,h3{break-after:avoid}}
        """;

    /// <summary>The export as a printable HTML document in the person's language (encoded; no scripts; print CSS).</summary>
    public static string Html(OwnDataExport x)
    {
        static string E(object? value) => WebUtility.HtmlEncode(value switch { DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm"), null => "", _ => value.ToString() }) ?? "";
        string L(string key) => E(x.Labels.GetValueOrDefault(key, key));
        string En(string textLanguage) => textLanguage != x.Language ? " <span class=\"en\" title=\"" + E(OwnAccessTexts.Label(x.Language, "in-english")) + "\">EN</span>" : "";

        var person = new System.Text.StringBuilder();
        if (x.PersonalData is { } data)
            foreach (var field in data.EnumerateObject().Where(f => f.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)))
            {
                var value = field.Value.ValueKind switch
                {
                    JsonValueKind.Array => string.Join("; ", field.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Object
                        ? string.Join(", ", v.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.Null).Select(p => p.Value.ToString())) : v.ToString())),
                    _ => field.Value.ToString(),
                };
                if (value.Length > 0) person.Append($"<tr><th>{E(OwnAccessTexts.Label(x.Language, field.Name))}</th><td>{E(value)}</td></tr>");
            }
        var personal = x.PersonalDataStatus switch
        {
            "erased" => $"<p>{L("erased")}</p>",
            _ when person.Length == 0 => $"<p>{L("none")}</p>",
            _ => $"<table class=\"person\">{person}</table>",
        };

        var sections = new System.Text.StringBuilder();
        foreach (var group in x.Decisions.GroupBy(d => d.Service).OrderBy(g => Array.IndexOf(ServiceRoutes.Names, g.Key)))
        {
            sections.Append($"<section><h3>{L($"service.{group.Key}")}</h3><table><thead><tr><th>{L("when")}</th><th>{L("decision")}</th><th>{L("who")}</th><th>{L("legal-basis")}</th><th>{L("reasons")}</th></tr></thead><tbody>");
            foreach (var d in group)
                sections.Append($"<tr><td>{E(d.RecordedAt)}</td><td><strong>{E(d.Title)}</strong>{En(d.TextLanguage)}{(d.Explanation is null ? "" : $"<br><small>{E(d.Explanation)}</small>")}{(x.Cases.Count > 1 ? $"<br><small>{L("case")} {E(d.CaseId)}</small>" : "")}</td>"
                    + $"<td>{E(d.ActorId)}<br><small>{E(d.ActorRole)} · {E(d.ActorOrganisation)} · {E(d.ActorJurisdiction)}</small></td><td>{E(d.LegalBasis)}</td><td>{E(d.Reasons)}</td></tr>");
            sections.Append("</tbody></table></section>");
        }
        var requestedBy = x.Request.TryGetProperty("requestedBy", out var by) ? by.GetString() ?? "" : "";
        var note = x.LanguageNote is null ? "" : $"<p class=\"note\">{E(x.LanguageNote)}</p>";
        var decisionsSection = x.Decisions.Count == 0 ? $"<p>{L("none")}</p>" : sections.ToString();
        return $$"""
            <!doctype html><html lang="{{E(x.Language)}}"><head><meta charset="utf-8"><title>{{L("title")}}</title>
            <style>{{PrintCss}}</style></head>
            <body><h1>{{L("title")}}</h1>{{note}}<p>{{L("intro")}}</p>
            <h2>{{L("request")}}</h2><table class="person"><tr><th>{{L("requested-by")}}</th><td>{{E(OwnAccessTexts.Label(x.Language, requestedBy))}}</td></tr>
            <tr><th>{{L("received-at")}}</th><td>{{E(x.Request.GetProperty("receivedAt").GetDateTimeOffset())}}</td></tr>
            <tr><th>{{L("due-at")}}</th><td>{{E(x.Request.GetProperty("dueAt").GetDateTimeOffset())}}</td></tr>
            <tr><th>{{L("produced-at")}}</th><td>{{E(x.ProducedAt)}}</td></tr></table>
            <h2>{{L("personal-data")}}</h2>{{personal}}
            <h2>{{L("decisions")}}</h2>{{decisionsSection}}
            </body></html>
            """;
    }

    public static IEndpointRouteBuilder MapOwnDataExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/own-access/cases/{caseId:guid}/requests/{requestId:guid}/export", async (Guid caseId, Guid requestId, HttpContext http, ServiceInstances instances, TimeProvider clock, CancellationToken ct) =>
                await BuildAsync(caseId, requestId, http, instances, clock, ct) is var (export, problem) && problem is null ? Results.Ok(export) : problem!)
            .RequireAuthorization(Permissions.ExportOwnData)
            .WithTags("Own access")
            .WithName("ExportOwnData")
            .WithSummary("The person's own data and every decision about them across the five services (who, when, legal basis, reasons), in their language where the catalogue has it, on their recorded open request (POST /api/identification/cases/{caseId}/own-data-requests). Focal point of the case's jurisdiction; every service records the read (victim-request).")
            .Produces<OwnDataExport>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/own-access/cases/{caseId:guid}/requests/{requestId:guid}/export.html", async (Guid caseId, Guid requestId, HttpContext http, ServiceInstances instances, TimeProvider clock, CancellationToken ct) =>
                await BuildAsync(caseId, requestId, http, instances, clock, ct) is var (export, problem) && problem is null
                    ? Results.Content(Html(export!), "text/html; charset=utf-8") : problem!)
            .RequireAuthorization(Permissions.ExportOwnData)
            .WithTags("Own access")
            .WithName("ExportOwnDataDocument")
            .WithSummary("The person's own-data export as a printable HTML document (print CSS, A4) in their language where the catalogue has it. Same rules as the JSON export.")
            .Produces<string>(contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }
}
