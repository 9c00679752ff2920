using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A full flow with unique canary strings as the victim's name and document number: they never appear in any
/// database of any service (events, read models, anything pg_dump sees), in any RabbitMQ message, log line or
/// exported trace — and after erasure they cannot be read back at all.
/// </summary>
public class CanaryTests
{
    [Test]
    public async Task A_victims_name_and_document_number_never_leave_the_vault()
    {
        var name = $"Canary-Name-{Guid.NewGuid():N}";
        var document = $"CANARYDOC{Guid.NewGuid():N}"[..24];
        var logs = new CapturingLoggerProvider();
        var spans = new ConcurrentQueue<Activity>();
        var spanList = new List<Activity>();

        await using var node = await Node.StartAsync(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
            builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spanList)));
        });
        var contracts = typeof(IdentificationCaseOpened).Assembly.GetTypes().Where(t => t.IsClass && t.IsSealed && t.Namespace!.StartsWith("TransnationalReferral.Contracts") && t.GetConstructors().Any(c => c.GetParameters().Length > 0));
        await node.Bus.CaptureAsync("canary-capture", contracts);

        using var focalPoint = node.Client(Roles.FocalPoint, "NL", "nl-focal-point", "officer-canary");
        async Task<HttpResponseMessage> Decide(HttpMethod method, string path, object body, HttpResponseMessage previous)
        {
            var response = await focalPoint.SendWithIfMatchAsync(method, path, body, previous.Headers.ETag!.Tag);
            Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
            return response;
        }

        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "18-24" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var cases = $"/api/identification/cases/{caseId}";
        var step = await Decide(HttpMethod.Put, $"{cases}/personal-data", new
        {
            names = new[] { name },
            aliases = new[] { $"{name}-alias" },
            identityDocuments = new[] { new { type = "passport", number = document, issuingCountry = "RO" } },
            contact = $"{name}@example.invalid",
        }, opened);
        step = await Decide(HttpMethod.Post, $"{cases}/consents", new { kind = "cross-border-transfer", informedInLanguage = "ro", givenBy = "person", jurisdictions = new[] { "RO" } }, step);
        step = await Decide(HttpMethod.Post, $"{cases}/shares", new { granteeJurisdiction = "RO", purpose = "return-and-reintegration", expiresAt = DateTimeOffset.UtcNow.AddDays(30) }, step);

        var read = await focalPoint.GetStringAsync($"{cases}/personal-data?purpose=identification");
        Assert.That(read, Does.Contain(name).And.Contain(document), "positive control: the vault gives the data back to an authorised, stated-purpose read");
        await Eventually.TrueAsync("the share reached the other services", async () =>
        {
            using var romania = node.Client(Roles.FocalPoint, "RO", "ro-anitp");
            return (await romania.GetAsync($"/api/return/cases/{caseId}")).StatusCode == HttpStatusCode.OK;
        });

        async Task AssertNoCanaryInDatabases(string when)
        {
            foreach (var (service, database) in node.Databases)
            {
                var dump = await database.DumpAsync();
                if (service is "identification" or "protection")
                    Assert.That(dump.Contains("mt_events") && dump.Contains("mt_doc_registeredcase"), Is.True, $"{service}: the dump holds events and read models");
                Assert.That(dump, Does.Not.Contain(name).And.Not.Contain(document), $"{service} database {when}");
            }
        }
        await AssertNoCanaryInDatabases("before erasure");

        // The outbox publishes after the decisions commit: gather until the flow's integration events have all arrived.
        var messages = new List<string>();
        await Eventually.TrueAsync("the capture saw the flow's integration events (at least 4)", async () =>
        {
            messages.AddRange(await node.Bus.DrainAsync("canary-capture"));
            return messages.Count >= 4;
        });
        Assert.That(messages.Where(m => m.Contains(name) || m.Contains(document)), Is.Empty, "RabbitMQ messages");

        var erased = await Decide(HttpMethod.Post, $"{cases}/erasure", new { legalBasis = "GDPR art. 17(1)(b)", reasons = "Consent withdrawn by the person" }, step);
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await focalPoint.GetAsync($"{cases}/personal-data?purpose=identification")).StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        await AssertNoCanaryInDatabases("after erasure");

        var history = await focalPoint.GetStringAsync($"{cases}/history?purpose=audit");
        Assert.That(history, Does.Contain("personal_data_erased").And.Contain("personal_data_recorded"), "the history still replays");

        Assert.That(logs.Lines, Is.Not.Empty);
        Assert.That(logs.Lines.Where(l => l.Contains(name) || l.Contains(document)), Is.Empty, "log output");
        lock (spanList) foreach (var span in spanList) spans.Enqueue(span);
        Assert.That(spans, Is.Not.Empty);
        var traced = spans.Select(s => $"{s.DisplayName} {string.Join(";", s.TagObjects.Select(t => $"{t.Key}={t.Value}"))} {string.Join(";", s.Events.Select(e => e.Name + string.Join(",", e.Tags.Select(t => t.Value))))} {string.Join(";", s.Baggage)}");
        Assert.That(traced.Where(t => t.Contains(name) || t.Contains(document)), Is.Empty, "exported traces");
        TestContext.Out.WriteLine($"Canary searched in {node.Databases.Count} database dumps (twice), {messages.Count} bus messages, {logs.Lines.Count} log lines, {spans.Count} spans: not found.");
    }
}
