using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The five services' OpenAPI documents as the gateway serves them are complete enough to take a decision from the docs
/// page: every body has an example the API accepts, one schema name means one schema, and Redocly's recommended ruleset
/// finds no error and no warning that deploy/redocly/redocly.yaml does not justify.
/// </summary>
public partial class OpenApiDocumentTests : NodeFixture
{
    private static readonly string[] Services = ["identification", "protection", "return", "remedies", "judicial"];

    private HttpClient Anonymous() => new() { BaseAddress = Node.Gateway };

    private async Task<Dictionary<string, JsonNode>> DocumentsAsync()
    {
        using var client = Anonymous();
        var documents = new Dictionary<string, JsonNode>();
        foreach (var service in Services) documents[service] = JsonNode.Parse(await client.GetStringAsync($"/openapi/{service}.json"))!;
        return documents;
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => ($"{o.Key} {path.Key}", o.Value!.AsObject())));

    [Test]
    public async Task Every_request_body_has_an_example_and_every_write_declares_its_problems_with_the_shared_schema()
    {
        var wrong = new List<string>();
        var bodies = 0;
        foreach (var (service, document) in await DocumentsAsync())
        foreach (var (name, operation) in Operations(document))
        {
            if (operation["requestBody"]?["content"] is JsonObject content)
            {
                bodies++;
                if (content.Any(media => media.Value?["example"] is null)) wrong.Add($"{service} {name}: no example");
            }
            if (!name.StartsWith("get ")) 
                foreach (var status in new[] { "400", "401", "403" })
                    if (operation["responses"]?[status]?["content"]?["application/problem+json"]?["schema"]?["$ref"] is null) wrong.Add($"{service} {name}: {status} without the shared problem schema");
            if (operation["responses"]?["201"] is JsonObject created && created["headers"]?["Location"] is null) wrong.Add($"{service} {name}: 201 without Location");
            if (operation["parameters"] is JsonArray parameters && parameters.FirstOrDefault(p => p?["name"]?.GetValue<string>() == "purpose") is { } purpose
                && (purpose["required"]?.GetValue<bool>() != true || purpose["schema"]?["enum"] is not JsonArray { Count: > 0 }))
                wrong.Add($"{service} {name}: purpose neither required nor enumerated");
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
        Assert.That(bodies, Is.GreaterThan(60));
    }

    [Test]
    public async Task A_schema_name_means_the_same_schema_in_all_five_documents()
    {
        var seen = new Dictionary<string, (string Service, string Schema)>();
        var wrong = new List<string>();
        foreach (var (service, document) in await DocumentsAsync())
        foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? [])
        {
            var json = schema!.ToJsonString();
            if (seen.TryGetValue(name, out var earlier) && earlier.Schema != json) wrong.Add($"{name}: {earlier.Service} {earlier.Schema}\n  vs {service} {json}");
            else seen.TryAdd(name, (service, json));
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
    }

    /// <summary>The docs page alone suffices: the example of the reasonable-grounds decision, sent as it is with the case's ETag, is taken.</summary>
    [Test]
    public async Task The_example_in_the_served_document_takes_the_decision_through_the_gateway()
    {
        var identification = (await DocumentsAsync())["identification"];
        JsonNode Example(string method, string path) => identification["paths"]![path]![method]!["requestBody"]!["content"]!["application/json"]!["example"]!;

        using var focalPoint = Anonymous().Authorize("FocalPoint", "NL", "nl-focal-point", "officer-7");
        var opened = await focalPoint.PostAsync("/api/identification/cases", JsonContent(Example("post", "/api/identification/cases")));
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();

        foreach (var decision in new[] { "information-on-rights", "reasonable-grounds" })
        {
            var path = $"/api/identification/cases/{caseId}/{decision}";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent(Example("post", $"/api/identification/cases/{{caseId}}/{decision}")) };
            request.Headers.IfMatch.Add(new(await focalPoint.ETagOfAsync($"/api/identification/cases/{caseId}")));
            var taken = await focalPoint.SendAsync(request);
            Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{decision}: {await taken.Content.ReadAsStringAsync()}");
        }
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    [Test]
    public async Task Redocly_finds_no_error_and_no_unjustified_warning_in_the_five_documents()
    {
        var dir = Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/redocly");
        var redocly = Path.Combine(dir, "node_modules/.bin/redocly");
        if (!File.Exists(redocly))
        {
            const string missing = "@redocly/cli is not installed in deploy/redocly: ./build.sh --target=Test installs it (npm ci), or run npm ci there";
            if (Environment.GetEnvironmentVariable("TR_REDOCLY") == "required") Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "openapi");
        Directory.CreateDirectory(output);
        var files = new List<string>();
        foreach (var (service, document) in await DocumentsAsync())
        {
            var file = Path.Combine(output, $"{service}.json");
            await File.WriteAllTextAsync(file, document.ToJsonString());
            files.Add(file);
        }

        var start = new ProcessStartInfo(redocly, ["lint", "--config", Path.Combine(dir, "redocly.yaml"), "--format", "stylish", .. files])
            { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + "\n" + await stderr;
        TestContext.Out.WriteLine(text);

        // Stylish output: "<file>:" then one line per problem ("  1:70  error  rule  message"); counted per document.
        var counts = new Dictionary<string, (int Errors, int Warnings)>();
        var current = "";
        foreach (var line in text.Split('\n'))
        {
            if (line.EndsWith(".json:", StringComparison.Ordinal)) current = Path.GetFileNameWithoutExtension(line.TrimEnd(':'));
            else if (Problem().Match(line) is { Success: true } problem)
            {
                var (e, w) = counts.GetValueOrDefault(current);
                counts[current] = problem.Groups["severity"].Value == "error" ? (e + 1, w) : (e, w + 1);
            }
        }
        foreach (var service in Services)
            TestContext.Out.WriteLine($"redocly {service}: {counts.GetValueOrDefault(service).Errors} errors, {counts.GetValueOrDefault(service).Warnings} warnings");
        Assert.That(counts.Where(c => c.Value != (0, 0)).Select(c => $"{c.Key}: {c.Value.Errors} errors, {c.Value.Warnings} warnings"), Is.Empty, text);
        Assert.That(process.ExitCode, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("Woohoo!"), text);
    }

    [GeneratedRegex(@"^\s+\d+:\d+\s+(?<severity>error|warning)\s")]
    private static partial Regex Problem();
}

/// <summary>The examples of the five services' documents are accepted by the API's strict JSON options, each as its own type.</summary>
public class OpenApiExampleTests
{
    [TestCase("TransnationalReferral.Identification")]
    [TestCase("TransnationalReferral.Protection")]
    [TestCase("TransnationalReferral.Return")]
    [TestCase("TransnationalReferral.Remedies")]
    [TestCase("TransnationalReferral.JudicialCooperation")]
    public void Every_example_deserializes_to_its_type_with_the_strict_JSON_options(string service)
    {
        var examples = TransnationalReferral.ServiceDefaults.OpenApi.RequestExamples.Of(System.Reflection.Assembly.Load(service));
        Assert.That(examples?.ByType, Is.Not.Null.And.Not.Empty, $"{service} has no OpenApiExamples");
        var strict = new JsonSerializerOptions();
        TransnationalReferral.ServiceDefaults.HttpDefaults.ConfigureJson(strict);
        foreach (var (type, example) in examples!.ByType)
        {
            var json = JsonSerializer.Serialize(example, type, strict);
            var read = JsonSerializer.Deserialize(json, type, strict);
            Assert.That(JsonSerializer.Serialize(read, type, strict), Is.EqualTo(json), type.FullName);
            Assert.That(json, Does.Not.Contain("TODO"), type.FullName);
            TestContext.Out.WriteLine($"{type.Name}: {json}");
        }
    }
}
