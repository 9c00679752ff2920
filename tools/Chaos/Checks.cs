using Npgsql;
using TransnationalReferral.Bench;

namespace TransnationalReferral.Chaos;

/// <summary>What one service's store says about the accepted cases: how many reached it, and any applied twice.</summary>
public sealed record ServiceCheck(string Service, int Expected, int Reached, int Duplicated, IReadOnlyList<Guid> MissingSample, IReadOnlyList<Guid> DuplicatedSample)
{
    public bool Passed => Reached == Expected && Duplicated == 0;
}

/// <summary>
/// The run's verdict from the stores and the broker, never from the API: in Identification, one case per request that was
/// answered (no case opened twice by a retried request: its streams opened during the run are the accepted cases and at
/// most the requests given up on); in each of the four services that hear an opening, a file for every accepted case
/// with its first decision once (the type of a stream's first event occurs once in it); no message in an error queue.
/// </summary>
public sealed class Checks(IReadOnlyDictionary<string, string> databases, Stores stores)
{
    private static string Schema(string service) => Stores.Services.Single(s => s.Name == service).Schema;

    public async Task<ServiceCheck> ServiceAsync(string service, Guid[] cases)
    {
        var reached = await stores.FirstEventsAsync(service, cases);
        var duplicated = new List<Guid>();
        await using var connection = new NpgsqlConnection(databases[service]);
        await connection.OpenAsync();
        foreach (var chunk in cases.Chunk(5000))
        {
            await using var command = new NpgsqlCommand(
                $"""
                select e.stream_id from {Schema(service)}.mt_events e
                join {Schema(service)}.mt_events f on f.stream_id = e.stream_id and f.version = 1
                where e.stream_id = any(@ids) and e.type = f.type
                group by e.stream_id having count(*) > 1
                """, connection);
            command.Parameters.AddWithValue("ids", chunk);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) duplicated.Add(reader.GetGuid(0));
        }
        var missing = cases.Where(c => !reached.ContainsKey(c)).ToList();
        return new ServiceCheck(service, cases.Length, reached.Count, duplicated.Count, [.. missing.Take(5)], [.. duplicated.Take(5)]);
    }

    /// <summary>Identification's case streams opened since <paramref name="since"/> that no accepted answer named.</summary>
    public async Task<IReadOnlyList<Guid>> UnansweredCasesAsync(DateTimeOffset since, IReadOnlySet<Guid> accepted)
    {
        await using var connection = new NpgsqlConnection(databases["identification"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id from {Schema("identification")}.mt_streams where created >= @since", connection);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        var extra = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            if (!accepted.Contains(reader.GetGuid(0))) extra.Add(reader.GetGuid(0));
        return extra;
    }

    /// <summary>The node's error (and skipped) queues that hold messages, with how many.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ErrorQueuesAsync() =>
        (await stores.QueueDepthsAsync()).Where(q => (q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal)) && q.Value > 0)
            .ToDictionary(q => q.Key, q => q.Value);
}
