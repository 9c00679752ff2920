namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>A request this node sent that its partner did not answer (accepted, declined or outcome) by its respond-by date.</summary>
public sealed record OverdueCrossBorderRequest(Guid RequestId, string To, string Purpose, DateTimeOffset RespondBy, DateTimeOffset NotedAt);

/// <summary>What a service does when one of its cross-border requests is overdue (e.g. a decision on the case); runs in the transaction that notes it.</summary>
public interface ICrossBorderOverdueHandler
{
    Task HandleAsync(OverdueCrossBorderRequest overdue, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}

/// <summary>
/// Response deadlines of the requests this node sent, from its ledger in PostgreSQL (no timer in memory): every
/// <c>CrossBorder:DeadlinePollSeconds</c> (60) a request past its <c>respondBy</c> with no accepted, declined or
/// outcome from the partner is noted overdue once (<c>crossborder_overdue</c>, so after a restart it is not noted
/// again), counted in the alert metric <c>trm.crossborder.overdue{to,purpose}</c> and handed to the
/// <see cref="ICrossBorderOverdueHandler"/>s. Delivery evidence alone is not an answer. Only this node's own bodies (sent
/// requests) are read as jsonb; partners' answers are matched on the ledger's indexed <c>request_id</c>.
/// <para>
/// With several instances of the service, only the one holding the background <see cref="Lease"/> scans; should two
/// believe they hold it for a moment, the insert into <c>crossborder_overdue</c> (first one wins) still notes and hands
/// over each request once. The table is created with the ledger's, once per process (<see cref="CrossBorderLedger.OpenAsync"/>).
/// </para>
/// </summary>
public sealed class CrossBorderDeadlines(IServiceProvider services, CrossBorderLedger ledger, Leases leases, TimeProvider clock, IConfiguration configuration,
    ILogger<CrossBorderDeadlines> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Polling.RepeatAsync(async ct =>
        {
            if (await leases.ForBackground.HoldAsync(ct)) await NoteOverdueAsync(ct);
        },
        TimeSpan.FromSeconds(configuration.GetValue("CrossBorder:DeadlinePollSeconds", 60.0)), logger, "Cross-border deadline pass", stoppingToken);

    /// <summary>Notes every request that became overdue since the last pass; returns them.</summary>
    public async Task<IReadOnlyList<OverdueCrossBorderRequest>> NoteOverdueAsync(CancellationToken ct)
    {
        await using var connection = await ledger.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var due = new List<OverdueCrossBorderRequest>();
        await using (var query = new NpgsqlCommand("""
            select s.request_id, s.counterpart, s.purpose, s.respond_by from (
              select counterpart, request_id,
                     convert_from(body, 'UTF8')::jsonb->>'purpose' as purpose, (convert_from(body, 'UTF8')::jsonb->>'respondBy')::timestamptz as respond_by
              from crossborder_messages where direction = 'sent' and message_type = $1) s
            where s.respond_by < $2
              and not exists (select 1 from crossborder_overdue o where o.request_id = s.request_id)
              and not exists (select 1 from crossborder_messages r where r.direction = 'received' and r.counterpart = s.counterpart
                              and r.message_type = any($3) and r.request_id = s.request_id)
            """, connection)
        {
            Parameters =
            {
                new() { Value = CrossBorderJson.WireType(typeof(CrossBorderRequest)) },
                new() { Value = now },
                new() { Value = new[] { typeof(CrossBorderAccepted), typeof(CrossBorderDeclined), typeof(CrossBorderOutcome) }.Select(CrossBorderJson.WireType).ToArray() },
            },
        })
        await using (var reader = await query.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                due.Add(new OverdueCrossBorderRequest(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), now));

        var noted = new List<OverdueCrossBorderRequest>();
        foreach (var overdue in due)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var insert = new NpgsqlCommand("insert into crossborder_overdue values ($1, $2, $3, $4, $5) on conflict do nothing", connection, transaction)
            {
                Parameters = { new() { Value = overdue.RequestId }, new() { Value = overdue.To }, new() { Value = overdue.Purpose }, new() { Value = overdue.RespondBy }, new() { Value = now } },
            };
            if (await insert.ExecuteNonQueryAsync(ct) == 0) continue;   // another instance noted it
            foreach (var handler in services.GetServices<ICrossBorderOverdueHandler>()) await handler.HandleAsync(overdue, connection, transaction, ct);
            await transaction.CommitAsync(ct);
            CrossBorderMetrics.Overdue.Add(1, new KeyValuePair<string, object?>("to", overdue.To), new KeyValuePair<string, object?>("purpose", overdue.Purpose));
            logger.LogWarning("Cross-border request {RequestId} to {To} ({Purpose}) is overdue: no answer by {RespondBy}", overdue.RequestId, overdue.To, overdue.Purpose, overdue.RespondBy);
            noted.Add(overdue);
        }
        return noted;
    }
}
