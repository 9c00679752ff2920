using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace TransnationalReferral.Bench;

/// <summary>
/// What the node's stores and broker say, read from outside the services (never through their API): each service's
/// event store (its database as Up configures it, <c>TR_PG_*</c>, and its schema), the broker's queues (the management API).
/// </summary>
public sealed class Stores(IReadOnlyDictionary<string, string> databases, string rabbitUri, string management)
{
    /// <summary>The five services: name, the variable of its connection string, its Marten schema (see each service's ReferralService).</summary>
    public static readonly (string Name, string Variable, string Schema)[] Services =
    [
        ("identification", "TR_PG_IDENTIFICATION", "identification"),
        ("protection", "TR_PG_PROTECTION", "protection"),
        ("return", "TR_PG_RETURN", "return_reintegration"),
        ("remedies", "TR_PG_REMEDIES", "remedies"),
        ("judicial", "TR_PG_JUDICIAL", "judicial"),
    ];

    public static Stores FromEnvironment(Func<string, string> need) =>
        new(Services.ToDictionary(s => s.Name, s => need(s.Variable)), need("TR_RABBITMQ"), need("TR_RABBITMQ_MANAGEMENT"));

    private static string Schema(string service) => Services.Single(s => s.Name == service).Schema;

    /// <summary>
    /// The time of the first event of each of <paramref name="streams"/> in <paramref name="service"/>'s store
    /// (<c>mt_events.timestamp</c>, the commit's transaction time on the one PostgreSQL server), by stream id.
    /// </summary>
    public async Task<Dictionary<Guid, DateTime>> FirstEventsAsync(string service, Guid[] streams)
    {
        var first = new Dictionary<Guid, DateTime>();
        await using var connection = new NpgsqlConnection(databases[service]);
        await connection.OpenAsync();
        foreach (var chunk in streams.Chunk(5000))
        {
            await using var command = new NpgsqlCommand($"select stream_id, min(timestamp) from {Schema(service)}.mt_events where stream_id = any(@ids) group by stream_id", connection);
            command.Parameters.AddWithValue("ids", chunk);
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) first[reader.GetGuid(0)] = reader.GetFieldValue<DateTime>(1);
            }
            catch (PostgresException e) when (e.SqlState == "42P01") { return first; }   // no event yet: the table is created on first use
        }
        return first;
    }

    /// <summary>
    /// How far each service's outbox is behind its event store: the highest event sequence minus the outbox subscription's
    /// stored position (<c>mt_event_progression</c>, rows named <c>outbox…</c>). Null for a service whose store has no such row yet.
    /// </summary>
    public async Task<Dictionary<string, long?>> OutboxLagAsync()
    {
        var lag = new Dictionary<string, long?>();
        foreach (var (name, _, schema) in Services)
        {
            await using var connection = new NpgsqlConnection(databases[name]);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"select (select coalesce(max(seq_id), 0) from {schema}.mt_events) - (select max(last_seq_id) from {schema}.mt_event_progression where name like 'outbox%')", connection);
            try { lag[name] = await command.ExecuteScalarAsync() is long behind ? behind : null; }
            catch (PostgresException e) when (e.SqlState == "42P01") { lag[name] = null; }
        }
        return lag;
    }

    /// <summary>Messages waiting in each queue of the node's virtual host (ready + unacknowledged), from the management API.</summary>
    public async Task<Dictionary<string, long>> QueueDepthsAsync()
    {
        var amqp = new Uri(rabbitUri);
        var vhost = amqp.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        using var http = new HttpClient { BaseAddress = new Uri(management), Timeout = TimeSpan.FromSeconds(20) };
        var credentials = amqp.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString).ToArray();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials[0]}:{credentials[1]}")));
        // The queue list's message counts are refreshed by the broker every few seconds (its statistics interval). A broker
        // killed and started again by the chaos run may answer the list 500 while it still recovers its queues (seen once in
        // a fresh-clone run, right after the node stopped): asked again for up to a minute, then the broker's answer is the failure.
        var uri = $"/api/queues/{Uri.EscapeDataString(vhost)}?columns=name,messages";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var response = await GetAsync();
        async Task<HttpResponseMessage> GetAsync()
        {
            while (true)
            {
                var answer = await http.GetAsync(uri);
                if ((int)answer.StatusCode < 500 || DateTime.UtcNow > deadline) return answer.EnsureSuccessStatusCode();
                answer.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        var queues = await response.Content.ReadFromJsonAsync<JsonElement>();
        return queues.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!,
            q => q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0);
    }

    /// <summary>Outbox lag and queue depths at one moment.</summary>
    public async Task<Backlog> BacklogAsync(double atSeconds)
    {
        var outbox = await OutboxLagAsync();
        var queues = await QueueDepthsAsync();
        return new Backlog(atSeconds, outbox, queues, outbox.Values.Sum(v => v ?? 0), queues.Values.Sum());
    }
}

/// <summary>Outbox lag per service (events not yet published) and queue depths (messages waiting) at <c>AtSeconds</c> into a run.</summary>
public sealed record Backlog(double AtSeconds, Dictionary<string, long?> OutboxLag, Dictionary<string, long> Queues, long OutboxTotal, long QueuedTotal)
{
    public long Total => OutboxTotal + QueuedTotal;

    /// <summary>"identification 0, protection 12, …" ("-": no outbox position stored yet).</summary>
    public string DescribeOutbox() => string.Join(", ", OutboxLag.Select(l => $"{l.Key} {(l.Value is { } v ? v.ToString() : "-")}"));
}
