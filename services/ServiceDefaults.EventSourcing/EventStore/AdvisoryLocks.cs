namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// PostgreSQL locks that let several instances of a service share one database safely, in one place:
/// a transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>) that serialises work such as start-up DDL and is
/// released by the commit, the rollback or a lost connection; and a row claim (<c>FOR UPDATE SKIP LOCKED</c>) that lets
/// exactly one instance work on a document while the others pass it by. Advisory lock keys are per database, so a name
/// only has to be unique within a service. The longer-lived leadership is <see cref="Lease"/>.
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>The 64-bit advisory lock key of a name (the first eight bytes of its SHA-256): stable across processes and versions.</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"trm:{name}")), 0);

    /// <summary>Waits for the transaction-scoped advisory lock <paramref name="name"/> inside <paramref name="transaction"/>; it is released when the transaction ends.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, transaction) { Parameters = { new() { Value = KeyOf(name) } } };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (schema or trigger changes) in one transaction under the advisory lock
    /// <paramref name="name"/>, on a connection of its own: N instances starting together apply it one after another
    /// instead of failing on each other's half-done catalogue changes ("tuple concurrently updated") or deadlocking.
    /// </summary>
    public static async Task RunExclusivelyAsync(string connectionString, string name, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await RunExclusivelyAsync(connection, name, sql, ct);
    }

    /// <inheritdoc cref="RunExclusivelyAsync(string, string, string, CancellationToken)"/>
    public static Task RunExclusivelyAsync(NpgsqlConnection connection, string name, string sql, CancellationToken ct) =>
        RunExclusivelyAsync(connection, name, async transaction =>
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>Runs <paramref name="work"/> in one transaction on <paramref name="connection"/> under the advisory lock <paramref name="name"/> (e.g. DDL followed by a backfill).</summary>
    public static async Task RunExclusivelyAsync(NpgsqlConnection connection, string name, Func<NpgsqlTransaction, Task> work, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, transaction, name, ct);
        await work(transaction);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Opens the session's transaction (if not yet open) and locks the row of document <typeparamref name="T"/>
    /// <paramref name="id"/> in it with <c>FOR UPDATE SKIP LOCKED</c>: true when this session now holds it until its
    /// <c>SaveChangesAsync</c> commits (or it is disposed); false when another session holds it — or it does not
    /// exist — and the caller should pass it by. Load the document after the claim: the load then reads what the
    /// previous holder committed.
    /// </summary>
    public static async Task<bool> TryClaimAsync<T>(this IDocumentSession session, string id, CancellationToken ct) => await TryClaimAsync<T>(session, (object)id, ct);

    /// <inheritdoc cref="TryClaimAsync{T}(IDocumentSession, string, CancellationToken)"/>
    public static async Task<bool> TryClaimAsync<T>(this IDocumentSession session, Guid id, CancellationToken ct) => await TryClaimAsync<T>(session, (object)id, ct);

    private static async Task<bool> TryClaimAsync<T>(IDocumentSession session, object id, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var table = session.DocumentStore.Options.Schema.For<T>();
        await using var command = new NpgsqlCommand($"select 1 from {table} where id = $1 for update skip locked", session.Connection) { Parameters = { new() { Value = id } } };
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
