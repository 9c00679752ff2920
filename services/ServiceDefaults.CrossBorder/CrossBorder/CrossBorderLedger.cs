namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>A cross-border message as this node recorded it: sent by it, or received from a partner (with the partner's signature, kept as evidence).</summary>
public sealed record LedgerEntry(string Direction, string Counterpart, Guid MessageId, string Type, string BodyDigest, string Signature, byte[] Body, string SentAt, DateTimeOffset RecordedAt)
{
    /// <summary>The message as it travelled, for a node of jurisdiction <paramref name="node"/>.</summary>
    public CrossBorderEnvelope Envelope(string node) => Direction == CrossBorderLedger.Sent
        ? new CrossBorderEnvelope(MessageId, Type, node, Counterpart, SentAt, Body, Signature)
        : new CrossBorderEnvelope(MessageId, Type, Counterpart, node, SentAt, Body, Signature);
}

/// <summary>
/// Every cross-border message this node sent or accepted, in its own PostgreSQL database (<c>crossborder_messages</c>):
/// the received ones are the replay memory (a message id is accepted once per partner), and the signed delivery
/// evidences and answers partners sent are kept with their signatures. Lookups by request go through the indexed
/// column <c>request_id</c> (the request id of the message as this node deserialised it), never by casting stored
/// bodies to jsonb: a partner's body that PostgreSQL's jsonb refuses (<c>\u0000</c>) is stored as bytes and breaks no query.
/// Its tables (and <see cref="CrossBorderDeadlines"/>' <c>crossborder_overdue</c>) are a part of the service's schema
/// (<see cref="CrossBorderLedgerSchema"/>): applied by <c>migrate</c>, at start, and — where the schema is applied at start
/// (<see cref="SchemaSettings"/>) — again at the first use in a process, under an advisory lock so that instances take turns.
/// </summary>
public sealed class CrossBorderLedger(IConfiguration configuration, SchemaSettings? schemaSettings = null)
{
    public const string Sent = "sent";
    public const string Received = "received";

    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _ready;

    private string ConnectionString => configuration.GetConnectionString("Marten")
        ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured (the cross-border ledger lives in the service's database).");

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        if (_ready) return connection;
        await _schema.WaitAsync(ct);
        try
        {
            if (!_ready)
            {
                // Once per process (a Production node checked its schema at start instead: SchemaAtStartup).
                if (schemaSettings?.ApplyAtStartup ?? true) await CrossBorderLedgerSchema.ApplyAsync(connection, ct);
                _ready = true;
            }
        }
        finally
        {
            _schema.Release();
        }
        return connection;
    }

    /// <summary>The index every lookup by request uses.</summary>
    public const string RequestIndex = "crossborder_messages_by_request";

    /// <summary>The condition <see cref="FindRequestAsync"/> selects on (a test shows PostgreSQL answers it from <see cref="RequestIndex"/>).</summary>
    public const string RequestLookup = "request_id = $1 and direction = $2 and message_type = $3";

    /// <summary>
    /// The request id a message is about, as the receiver reads it (the contract's <c>RequestId</c>); <see cref="Guid.Empty"/>
    /// when the body is no such contract. Never casts to jsonb.
    /// </summary>
    public static Guid RequestIdOf(string type, byte[] body)
    {
        if (!CrossBorderJson.Types.TryGetValue(type, out var contract) || contract.GetProperty("RequestId") is not { } property) return Guid.Empty;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(body, contract, CrossBorderJson.Options) is { } message && property.GetValue(message) is Guid id ? id : Guid.Empty;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return Guid.Empty;
        }
    }

    /// <summary>Records the message in the caller's transaction; false when this (direction, counterpart, id) is already recorded.</summary>
    public static async Task<bool> TryRecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string direction, string counterpart, CrossBorderEnvelope envelope, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand("""
            insert into crossborder_messages (direction, counterpart, message_id, message_type, body_digest, signature, body, sent_at, recorded_at, request_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing
            """, connection, transaction)
        {
            Parameters =
            {
                new() { Value = direction }, new() { Value = counterpart }, new() { Value = envelope.MessageId }, new() { Value = envelope.Type },
                new() { Value = envelope.BodyDigest }, new() { Value = envelope.Signature ?? "" }, new() { Value = envelope.Body }, new() { Value = envelope.SentAt },
                new() { Value = now }, new() { Value = RequestIdOf(envelope.Type, envelope.Body) },
            },
        };
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Whether <paramref name="counterpart"/>'s message <paramref name="messageId"/> was received (in the caller's transaction).</summary>
    public static async Task<bool> WasReceivedAsync(NpgsqlTransaction transaction, string counterpart, Guid messageId, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand("select 1 from crossborder_messages where direction = $1 and counterpart = $2 and message_id = $3", transaction.Connection, transaction)
        {
            Parameters = { new() { Value = Received }, new() { Value = counterpart }, new() { Value = messageId } },
        };
        return await query.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<LedgerEntry?> FindAsync(string direction, string counterpart, Guid messageId, CancellationToken ct) =>
        (await QueryAsync("direction = $1 and counterpart = $2 and message_id = $3", [direction, counterpart, messageId], ct)).FirstOrDefault();

    /// <summary>Everything recorded in one direction, oldest first (optionally of one wire type).</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(string direction, string? type, CancellationToken ct) =>
        type is null ? await QueryAsync("direction = $1", [direction], ct) : await QueryAsync("direction = $1 and message_type = $2", [direction, type], ct);

    /// <summary>
    /// The request this service sent that an answer is about: the one with <paramref name="requestId"/>, sent to the partner
    /// that signed the answer, for one of <paramref name="purposes"/>; null when it is not (another purpose's handler takes it).
    /// </summary>
    public Task<Contracts.CrossBorder.CrossBorderRequest?> SentRequestAnsweredAsync(ReceivedCrossBorderMessage answer, Guid requestId, IReadOnlyCollection<string> purposes,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct) =>
        RequestAnsweredAsync(Sent, answer, requestId, purposes, connection, transaction, ct);

    /// <summary>
    /// The request an answer or update is about, <paramref name="direction"/> <see cref="Sent"/> (this node asked the signer)
    /// or <see cref="Received"/> (the signer asked this node: an update from the requesting side); null when there is none
    /// between this node and the signer, or it is of another purpose.
    /// </summary>
    public async Task<Contracts.CrossBorder.CrossBorderRequest?> RequestAnsweredAsync(string direction, ReceivedCrossBorderMessage answer, Guid requestId, IReadOnlyCollection<string> purposes,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (await FindRequestAsync(direction, requestId, ct, connection, transaction) is not { } sent || sent.Counterpart != answer.Envelope.From) return null;
        var request = System.Text.Json.JsonSerializer.Deserialize<Contracts.CrossBorder.CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        return purposes.Contains(request.Purpose) ? request : null;
    }

    /// <summary>The request with this id sent or received (the first, if a partner sent it twice), on the caller's connection or a new one.</summary>
    public async Task<LedgerEntry?> FindRequestAsync(string direction, Guid requestId, CancellationToken ct, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null) =>
        (await QueryAsync(RequestLookup, [requestId, direction, CrossBorderJson.WireType(typeof(Contracts.CrossBorder.CrossBorderRequest))], ct, connection, transaction)).FirstOrDefault();

    /// <summary>Every message sent or received about one request (the request, evidence, answers), oldest first.</summary>
    public Task<IReadOnlyList<LedgerEntry>> ListForRequestAsync(Guid requestId, CancellationToken ct) =>
        QueryAsync("request_id = $1", [requestId], ct);

    private async Task<IReadOnlyList<LedgerEntry>> QueryAsync(string where, object[] values, CancellationToken ct, NpgsqlConnection? given = null, NpgsqlTransaction? transaction = null)
    {
        await using var owned = given is null ? await OpenAsync(ct) : null;
        var connection = given ?? owned!;
        await using var query = new NpgsqlCommand($"select direction, counterpart, message_id, message_type, body_digest, signature, body, sent_at, recorded_at from crossborder_messages where {where} order by recorded_at", connection, transaction);
        foreach (var value in values) query.Parameters.Add(new NpgsqlParameter { Value = value });
        var entries = new List<LedgerEntry>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            entries.Add(new LedgerEntry(reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                (byte[])reader[6], reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)));
        return entries;
    }
}

/// <summary>
/// The ledger's tables as a part of the service's schema (<see cref="DatabaseSchema"/>); registered on nodes with partners.
/// The one place of their DDL, applied in one transaction under the advisory lock <c>crossborder-ledger-schema</c>.
/// </summary>
public sealed class CrossBorderLedgerSchema : ISchemaPart
{
    public string Name => "cross-border ledger";

    async Task<string> ISchemaPart.ApplyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await ApplyAsync(connection, ct);
        return "crossborder_messages and crossborder_overdue current";
    }

    /// <summary>Creates the tables and the request index where missing, adds the request column to an older table and fills it.</summary>
    public static Task ApplyAsync(NpgsqlConnection connection, CancellationToken ct) =>
        // One instance at a time: N instances starting together would otherwise race on the catalogue.
        AdvisoryLocks.RunExclusivelyAsync(connection, "crossborder-ledger-schema", async transaction =>
        {
            await using (var create = new NpgsqlCommand($"""
                create table if not exists crossborder_messages (
                  direction text not null, counterpart text not null, message_id uuid not null, message_type text not null,
                  body_digest text not null, signature text not null, body bytea not null, sent_at text not null,
                  recorded_at timestamptz not null, request_id uuid, primary key (direction, counterpart, message_id));
                alter table crossborder_messages add column if not exists request_id uuid;
                create index if not exists {CrossBorderLedger.RequestIndex} on crossborder_messages (request_id, direction, message_type);
                create table if not exists crossborder_overdue (
                  request_id uuid primary key, counterpart text not null, purpose text not null, respond_by timestamptz not null, noted_at timestamptz not null);
                """, connection, transaction))
                await create.ExecuteNonQueryAsync(ct);
            await BackfillRequestIdsAsync(connection, ct);
        }, ct);

    public async Task<IReadOnlyList<string>> MissingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            select to_regclass('crossborder_messages') is not null, to_regclass('crossborder_overdue') is not null,
                   to_regclass('{CrossBorderLedger.RequestIndex}') is not null,
                   exists (select 1 from pg_attribute where attrelid = to_regclass('crossborder_messages') and attname = 'request_id' and not attisdropped)
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var missing = new List<string>();
        if (!reader.GetBoolean(0)) missing.Add("table crossborder_messages is missing");
        else if (!reader.GetBoolean(3)) missing.Add("column crossborder_messages.request_id is missing");
        if (!reader.GetBoolean(1)) missing.Add("table crossborder_overdue is missing");
        if (!reader.GetBoolean(2)) missing.Add($"index {CrossBorderLedger.RequestIndex} is missing");
        return missing;
    }

    /// <summary>Rows recorded before the column existed get their request id once (read in .NET, not by a jsonb cast that one stored body could break).</summary>
    private static async Task BackfillRequestIdsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = new List<(string Direction, string Counterpart, Guid MessageId, Guid RequestId)>();
        await using (var select = new NpgsqlCommand("select direction, counterpart, message_id, message_type, body from crossborder_messages where request_id is null", connection))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetGuid(2), CrossBorderLedger.RequestIdOf(reader.GetString(3), (byte[])reader[4])));
        foreach (var row in rows)
        {
            await using var update = new NpgsqlCommand("update crossborder_messages set request_id = $4 where direction = $1 and counterpart = $2 and message_id = $3 and request_id is null", connection)
            {
                Parameters = { new() { Value = row.Direction }, new() { Value = row.Counterpart }, new() { Value = row.MessageId }, new() { Value = row.RequestId } },
            };
            await update.ExecuteNonQueryAsync(ct);
        }
    }

}
