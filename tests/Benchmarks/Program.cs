using System.Diagnostics;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;

// Audit benchmark: the cost of the audited, hash-chained event store (append, state as of an instant, verification,
// the cross-service timeline of a case, projection rebuilds) against raw PostgreSQL doing the same reads and writes,
// measured in the same run on the same server; then the bus through the project's outbox (OutboxBusBenchmark).
// Usage: set -a; . .local/infra.env; set +a; dotnet run -c Release --project tests/Benchmarks [-- events]
//        [--audit=false] [--outbox-messages=5000 (0: not run)] [--outbox-seconds=10] [--json=<file>]
// tools/Bench (./build.sh --target=Bench) runs it and folds the figures (--json) into its report.
var options = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a[2..].Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
string Option(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;
var events = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n && int.TryParse(n, out var parsed) ? parsed : 1000;
var connectionString = Environment.GetEnvironmentVariable("TR_PG_IDENTIFICATION")
    ?? throw new InvalidOperationException("TR_PG_IDENTIFICATION is not set: run deploy/local/infra.sh up and source .local/infra.env.");
var figures = new List<AuditFigure>();
double? rebuildRate = null, rawRebuildRate = null;
TransnationalReferral.Benchmarks.OutboxBusBenchmark.Result? outbox = null;

if (Option("audit", "true") != "false")
{
    // A clean schema each run, so that every figure is over exactly the rows this run wrote.
    await using (var clean = new NpgsqlConnection(connectionString))
    {
        await clean.OpenAsync();
        await new NpgsqlCommand("drop schema if exists audit_benchmark cascade", clean).ExecuteNonQueryAsync();
    }

    var builder = Host.CreateApplicationBuilder(["--environment", "Development"]);
    builder.Configuration["ConnectionStrings:Marten"] = connectionString;
    builder.Configuration["Outbox:Enabled"] = "false";
    builder.Configuration["Audit:CheckpointSeconds"] = "86400";
    // The vault's key (free text is sealed under it), as the test hosts are given it: never a development key.
    builder.Configuration["Vault:CurrentKeyId"] = "bench-1";
    builder.Configuration["Vault:MasterKeys:bench-1"] = TestTokens.VaultMasterKey;
    builder.Services.AddSingleton(new ServiceIdentity("benchmark", "NL"));
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddEventStore("audit_benchmark", opts => opts.QueryableAggregate<BenchCase>()); // stored inline, as the services' cases are
    using var host = builder.Build();
    await host.StartAsync();
    var store = host.Services.GetRequiredService<IDocumentStore>();
    var actor = new Actor("bench", "FocalPoint", "nl-focal-point", "NL");

    await using (var setup = new NpgsqlConnection(connectionString))
    {
        await setup.OpenAsync();
        await new NpgsqlCommand("drop table if exists audit_benchmark.raw_events; create table audit_benchmark.raw_events (stream_id uuid, version int, data jsonb, at timestamptz default now(), primary key (stream_id, version))", setup).ExecuteNonQueryAsync();
    }

    // The audited append and the raw insert alternate, one commit each, so both meet the same disk and the same load.
    Console.WriteLine($"Appending {events} decisions to one case stream (audited, hash-chained, stored inline) alternating with {events} raw inserts of the same payloads into a plain table, one commit each …");
    var caseId = Guid.NewGuid();
    var rawId = Guid.NewGuid();
    var audited = new Stopwatch();
    var raw = new Stopwatch();
    DateTimeOffset middle = default;
    await using (var connection = new NpgsqlConnection(connectionString))
    {
        await connection.OpenAsync();
        for (var i = 1; i <= events; i++)
        {
            audited.Start();
            await using (var session = store.LightweightSession())
            {
                session.Stamp(actor);
                if (i == 1) session.Events.StartStream<BenchCase>(caseId, new BenchOpened(caseId, DateTimeOffset.UtcNow));
                else session.Events.Append(caseId, new BenchDecided(caseId, i, $"Decision {i}: reasons of a realistic length for an audited decision", DateTimeOffset.UtcNow));
                session.Record(new DecisionBasis("CETS 197 art. 10", "benchmark"));
                await session.SaveChangesAsync();
            }
            audited.Stop();
            if (i == events / 2) middle = DateTimeOffset.UtcNow;

            raw.Start();
            await using (var insert = new NpgsqlCommand("insert into audit_benchmark.raw_events (stream_id, version, data) values (@s, @v, @d::jsonb)", connection))
            {
                insert.Parameters.AddWithValue("s", rawId);
                insert.Parameters.AddWithValue("v", i);
                insert.Parameters.AddWithValue("d", $$"""{"caseId":"{{rawId}}","number":{{i}},"reasons":"Decision {{i}}: reasons of a realistic length for an audited decision"}""");
                await insert.ExecuteNonQueryAsync();
            }
            raw.Stop();
            if (i % 100 == 0) Console.Write($"\r  {i}/{events}");
        }
        Console.WriteLine();

        const int reads = 50;
        Console.WriteLine($"Reading the state as of the middle instant {reads} times (fold of ~{events / 2} events) vs raw reads of the same rows …");
        var asOf = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            await using var query = store.QuerySession();
            var stream = await query.Events.FetchStreamAsync(caseId, timestamp: middle);
            _ = stream.Aggregate((BenchCase?)null, (s, e) => BenchCase.Fold(s, e.Data));
        }
        asOf.Stop();
        var rawReads = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            await using var select = new NpgsqlCommand("select data from audit_benchmark.raw_events where stream_id = @s and version <= @v order by version", connection);
            select.Parameters.AddWithValue("s", rawId);
            select.Parameters.AddWithValue("v", events / 2);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) _ = reader.GetString(0);
        }
        rawReads.Stop();

        Console.WriteLine($"Verifying the {events}-event hash chain {reads / 10} times vs raw reads of all rows …");
        var verify = Stopwatch.StartNew();
        for (var i = 0; i < reads / 10; i++)
        {
            await using var query = store.QuerySession();
            var (result, _) = await HashChain.VerifyAsync(query, caseId, CancellationToken.None);
            if (!result.Intact) throw new InvalidOperationException("the benchmark's own chain does not verify");
        }
        verify.Stop();
        var rawAll = Stopwatch.StartNew();
        for (var i = 0; i < reads / 10; i++)
        {
            await using var select = new NpgsqlCommand("select data from audit_benchmark.raw_events where stream_id = @s order by version", connection);
            select.Parameters.AddWithValue("s", rawId);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) _ = reader.GetString(0);
        }
        rawAll.Stop();

        // Projection rebuild: more streams (setup, not timed), then every BenchCase rebuilt from all events by the same
        // routine as the `rebuild` command, against raw reads of the same rows with their payloads parsed.
        int extraStreams = Math.Clamp(events * 2 / 5, 20, 400), perStream = 10;   // 400 at the default 1000
        Console.WriteLine($"Adding {extraStreams} cases of {perStream} decisions for the rebuild (not timed) …");
        for (var s = 0; s < extraStreams; s++)
        {
            await using var session = store.LightweightSession();
            session.Stamp(actor);
            var id = Guid.NewGuid();
            session.Events.StartStream<BenchCase>(id, new BenchOpened(id, DateTimeOffset.UtcNow));
            for (var i = 2; i <= perStream; i++) session.Events.Append(id, new BenchDecided(id, i, $"Decision {i}: reasons of a realistic length for an audited decision", DateTimeOffset.UtcNow));
            session.Record(new DecisionBasis("CETS 197 art. 10", "benchmark"));
            await session.SaveChangesAsync();
            if (s % 50 == 0) Console.Write($"\r  {s}/{extraStreams}");
        }
        Console.WriteLine();
        var rebuild = await ProjectionRebuild.RebuildAsync((DocumentStore)store, connectionString, ["BenchCase"], Console.Out, CancellationToken.None);
        var totalEvents = rebuild[0].Events; // the store's high-water mark: every event this run appended
        var rawRebuildRead = Stopwatch.StartNew();
        await using (var select = new NpgsqlCommand("select stream_id, data from audit_benchmark.mt_events order by seq_id", connection))
        await using (var reader = await select.ExecuteReaderAsync())
            while (await reader.ReadAsync()) using (JsonDocument.Parse(reader.GetString(1))) { }
        rawRebuildRead.Stop();

        const int timelineReads = 20;
        var timeline = await TransnationalReferral.Benchmarks.TimelineBenchmark.RunAsync(events, timelineReads);

        Console.WriteLine();
        Console.WriteLine($"{"measure",-46} {"audited",12} {"raw",12} {"ratio",8}");
        void Row(string what, TimeSpan a, TimeSpan r, int count)
        {
            var figure = new AuditFigure(what, a.TotalMilliseconds / count, r.TotalMilliseconds / count, a.TotalMilliseconds / r.TotalMilliseconds);
            figures.Add(figure);
            Console.WriteLine($"{what,-46} {figure.AuditedMs,10:F2}ms {figure.RawMs,10:F2}ms {figure.Ratio,7:F1}x");
        }
        Row($"append one decision (commit each, n={events})", audited.Elapsed, raw.Elapsed, events);
        Row($"state as of an instant (~{events / 2} events)", asOf.Elapsed, rawReads.Elapsed, reads);
        Row($"verify the chain ({events} events)", verify.Elapsed, rawAll.Elapsed, reads / 10);
        Row($"case timeline, 5 services ({timeline.Events} events)", timeline.Timeline, timeline.Raw, timeline.Reads);
        Row($"rebuild BenchCase ({totalEvents} events, {extraStreams + 1} cases)", rebuild[0].Took, rawRebuildRead.Elapsed, 1);
        rebuildRate = totalEvents / rebuild[0].Took.TotalSeconds;
        rawRebuildRate = totalEvents / rawRebuildRead.Elapsed.TotalSeconds;
        Console.WriteLine($"{"rebuild rate",-46} {rebuildRate,8:N0} ev/s {rawRebuildRate,8:N0} ev/s (raw: read and parse the same rows)");
    }
    await host.StopAsync();
}

if (int.Parse(Option("outbox-messages", "5000"), System.Globalization.CultureInfo.InvariantCulture) is > 0 and var messages)
    outbox = await TransnationalReferral.Benchmarks.OutboxBusBenchmark.RunAsync(messages, TimeSpan.FromSeconds(double.Parse(Option("outbox-seconds", "10"), System.Globalization.CultureInfo.InvariantCulture)));

if (options.TryGetValue("json", out var jsonFile))
    File.WriteAllText(jsonFile, JsonSerializer.Serialize(new { Audit = figures, RebuildEventsPerSecond = rebuildRate, RawRebuildEventsPerSecond = rawRebuildRate, Outbox = outbox },
        new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));

/// <summary>One row of the audit table: milliseconds per operation audited and raw, and their ratio.</summary>
public sealed record AuditFigure(string Measure, double AuditedMs, double RawMs, double Ratio);

public sealed record BenchOpened(Guid CaseId, DateTimeOffset At);

public sealed record BenchDecided(Guid CaseId, int Number, string Reasons, DateTimeOffset At);

public sealed record BenchCase(Guid Id, int Decisions) : ICaseState, IEvolving<BenchCase>
{
    public static BenchCase? Fold(BenchCase? state, object @event) => (state, @event) switch
    {
        (null, BenchOpened e) => new BenchCase(e.CaseId, 0),
        ({ } s, BenchDecided) => s with { Decisions = s.Decisions + 1 },
        _ => state,
    };
}
