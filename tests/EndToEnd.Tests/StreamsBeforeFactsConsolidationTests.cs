extern alias Protection;
extern alias Return;
extern alias Remedies;
extern alias JudicialCooperation;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Testing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Streams stored before the facts heard from Identification were kept once in the plumbing (issue 17) still verify and
/// fold. The fixture was written by <see cref="Write_the_fixture_with_todays_code"/> with the code of that time: a case
/// opened, recognised, decided on over HTTP and told every fact Identification publishes (child status, also an unknown
/// code, guardian, best interests, consents to transfer and one withdrawn, a protection claim, the reflection period),
/// on the bus as Identification publishes them; then each service's rows (<c>mt_streams</c>, <c>mt_events</c> with
/// type alias, .NET type, data and headers — what the hash chain covers — and the case register) were dumped as stored.
/// The test loads those rows into fresh databases of today's code, verifies every chain through the auditors'
/// verification endpoint, reads the case through the real endpoint (a live fold) as it read then, and appends a new fact.
/// </summary>
public class StreamsBeforeFactsConsolidationTests
{
    private static readonly string[] ServiceNames = ["protection", "return", "remedies", "judicial"];

    /// <summary>The stored rows of a case in each service: its stream, its events, the register's entry and the case's inline document.</summary>
    private static string[] Tables(string service) =>
        ["mt_streams", "mt_events", "mt_doc_registeredcase", service switch { "protection" => "mt_doc_protectioncase", "return" => "mt_doc_returncase", "remedies" => "mt_doc_remediescase", _ => "mt_doc_casefile" }];

    private static string Where(string table) => table == "mt_events" ? "where stream_id = @id order by version" : "where id = @id";

    private static string Schema(string service) => service == "return" ? "return_reintegration" : service;

    private static string FixturePath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", "streams-before-facts-consolidation.json");

    [Test, Explicit("Writes the fixture with the code of the day; run once, before a change to stored event types.")]
    public async Task Write_the_fixture_with_todays_code()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = new HttpClient { BaseAddress = node.Gateway }.Authorize("FocalPoint", "NL", "nl-focal-point", "officer-17");
        var bus = node.Providers["protection"].GetRequiredService<IBus>();
        Task Publish<T>(T message) where T : class => bus.Publish(message, c => c.MessageId = NewId.NextGuid());
        async Task<JsonElement> State(string service, Guid id) =>
            await focalPoint.GetAsync($"/api/{service}/cases/{id}") is { StatusCode: HttpStatusCode.OK } r ? await r.Content.ReadFromJsonAsync<JsonElement>() : default;
        Task Until(string what, Func<Task<bool>> condition) => Eventually.TrueAsync(what, condition, TimeSpan.FromSeconds(30));
        static int Count(JsonElement state, string property) =>
            state.ValueKind == JsonValueKind.Object && state.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Array ? p.GetArrayLength() : 0;
        static string? Text(JsonElement state, string property) =>
            state.ValueKind == JsonValueKind.Object && state.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

        var caseId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "12-17", ChildStatuses.Adult, now, "nl-focal-point"));
        foreach (var service in ServiceNames) await Until($"the {service} case opened", async () => Text(await State(service, caseId), "id") is not null);
        await Publish(new PresumedVictimRecognised(caseId, "NL", ChildStatuses.Adult, now));
        await Until("the protection entitlement", async () => Text(await State("protection", caseId), "stage") == "entitled");
        await Until("the judicial recognition", async () => (await State("judicial", caseId)).GetProperty("recognisedVictim").ValueKind == JsonValueKind.True);

        // Decisions over HTTP, through the gateway, before the facts: the chain continues over both.
        await focalPoint.DecideAsync($"/api/protection/cases/{caseId}/needs-assessments", new { needs = new[] { "safe-accommodation", "medical" }, reasons = "Needs a shelter and a doctor" });
        await focalPoint.DecideAsync($"/api/return/cases/{caseId}/return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Asked to go home" });
        await focalPoint.DecideAsync($"/api/remedies/cases/{caseId}/remedy-information", new { language = "en", reasons = "Explained with an interpreter" });

        // Every fact Identification publishes about the case, as it publishes them.
        Guid kept = Guid.NewGuid(), withdrawn = Guid.NewGuid(), referral = Guid.NewGuid();
        await Publish(new ConsentRecorded(caseId, kept, "cross-border-transfer", [], ["RO", "BG"], "guardian", now));
        await Publish(new ConsentRecorded(caseId, withdrawn, "cross-border-transfer", [], ["DE"], "person", now));
        await Publish(new ConsentRecorded(caseId, referral, "referral", ["nl-shelter-north"], [], "person", now));
        await Publish(new InternationalProtectionClaimed(caseId, "SY", now));
        await Publish(new ChildStatusDetermined(caseId, ChildStatuses.Child, now));
        await Publish(new GuardianAppointed(caseId, "nl-guardianship-council", now));
        await Publish(new BestInterestsAssessed(caseId, now.AddDays(-1)));
        await Publish(new ReflectionPeriodStarted(caseId, now, now.AddDays(30)));
        await Until("the protection facts", async () => await State("protection", caseId) is var s && Count(s, "consents") == 3 && Count(s, "protectionClaimedFrom") == 1
            && Text(s, "childStatus") == "child" && Text(s, "guardianOrganisation") is not null && Text(s, "bestInterestsAssessedAt") is not null && s.GetProperty("reflectionPeriod").ValueKind == JsonValueKind.Object);
        await Until("the return facts", async () => await State("return", caseId) is var s && Count(s, "transferConsents") == 2 && Count(s, "protectionClaims") == 1
            && Text(s, "childStatus") == "child" && Text(s, "guardianOrganisation") is not null && Text(s, "bestInterestsAssessedAt") is not null);
        await Until("the remedies facts", async () => await State("remedies", caseId) is var s && Count(s, "transferConsents") == 2 && Count(s, "protectionClaimedFrom") == 1);

        // Then a withdrawal, an age assessment in a code this Identification does not know yet, and the reflection period's end.
        await Publish(new ConsentWithdrawn(caseId, withdrawn, "cross-border-transfer", now));
        await Publish(new ChildStatusDetermined(caseId, "minor-unaccompanied", now));
        await Publish(new ReflectionPeriodExtended(caseId, now.AddDays(60), now));
        await Until("the protection period extended", async () => Text((await State("protection", caseId)).GetProperty("reflectionPeriod"), "endsAt") is { } ends && DateTimeOffset.Parse(ends) > now.AddDays(45));
        await Publish(new ReflectionPeriodEnded(caseId, "residence-permit-granted", now));
        static bool Withdrawn(JsonElement s, string property, Guid id) =>
            Count(s, property) > 0 && s.GetProperty(property).EnumerateArray().Any(c => c.GetProperty("consentId").GetGuid() == id && c.GetProperty("withdrawn").GetBoolean());
        await Until("the protection facts, later", async () => await State("protection", caseId) is var s && Withdrawn(s, "consents", withdrawn)
            && Text(s, "childStatus") == "presumed-child" && Text(s.GetProperty("reflectionPeriod"), "endedReason") is not null);
        await Until("the return facts, later", async () => await State("return", caseId) is var s && Withdrawn(s, "transferConsents", withdrawn)
            && Text(s, "childStatus") == "presumed-child" && Count(s, "endedStatuses") == 1);
        await Until("the remedies facts, later", async () => Withdrawn(await State("remedies", caseId), "transferConsents", withdrawn));

        var fixture = new JsonObject { ["caseId"] = caseId.ToString(), ["writtenAt"] = DateTimeOffset.UtcNow.ToString("O") };
        foreach (var service in ServiceNames)
        {
            await using var connection = new NpgsqlConnection(node.Databases[service].ConnectionString);
            await connection.OpenAsync();
            var schema = Schema(service);
            var rows = new JsonObject { ["state"] = JsonNode.Parse((await State(service, caseId)).GetRawText()) };
            foreach (var table in Tables(service)) rows[table] = await RowsAsync(connection, $"select row_to_json(t)::text from {schema}.{table} t {Where(table)}", caseId);
            fixture[service] = rows;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(FixturePath())!);
        await File.WriteAllTextAsync(FixturePath(), fixture.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    [Test]
    public async Task Streams_stored_before_the_facts_were_kept_once_still_verify_fold_as_they_did_and_take_new_facts()
    {
        var fixture = JsonNode.Parse(await File.ReadAllTextAsync(FixturePath()))!;
        var caseId = Guid.Parse(fixture["caseId"]!.GetValue<string>());
        await using var vhost = await TestVirtualHost.CreateAsync();
        var services = new Dictionary<string, (TestDatabase Database, Uri Address, IServiceProvider Provider, IAsyncDisposable Host)>();
        async Task Start<TEntryPoint>(string name) where TEntryPoint : class
        {
            var hosted = await HostedService<TEntryPoint>.StartAsync(name, vhost);
            services[name] = (hosted.Database, hosted.Address, hosted.Host.Services, hosted);
        }
        try
        {
            await Start<Protection::Program>("protection");
            await Start<Return::Program>("return");
            await Start<Remedies::Program>("remedies");
            await Start<JudicialCooperation::Program>("judicial");
            foreach (var service in ServiceNames)
            {
                // The rows as they were stored, column by column, into the schema today's code created.
                await using var connection = new NpgsqlConnection(services[service].Database.ConnectionString);
                await connection.OpenAsync();
                var schema = Schema(service);
                foreach (var table in Tables(service))
                    foreach (var row in fixture[service]![table]!.AsArray())
                    {
                        await using var insert = new NpgsqlCommand($"insert into {schema}.{table} select * from jsonb_populate_record(null::{schema}.{table}, @row::jsonb)", connection);
                        insert.Parameters.AddWithValue("row", row!.ToJsonString());
                        await insert.ExecuteNonQueryAsync();
                    }
                await using var sequence = new NpgsqlCommand($"select setval('{schema}.mt_events_sequence', (select max(seq_id) from {schema}.mt_events))", connection);
                await sequence.ExecuteNonQueryAsync();
            }

            foreach (var service in ServiceNames)
            {
                using var auditor = new HttpClient { BaseAddress = services[service].Address }.Authorize("Auditor", "NL", "nl-rapporteur", "auditor-17");
                using var focalPoint = new HttpClient { BaseAddress = services[service].Address }.Authorize("FocalPoint", "NL", "nl-focal-point", "officer-17");
                var events = fixture[service]!["mt_events"]!.AsArray().Count;
                await AssertIntact(auditor, service, events);
                // Read through the real endpoint (a live fold of the stored events): the case reads as it did.
                var state = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/{service}/cases/{caseId}");
                Assert.That(ReadsAsBefore(JsonNode.Parse(state.GetRawText()), fixture[service]!["state"], "$"), Is.Empty,
                    $"{service}: the case reads as before.\nnow:    {state.GetRawText()}\nbefore: {fixture[service]!["state"]!.ToJsonString()}");
            }

            // New facts continue the old chains, on the state stored before (the inline documents as they were).
            var bus = services["protection"].Provider.GetRequiredService<IBus>();
            await bus.Publish(new GuardianAppointed(caseId, "nl-guardian-south", DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
            await bus.Publish(new ConsentRecorded(caseId, Guid.NewGuid(), "cross-border-transfer", [], ["BE"], "guardian", DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
            foreach (var (service, added, property) in new[] { ("protection", 2, "consents"), ("return", 2, "transferConsents"), ("remedies", 1, "transferConsents") })
            {
                using var focalPoint = new HttpClient { BaseAddress = services[service].Address }.Authorize("FocalPoint", "NL", "nl-focal-point", "officer-17");
                var before = fixture[service]!["state"]![property]!.AsArray().Count;
                var text = await Eventually.GetAsync($"the new facts on the {service} case", async () =>
                    await focalPoint.GetFromJsonAsync<JsonElement>($"/api/{service}/cases/{caseId}") is var s && s.GetProperty(property).GetArrayLength() == before + 1
                    && (added == 1 || s.GetProperty("guardianOrganisation").GetString() == "nl-guardian-south") ? s.GetRawText() : null, TimeSpan.FromSeconds(30));
                var state = JsonDocument.Parse(text).RootElement;
                Assert.That(state.GetProperty(property).EnumerateArray().Last().GetProperty("jurisdictions")[0].GetString(), Is.EqualTo("BE"));
                using var auditor = new HttpClient { BaseAddress = services[service].Address }.Authorize("Auditor", "NL", "nl-rapporteur", "auditor-17");
                await AssertIntact(auditor, service, fixture[service]!["mt_events"]!.AsArray().Count + added);
            }
        }
        finally
        {
            foreach (var (_, _, _, host) in services.Values) await host.DisposeAsync();
        }
    }

    /// <summary>
    /// Where a state read today differs from the state read then: every property it had reads the same. A property added
    /// since (state evolves additively) may read anything: a capability added later may derive more from the same old
    /// events (Return's reflection period, from facts it stored then); it is written to the test's output.
    /// </summary>
    private static IEnumerable<string> ReadsAsBefore(JsonNode? now, JsonNode? before, string path)
    {
        if (now is JsonObject n && before is JsonObject b)
        {
            foreach (var (key, value) in b)
                foreach (var difference in n.ContainsKey(key) ? ReadsAsBefore(n[key], value, $"{path}.{key}") : [$"{path}.{key}: gone"])
                    yield return difference;
            foreach (var (key, value) in n.Where(p => !b.ContainsKey(p.Key)))
                TestContext.Out.WriteLine($"{path}.{key}: added since the fixture, reads {value?.ToJsonString() ?? "null"}");
        }
        else if (now is JsonArray na && before is JsonArray ba && na.Count == ba.Count)
        {
            for (var i = 0; i < na.Count; i++)
                foreach (var difference in ReadsAsBefore(na[i], ba[i], $"{path}[{i}]")) yield return difference;
        }
        else if (!JsonNode.DeepEquals(now, before)) yield return $"{path}: {now?.ToJsonString() ?? "null"}, before {before?.ToJsonString() ?? "null"}";
    }

    private static async Task AssertIntact(HttpClient auditor, string service, int events)
    {
        var verification = await auditor.GetFromJsonAsync<JsonElement>($"/api/{service}/verification");
        Assert.That(verification.GetProperty("broken").GetInt32(), Is.Zero, $"{service}: {verification}");
        Assert.That(verification.GetProperty("events").GetInt32(), Is.EqualTo(events), $"{service}: {verification}");
    }

    private static async Task<JsonArray> RowsAsync(NpgsqlConnection connection, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        var rows = new JsonArray();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(JsonNode.Parse(reader.GetString(0)));
        Assert.That(rows, Is.Not.Empty, sql);
        return rows;
    }
}
