using System.Text.Json.Nodes;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Issue 22's "done when" for bad input: EVERY operation with a JSON body in the five services' OpenAPI documents, called
/// through the gateway with a valid body built from its schema and then broken one way at a time — a typo'd code in each
/// enum field (nested records and lists included), each required field missing, an unknown member, each date given as
/// <c>06.12.2026</c> and <c>12-31-2026</c>, the body sent as text — is answered 400 (415 for the text) naming the field
/// and saying what is wrong in the caller's words: the enum's every allowed code, "missing", "not a field of this
/// request", ISO 8601. No answer names a .NET type. Every date query parameter of the documents (and <c>asOf</c> of every
/// case read) is swept the same way. A new operation is swept without writing anything.
/// </summary>
public class BadInputSweepTests : NodeFixture
{
    private const string Organisation = "nl-ngo-a";
    private const string Typo = "not-a-code";
    private static readonly string[] Services = ["identification", "protection", "return", "remedies", "judicial"];
    private static readonly string[] AmbiguousDates = ["06.12.2026", "12-31-2026"];

    /// <summary>Tried in this order until one passes authorization; all of the case's own organisation, so that each may see it.</summary>
    private static readonly string[] RolesInOrder =
        [Roles.FocalPoint, Roles.CaseWorker, Roles.JudicialOfficer, Roles.Auditor, Roles.ServiceProvider, Roles.ImmigrationOfficer, Roles.LegalAidLawyer, Roles.Ops];

    /// <summary>The .NET a caller must never read: namespaces, BCL types, generic and nested type names.</summary>
    private static readonly Regex DotNet = new(@"TransnationalReferral\.|System\.|Nullable<|\.NET|\w\+[A-Z]\w");

    private readonly Dictionary<string, HttpClient> _clients = [];
    private Guid _caseId;

    /// <summary>One way of breaking a body: the field the answer must name and what it must say about it.</summary>
    private sealed record Probe(string What, string Field, JsonObject Body, Func<string, bool> Says, string Expected);

    [OneTimeTearDown]
    public void DisposeClients()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }

    private HttpClient Client(string role)
    {
        if (!_clients.TryGetValue(role, out var client))
            _clients[role] = client = Node.Client(role, "NL", Organisation, $"sweep-{role}".ToLowerInvariant());
        return client;
    }

    /// <summary>A case of <see cref="Organisation"/>, known to every service: routes with <c>{caseId}</c> pass the case scope and fail at binding.</summary>
    private async Task<Guid> CaseAsync()
    {
        if (_caseId != Guid.Empty) return _caseId;
        var owner = Client(Roles.CaseWorker);
        var opened = await owner.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = Organisation, jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        foreach (var service in Services.Skip(1))
            await Eventually.TrueAsync($"{service} knows the case", async () => (await owner.GetAsync($"/api/{service}/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        return _caseId = caseId;
    }

    [Test]
    public async Task Every_operation_with_a_body_answers_broken_bodies_with_the_field_and_what_to_send()
    {
        var caseId = await CaseAsync();
        using var anonymous = new HttpClient { BaseAddress = Node.Gateway };
        var failures = new List<string>();
        int bodyOperations = 0, swept = 0, probes = 0, enumProbes = 0, missingProbes = 0, dateProbes = 0;
        foreach (var service in Services)
        {
            var document = await anonymous.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");
            var schemas = document.GetProperty("components").GetProperty("schemas");
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch" or "delete"))
            {
                if (!operation.Value.TryGetProperty("requestBody", out var requestBody)
                    || !requestBody.GetProperty("content").TryGetProperty("application/json", out var json)) continue;
                bodyOperations++;
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var url = Url(path.Name, operation.Value, caseId);
                var schema = Resolve(json.GetProperty("schema"), schemas);
                var valid = (JsonObject)Sample(schema, schemas, 0)!;

                var operationProbes = new List<Probe>
                {
                    new("an unknown member", "notAField", With(valid, b => b["notAField"] = 1), s => s.StartsWith("not a field of this request"), "not a field of this request"),
                };
                operationProbes.AddRange(ProbesOf(schema, schemas, "", f => With(valid, f), 0));
                if (!operationProbes.Any(p => p.What.StartsWith("missing")) && schema.TryGetProperty("required", out var required) && required.GetArrayLength() > 0)
                    failures.Add($"{name}: required fields but no missing-field probe");
                if (Enums(schema, schemas).Any() && !operationProbes.Any(p => p.What.StartsWith("a typo")))
                    failures.Add($"{name}: enum fields but no typo probe");

                var role = await RoleFor(method, url, operationProbes[0].Body);
                if (role is null)
                {
                    failures.Add($"{name}: no role passes authorization");
                    continue;
                }
                foreach (var probe in operationProbes)
                {
                    probes++;
                    if (probe.What.StartsWith("a typo")) enumProbes++;
                    if (probe.What.StartsWith("missing")) missingProbes++;
                    if (probe.What.StartsWith("an ambiguous")) dateProbes++;
                    using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(probe.Body) };
                    var response = await Client(role).SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if (Problem(response, text, HttpStatusCode.BadRequest) is { } wrong) failures.Add($"{name} with {probe.What}: {wrong}");
                    else if (ErrorAt(text, probe.Field) is not { } said) failures.Add($"{name} with {probe.What}: no error for '{probe.Field}': {text}");
                    else if (!probe.Says(said)) failures.Add($"{name} with {probe.What}: '{probe.Field}' says '{said}', expected {probe.Expected}");
                }

                probes++;
                using (var asText = new HttpRequestMessage(method, url) { Content = new StringContent(valid.ToJsonString(), Encoding.UTF8, "text/plain") })
                {
                    var response = await Client(role).SendAsync(asText);
                    var text = await response.Content.ReadAsStringAsync();
                    if (Problem(response, text, HttpStatusCode.UnsupportedMediaType) is { } wrong) failures.Add($"{name} sent as text: {wrong}");
                    else if (!text.Contains("Content-Type: application/json")) failures.Add($"{name} sent as text: does not say to send application/json: {text}");
                }
                swept++;
            }
        }
        await TestContext.Out.WriteLineAsync($"Bad-input sweep: {swept} of {bodyOperations} operations with a JSON body, {probes} probes ({enumProbes} enum typos, {missingProbes} missing fields, {dateProbes} ambiguous dates).");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(bodyOperations, Is.GreaterThan(0));
        Assert.That(swept, Is.EqualTo(bodyOperations));
        Assert.That(enumProbes, Is.GreaterThan(0));
        Assert.That(dateProbes, Is.GreaterThan(0));
    }

    [Test]
    public async Task Every_date_in_a_query_takes_only_iso_8601()
    {
        var caseId = await CaseAsync();
        using var anonymous = new HttpClient { BaseAddress = Node.Gateway };
        var failures = new List<string>();
        var probes = 0;
        // asOf of every service's case read is read by the read itself (not a declared parameter).
        var targets = Services.Select(s => (Name: $"GET /api/{s}/cases/{{caseId}}", Url: $"/api/{s}/cases/{caseId}", Query: "", Parameter: "asOf")).ToList();
        foreach (var document in Services.Select(s => $"/openapi/{s}.json").Append("/openapi/v1.json"))
        {
            var paths = (await anonymous.GetFromJsonAsync<JsonElement>(document)).GetProperty("paths");
            foreach (var path in paths.EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name == "get" && o.Value.TryGetProperty("parameters", out _)))
            {
                var parameters = operation.Value.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").ToList();
                // Other required query parameters get a plausible value: the date must be what the answer is about.
                var others = string.Concat(parameters.Where(p => p.TryGetProperty("required", out var r) && r.GetBoolean())
                    .Select(p => $"&{p.GetProperty("name").GetString()}={QueryValue(p)}"));
                foreach (var parameter in parameters.Where(p => p.TryGetProperty("schema", out var s) && Format(s) is "date-time" or "date"))
                    targets.Add(($"GET {path.Name}", Url(path.Name, operation.Value, caseId), others, parameter.GetProperty("name").GetString()!));
            }
        }
        foreach (var (name, url, others, parameter) in targets.Distinct())
        foreach (var date in AmbiguousDates)
        {
            probes++;
            var role = await RoleFor(HttpMethod.Get, $"{url}?{parameter}=2026-12-06T09:00:00Z{others}", null);
            if (role is null)
            {
                failures.Add($"{name}: no role passes authorization");
                continue;
            }
            var response = await Client(role).GetAsync($"{url}?{parameter}={Uri.EscapeDataString(date)}{others}");
            var text = await response.Content.ReadAsStringAsync();
            if (Problem(response, text, HttpStatusCode.BadRequest) is { } wrong) failures.Add($"{name}?{parameter}={date}: {wrong}");
            else if (ErrorAt(text, parameter) is not { } said || !said.Contains("ISO 8601")) failures.Add($"{name}?{parameter}={date}: does not ask for ISO 8601 in '{parameter}': {text}");
        }
        await TestContext.Out.WriteLineAsync($"Query-date sweep: {targets.Distinct().Count()} date parameters, {probes} probes.");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(targets.Count(t => t.Parameter != "asOf"), Is.GreaterThan(0), "the gateway's timeline has from, to and asOf");
    }

    /// <summary>The first role whose call is not refused by authorization (401/403), or null.</summary>
    private async Task<string?> RoleFor(HttpMethod method, string url, JsonObject? body)
    {
        foreach (var role in RolesInOrder)
        {
            using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await Client(role).SendAsync(request);
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)) return role;
        }
        return null;
    }

    /// <summary>What is wrong with an answer that should be a ProblemDetails of <paramref name="status"/> without .NET in it; null when nothing.</summary>
    private static string? Problem(HttpResponseMessage response, string text, HttpStatusCode status)
    {
        if (response.StatusCode != status) return $"{(int)response.StatusCode} instead of {(int)status}: {text}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"not a ProblemDetails ({response.Content.Headers.ContentType}): {text}";
        return DotNet.Match(text) is { Success: true } m ? $"names .NET ('{m.Value}'): {text}" : null;
    }

    private static string? ErrorAt(string problem, string field) =>
        JsonNode.Parse(problem)?["errors"]?[field] is JsonArray { Count: > 0 } said ? said[0]!.GetValue<string>() : null;

    private static JsonObject With(JsonObject valid, Action<JsonObject> change)
    {
        var body = (JsonObject)valid.DeepClone();
        change(body);
        return body;
    }

    /// <summary>
    /// The probes of one object of the body (the body itself, then its nested objects): <paramref name="within"/> gives the
    /// whole body with this object changed.
    /// </summary>
    private static IEnumerable<Probe> ProbesOf(JsonElement schema, JsonElement schemas, string prefix, Func<Action<JsonObject>, JsonObject> within, int depth)
    {
        if (depth > 3 || !schema.TryGetProperty("properties", out var properties)) yield break;
        if (schema.TryGetProperty("required", out var required))
            foreach (var field in required.EnumerateArray().Select(r => r.GetString()!))
                yield return new($"missing {prefix}{field}", prefix + field, within(o => o.Remove(field)), s => s == "missing", "missing");
        foreach (var property in properties.EnumerateObject())
        {
            var field = property.Name;
            var type = Resolve(property.Value, schemas);
            if (Codes(type) is { Count: > 0 } codes)
                yield return new($"a typo in {prefix}{field}", prefix + field, within(o => o[field] = Typo), s => Lists(s, codes), $"not one of: {string.Join(", ", codes)}");
            else if (Type(type) == "array" && type.TryGetProperty("items", out var items) && Codes(Resolve(items, schemas)) is { Count: > 0 } itemCodes)
                yield return new($"a typo in {prefix}{field}[0]", $"{prefix}{field}[0]", within(o => o[field] = new JsonArray(Typo)), s => Lists(s, itemCodes), $"not one of: {string.Join(", ", itemCodes)}");
            else if (Format(type) is "date-time" or "date")
                foreach (var date in AmbiguousDates)
                    yield return new($"an ambiguous date {date} in {prefix}{field}", prefix + field, within(o => o[field] = date), s => s.Contains("ISO 8601"), "ISO 8601");
            else if (Type(type) == "object" && type.TryGetProperty("properties", out _))
            {
                var nested = type;
                foreach (var probe in ProbesOf(nested, schemas, $"{prefix}{field}.", change => within(o =>
                         {
                             var inner = o[field] as JsonObject ?? (JsonObject)Sample(nested, schemas, depth + 1)!;
                             o[field] = With(inner, change);
                         }), depth + 1))
                    yield return probe;
            }
        }
    }

    private static bool Lists(string said, IReadOnlyList<string> codes) => said.StartsWith("not one of: ") && codes.All(c => said.Contains(c));

    private static IEnumerable<string> Enums(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().Where(p => Codes(Resolve(p.Value, schemas)).Count > 0).Select(p => p.Name)
            : [];

    /// <summary>A value of the schema's type that binds: its first code, a plausible date, uuid, number, and every required field of an object.</summary>
    private static JsonNode? Sample(JsonElement schema, JsonElement schemas, int depth)
    {
        schema = Resolve(schema, schemas);
        if (Codes(schema) is { Count: > 0 } codes) return codes[0];
        switch (Type(schema))
        {
            case "object":
                var body = new JsonObject();
                if (depth < 6 && schema.TryGetProperty("required", out var required) && schema.TryGetProperty("properties", out var properties))
                    foreach (var field in required.EnumerateArray().Select(r => r.GetString()!))
                        body[field] = Sample(properties.GetProperty(field), schemas, depth + 1);
                return body;
            case "array": return new JsonArray();
            case "integer" or "number": return 1;
            case "boolean": return true;
            default:
                return Format(schema) switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" => "2026-12-06T09:00:00Z",
                    "date" => "2026-12-06",
                    _ => "x",
                };
        }
    }

    /// <summary>The schema itself: a <c>$ref</c> followed, the non-null branch of a nullable <c>oneOf</c>/<c>anyOf</c>.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference)) schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            else if ((schema.TryGetProperty("oneOf", out var branches) || schema.TryGetProperty("anyOf", out branches) || schema.TryGetProperty("allOf", out branches))
                     && branches.EnumerateArray().FirstOrDefault(b => !(b.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")) is { ValueKind: JsonValueKind.Object } branch)
                schema = branch;
            else return schema;
        }
        return schema;
    }

    private static IReadOnlyList<string> Codes(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values) ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() : [];

    /// <summary>The schema's type, the non-null one of a <c>["null", "string"]</c>; an integer sent as <c>["integer", "string"]</c> is an integer.</summary>
    private static string? Type(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type)) return schema.TryGetProperty("properties", out _) ? "object" : null;
        return type.ValueKind == JsonValueKind.String ? type.GetString() : type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null");
    }

    private static string? Format(JsonElement schema) => schema.TryGetProperty("format", out var format) ? format.GetString() : null;

    private static string QueryValue(JsonElement parameter)
    {
        var schema = parameter.GetProperty("schema");
        return Codes(schema) is { Count: > 0 } codes ? codes[0] : Format(schema) == "uuid" ? Guid.NewGuid().ToString() : parameter.GetProperty("name").GetString() == "purpose" ? "audit" : "x";
    }

    /// <summary>The operation's URL: <c>{caseId}</c> the seeded case, another uuid a fresh one (binding fails before it is read), a code the case's organisation.</summary>
    private static string Url(string template, JsonElement operation, Guid caseId) => Regex.Replace(template, @"\{(?<name>[^}:]+)[^}]*\}", m =>
    {
        var name = m.Groups["name"].Value;
        if (name == "caseId") return caseId.ToString();
        var uuid = operation.TryGetProperty("parameters", out var parameters) && parameters.EnumerateArray()
            .Any(p => p.GetProperty("name").GetString() == name && p.TryGetProperty("schema", out var s) && Format(s) == "uuid");
        return uuid || name.EndsWith("Id") ? Guid.NewGuid().ToString() : Organisation;
    });
}
