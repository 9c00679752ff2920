using System.Diagnostics;
using JasperFx.Events.Projections;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// <c>dotnet TransnationalReferral.&lt;Service&gt;.dll rebuild [projection ...]</c> (or <c>./build.sh --target=Rebuild
/// --service=&lt;name&gt;</c>): rebuilds the service's read models from its events — every stored projection, or the
/// ones named — through Marten's projection daemon, with a progress line per projection. Run it with the service
/// stopped: decisions taken during a rebuild would race the replay.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>This process was started as <c>… rebuild</c>: the host is built to rebuild, not to serve.</summary>
    public static bool Requested => Environment.GetCommandLineArgs() is [_, "rebuild", ..];

    /// <summary>Runs the service, or the command its arguments name (<c>rebuild</c>, <c>topology</c>, <c>migrate</c>).</summary>
    public static int RunServiceOrCommand(this WebApplication app, string[] args)
    {
        if (args is not ["rebuild" or "topology" or "migrate", .. var rest]) { app.Run(); return 0; }
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        if (args[0] == "migrate") return DatabaseSchema.RunAsync(app.Services, Console.Out, cancel.Token).GetAwaiter().GetResult();
        if (args[0] == "topology") return Messaging.TopologyDeployment.RunAsync(app.Services, Console.Out, cancel.Token).GetAwaiter().GetResult();
        return RunAsync(app.Services, rest.Where(a => !a.StartsWith('-') && !a.Contains('=')).ToArray(), Console.Out, cancel.Token).GetAwaiter().GetResult();
    }

    public sealed record Rebuilt(string Projection, long Events, TimeSpan Took);

    /// <summary>Rebuilds the named stored projections (all when none is named); 0 when all were rebuilt, 1 for an unknown name.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] names, TextWriter output, CancellationToken ct)
    {
        var store = (DocumentStore)services.GetRequiredService<IDocumentStore>();
        var stored = store.Options.Projections.All.Where(p => p.Lifecycle != ProjectionLifecycle.Live).Select(p => p.Name).ToList();
        var unknown = names.Except(stored).ToList();
        if (unknown.Count > 0)
        {
            output.WriteLine($"unknown projection(s): {string.Join(", ", unknown)}; this service has: {string.Join(", ", stored)}");
            return 1;
        }
        var chosen = names.Length > 0 ? names.ToList() : stored;
        var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString("Marten")!;
        var results = await RebuildAsync(store, connectionString, chosen, output, ct);
        foreach (var r in results)
            output.WriteLine($"{r.Projection}: {r.Events:N0} events in {r.Took.TotalSeconds:F1} s ({Rate(r.Events, r.Took):N0} events/s)");
        return 0;
    }

    private static double Rate(long events, TimeSpan took) => took.TotalSeconds > 0 ? events / took.TotalSeconds : events;

    /// <summary>Rebuilds each projection in turn, printing its progress (events replayed of the store's high-water mark) as it goes.</summary>
    public static async Task<IReadOnlyList<Rebuilt>> RebuildAsync(DocumentStore store, string connectionString, IReadOnlyList<string> projections, TextWriter output, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync(JasperFx.AutoCreate.CreateOrUpdate); // as `migrate` does (a new database has no tables yet)
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var highWater = await ScalarAsync(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
        output.WriteLine($"rebuilding {string.Join(", ", projections)} from {highWater:N0} events in schema {schema}");

        using var daemon = await store.BuildProjectionDaemonAsync();
        var progress = new Progress();
        using var subscription = daemon.Tracker.Subscribe(progress);
        var results = new List<Rebuilt>();
        foreach (var projection in projections)
        {
            var clock = Stopwatch.StartNew();
            var rebuild = daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
            var last = -1L;
            while (true)
            {
                await Task.WhenAny(rebuild, Task.Delay(500, ct));
                var done = rebuild.IsCompleted ? highWater : Math.Min(progress.Of(projection), highWater);
                if (done != last)
                    output.WriteLine($"  {projection}: {done:N0} / {highWater:N0} events ({(highWater == 0 ? 100 : 100.0 * done / highWater):F0}%), {Rate(done, clock.Elapsed):N0} events/s");
                last = done;
                if (rebuild.IsCompleted) break;
            }
            await rebuild;
            results.Add(new Rebuilt(projection, highWater, clock.Elapsed));
        }
        return results;
    }

    /// <summary>The furthest event each projection's shards have reached, as the daemon reports them.</summary>
    private sealed class Progress : IObserver<ShardState>
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _sequences = new();

        public long Of(string projection) => _sequences.TryGetValue(projection, out var sequence) ? sequence : 0;

        public void OnNext(ShardState value) => _sequences.AddOrUpdate(value.ShardName.Split(':')[0], value.Sequence, (_, old) => Math.Max(old, value.Sequence));
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L);
    }
}
