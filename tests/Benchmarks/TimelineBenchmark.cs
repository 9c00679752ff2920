extern alias Identification;
extern alias Protection;
extern alias Return;
extern alias Remedies;
extern alias JudicialCooperation;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.EndToEnd.Tests;

namespace TransnationalReferral.Benchmarks;

/// <summary>
/// The cross-service timeline of one case with <c>events</c> decisions spread over the five services, read through
/// the gateway (five services asked in parallel with the caller's token, each recording the read in its access log,
/// merged in order) against raw PostgreSQL reading the same rows from the five databases in parallel.
/// </summary>
public static class TimelineBenchmark
{
    public sealed record Result(int Events, int Reads, TimeSpan Timeline, TimeSpan Raw);

    public static async Task<Result> RunAsync(int events, int reads)
    {
        Console.WriteLine($"Starting a node (five services and the gateway, each service with its own database) …");
        Directory.SetCurrentDirectory(AppContext.BaseDirectory); // where MvcTestingAppManifest.json names each service's content root
        await using var node = await Node.StartAsync();
        var databases = node.Databases.ToDictionary(d => d.Key, d => d.Value.ConnectionString);
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "bench-officer");
        using var auditor = node.Client("Auditor", "NL", "nl-rapporteur", "bench-auditor");

        // The case opened for real (Identification over HTTP; the other services open their files from the bus).
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-comensha", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        opened.EnsureSuccessStatusCode();
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            var counts = await Task.WhenAll(databases.Select(d => CountAsync(d.Key, d.Value, caseId)));
            if (counts.All(c => c > 0)) break;
            if (wait.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the services did not open their files for the case");
        }

        // Then the decisions, spread evenly over the services, appended through each service's own event store
        // (audited and hash-chained as any decision) in commits of 20.
        Console.WriteLine($"Appending {events} decisions to the case across the five services …");
        var actor = new Actor("bench-officer", "FocalPoint", "nl-focal-point", "NL");
        Func<int, object>[] decisions =
        [
            i => new Identification::TransnationalReferral.Identification.Cases.LegalHoldPlaced(caseId, (Identification::TransnationalReferral.Identification.Cases.LegalHoldKind)(i % 2), DateTimeOffset.UtcNow),
            i => new Protection::TransnationalReferral.Protection.Cases.CooperationStatusNoted(caseId, (Protection::TransnationalReferral.Protection.Cases.CooperationStatus)(i % 3), DateTimeOffset.UtcNow),
            _ => new Return::TransnationalReferral.Return.Cases.ReturnConsentWithdrawn(caseId, DateTimeOffset.UtcNow),
            _ => new Remedies::TransnationalReferral.Remedies.Claims.RemedyInformationProvided(caseId, "en", DateTimeOffset.UtcNow),
            i => new JudicialCooperation::TransnationalReferral.JudicialCooperation.Cases.VictimRecognitionNoted(caseId, i % 2 == 0, DateTimeOffset.UtcNow),
        ];
        var services = databases.Keys.ToArray();
        var existing = (int)(await Task.WhenAll(services.Select(s => CountAsync(s, databases[s], caseId)))).Sum();
        var appended = 0;
        for (var s = 0; s < services.Length; s++)
        {
            var store = node.Providers[services[s]].GetRequiredService<IDocumentStore>();
            var share = (events - existing) / services.Length + (s < (events - existing) % services.Length ? 1 : 0);
            for (var done = 0; done < share;)
            {
                await using var session = store.LightweightSession();
                session.Stamp(actor);
                session.Record(new DecisionBasis("CETS 197 art. 12", "benchmark decision"));
                var batch = Math.Min(20, share - done);
                for (var i = 0; i < batch; i++) session.Events.Append(caseId, decisions[s](done + i));
                await session.SaveChangesAsync();
                done += batch;
                appended += batch;
                Console.Write($"\r  {existing + appended}/{events}");
            }
        }
        Console.WriteLine();

        var first = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit");
        var entries = first.GetProperty("entries").GetArrayLength();
        if (entries != events) throw new InvalidOperationException($"the timeline has {entries} entries, not {events}");

        Console.WriteLine($"Reading the {events}-entry timeline through the gateway {reads} times vs raw reads of the same rows from the five databases …");
        var timeline = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            using var response = await auditor.GetAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }
        timeline.Stop();
        var raw = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            var rows = await Task.WhenAll(databases.Select(d => ReadRowsAsync(d.Key, d.Value, caseId)));
            if (rows.Sum() != events) throw new InvalidOperationException("the raw read did not see every row");
        }
        raw.Stop();
        return new Result(events, reads, timeline.Elapsed, raw.Elapsed);
    }

    private static string Schema(string service) => service switch
    {
        "return" => "return_reintegration",
        _ => service,
    };

    private static async Task<long> CountAsync(string service, string connectionString, Guid caseId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {Schema(service)}.mt_events where stream_id = @id", connection);
        command.Parameters.AddWithValue("id", caseId);
        try { return (long)(await command.ExecuteScalarAsync())!; }
        catch (PostgresException e) when (e.SqlState == "42P01") { return 0; } // the schema is created as the service starts
    }

    /// <summary>What the timeline reads, read raw: every row of the case's stream with its payload and audit headers, in order.</summary>
    private static async Task<int> ReadRowsAsync(string service, string connectionString, Guid caseId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq_id, version, type, timestamp, data::text, headers::text from {Schema(service)}.mt_events where stream_id = @id order by version", connection);
        command.Parameters.AddWithValue("id", caseId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetString(4);
            _ = reader.GetString(5);
            rows++;
        }
        return rows;
    }
}
