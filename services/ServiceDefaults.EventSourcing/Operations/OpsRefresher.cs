namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>
/// Reads the service's figures from its read models, the outbox's lag from the event store and the depth of its
/// <c>_error</c> queues every <c>Ops:RefreshSeconds</c> (default 15), and replaces the cached snapshot the gauges
/// and the ops endpoint answer from. One set of queries per interval, whatever the number of scrapes or viewers.
/// Every instance of the service refreshes its own cache (each answers the ops endpoint), but only the one holding the
/// background <see cref="Lease"/> exports the figures that describe the whole service as gauges (<see cref="OpsMetrics"/>),
/// so that summing them over instances does not multiply them.
/// </summary>
public sealed class OpsRefresher(
    IServiceProvider services, OpsSnapshotCache cache, OpsMetrics metrics, ServiceIdentity identity, IEnumerable<IOpsFigures> figures,
    IConfiguration configuration, TimeProvider clock, ILogger<OpsRefresher> logger) : BackgroundService
{
    /// <summary>The gauges exist from start-up (not from the first decision that resolves the metrics).</summary>
    public OpsMetrics Metrics { get; } = metrics;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.2, configuration.GetValue("Ops:RefreshSeconds", 15.0)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                cache.Replace(await ReadAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Reading the operations figures failed; the previous reading stays");
                cache.Replace(cache.Current with { Problem = "The figures could not be read at the last attempt; they are from an earlier reading." });
            }
            try { await Task.Delay(interval, stoppingToken); } // real time: a test's fake clock decides "now", not the pace
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task<OpsSnapshot> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var store = services.GetRequiredService<IDocumentStore>();
        var readings = new List<OpsReading>();
        await using (var session = store.QuerySession())
            foreach (var source in figures) readings.Add(await source.ReadAsync(session, now, ct));

        var outbox = services.GetService<IOutgoingMap>() is not null && configuration.GetValue("Outbox:Enabled", true)
            ? await ReadOutboxAsync(store, now, ct) : null;
        // the same k as the statistics export: no case count on /metrics or the ops summaries covers fewer than k cases
        var k = Math.Max(1, configuration.GetValue(Gauges.MinimumCellSizeSetting, Gauges.DefaultMinimumCellSize));
        var counted = Gauges.SuppressSmallCells(readings.SelectMany(r => r.Figures), k).ToList();
        return new OpsSnapshot(identity.Name, now, [.. Gauges.WithBaselines(counted, figures.SelectMany(f => f.Gauges), identity.Jurisdiction)],
            [.. readings.SelectMany(r => r.Overdue).OrderBy(i => i.DueAt)], outbox,
            services.GetService<ErrorQueueMonitor>() is { } errorQueues ? await errorQueues.ReadAsync(ct) : []);
    }

    private static async Task<OutboxHealth> ReadOutboxAsync(IDocumentStore store, DateTimeOffset now, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce((select max(seq_id) from {schema}.mt_events), 0),
                   coalesce((select max(last_seq_id) from {schema}.mt_event_progression where name like '{OutboxPublisher.SubscriptionNameValue}%'), 0)
            """, connection);
        long head, published;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            head = reader.GetInt64(0);
            published = reader.GetInt64(1);
        }
        if (head <= published) return new OutboxHealth(head, published, 0, 0);

        await using var oldest = new NpgsqlCommand($"select timestamp from {schema}.mt_events where seq_id > @published order by seq_id limit 1", connection);
        oldest.Parameters.AddWithValue("published", published);
        var at = await oldest.ExecuteScalarAsync(ct) is DateTime t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : now;
        return new OutboxHealth(head, published, head - published, Math.Max(0, (now - at).TotalSeconds));
    }
}
