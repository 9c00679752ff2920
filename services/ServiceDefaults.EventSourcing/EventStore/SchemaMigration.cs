using System.Net.Sockets;
using Marten.Storage;
using Weasel.Core;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// A part of a service's database beyond Marten's configured objects (the access log's triggers, the cross-border
/// ledger's tables): its DDL lives here and nowhere else, applied by <c>migrate</c> (and at start where
/// <see cref="SchemaSettings.ApplyAtStartup"/>), checked at every start where it is not.
/// </summary>
public interface ISchemaPart
{
    /// <summary>What it is, for progress lines and refusals.</summary>
    string Name { get; }

    /// <summary>Applies it idempotently in one transaction under its advisory lock; returns what it did (one progress line).</summary>
    Task<string> ApplyAsync(NpgsqlConnection connection, CancellationToken ct);

    /// <summary>What is missing or different in the database (empty: current).</summary>
    Task<IReadOnlyList<string>> MissingAsync(NpgsqlConnection connection, CancellationToken ct);
}

/// <summary>
/// <c>EventStore:ApplySchemaAtStartup</c>: whether the service creates and updates its schema itself when it starts
/// (Marten's <c>AutoCreate.CreateOrUpdate</c>, the access-log triggers, the ledger's tables). Default true, except in
/// Production, where it is false unless set explicitly: there the schema is applied at deploy time by
/// <c>dotnet &lt;service&gt;.dll migrate</c> (the migration Job, Devtool <c>up</c>) and a start against an outdated
/// schema is refused (<see cref="SchemaAtStartup"/>).
/// </summary>
public sealed record SchemaSettings(bool ApplyAtStartup)
{
    public const string Setting = "EventStore:ApplySchemaAtStartup";

    public static SchemaSettings From(IConfiguration configuration, IHostEnvironment environment) =>
        new(configuration.GetValue<bool?>(Setting) ?? !environment.IsProduction());
}

/// <summary>
/// Everything a service's database needs, in one place: Marten's configured schema objects (documents, the event store's
/// tables, functions and sequences), then every <see cref="ISchemaPart"/> the service registered. Marten applies its own
/// changes under its advisory lock (<c>StoreOptions.ApplyChangesLockId</c>), each part under its own
/// (<see cref="AdvisoryLocks"/>), so migrations and instances starting together take turns. Idempotent.
/// </summary>
public sealed class DatabaseSchema(IDocumentStore store, IEnumerable<ISchemaPart> parts, IConfiguration configuration)
{
    /// <summary>This process was started as <c>… migrate</c>.</summary>
    public static bool Requested => Environment.GetCommandLineArgs() is [_, "migrate", ..];

    private string ConnectionString => configuration.GetConnectionString("Marten")
        ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured.");

    private IMartenDatabase Marten => store.Storage.Database;

    /// <summary>Applies everything, writing a progress line per step.</summary>
    public async Task MigrateAsync(TextWriter output, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        output.WriteLine($"migrating {Describe(ConnectionString)} (schema {schema})");
        // The whole migration under one advisory lock of the schema's, held by a transaction on a connection of its own: two
        // instances (or the Job and an instance) starting on a fresh database take turns — the second then finds it current.
        // Marten's own lock did not cover this: two instances started together both created an index ("42P07 already
        // exists", seen in the fresh-clone run's two-instance test).
        await using var guard = new NpgsqlConnection(ConnectionString);
        await guard.OpenAsync(ct);
        await using var held = await guard.BeginTransactionAsync(ct);
        await AdvisoryLocks.LockAsync(guard, held, $"schema-migration:{schema}", ct);
        var migration = await Marten.CreateMigrationAsync(ct);
        var changes = Changed(migration);
        if (changes.Count == 0) output.WriteLine("  marten: documents and event store are current");
        else
        {
            output.WriteLine($"  marten: applying {changes.Count} change(s): {string.Join(", ", changes)}");
            await Marten.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate, ct: ct);
        }
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        foreach (var part in parts)
            output.WriteLine($"  {part.Name}: {await part.ApplyAsync(connection, ct)}");
        await held.CommitAsync(ct);
        output.WriteLine("schema current");
    }

    /// <summary>What differs between the database and what this version of the service needs (empty: current).</summary>
    public async Task<IReadOnlyList<string>> OutdatedAsync(CancellationToken ct)
    {
        var outdated = Changed(await Marten.CreateMigrationAsync(ct)).Select(o => $"marten: {o}").ToList();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        foreach (var part in parts)
            outdated.AddRange((await part.MissingAsync(connection, ct)).Select(m => $"{part.Name}: {m}"));
        return outdated;
    }

    private static List<string> Changed(Weasel.Core.SchemaMigration migration) => migration.Difference == SchemaPatchDifference.None
        ? []
        : migration.Deltas.Where(d => d.Difference != SchemaPatchDifference.None).Select(d => $"{d.SchemaObject.Identifier} ({d.Difference.ToString().ToLowerInvariant()})").ToList();

    /// <summary>Host, port and database of a connection string: never the user or the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}:{builder.Port}";
    }

    /// <summary>
    /// <c>dotnet &lt;service&gt;.dll migrate</c>: applies the schema and exits 0; 2 when the database cannot be reached
    /// (saying so), 1 for any other failure (the message says what failed).
    /// </summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var schema = services.GetRequiredService<DatabaseSchema>();
        try
        {
            await schema.MigrateAsync(output, ct);
            return 0;
        }
        catch (Exception e) when (Unreachable(e) is { } cause)
        {
            output.WriteLine($"migrate failed: the database is unreachable ({Describe(schema.ConnectionString)}): {cause.Message}");
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            output.WriteLine($"migrate failed: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The connection failure behind <paramref name="e"/>, when it is one (refused, timed out, unknown host, authentication).</summary>
    public static Exception? Unreachable(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException or TimeoutException) return inner;
            if (inner is NpgsqlException { InnerException: SocketException or TimeoutException or IOException } npgsql) return npgsql.InnerException!;
            if (inner is PostgresException { SqlState: "28P01" or "28000" or "3D000" or "57P03" } refused) return refused;
        }
        return null;
    }
}

/// <summary>
/// At start: where the schema is applied at start (<see cref="SchemaSettings"/>), applies it before anything else runs;
/// elsewhere (Production) checks it is current and refuses to start, naming <c>migrate</c>, when it is not.
/// Registered first among the hosted services, so that nothing else touches an outdated database.
/// </summary>
internal sealed class SchemaAtStartup(DatabaseSchema schema, SchemaSettings settings, IHostEnvironment environment, ILogger<SchemaAtStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (settings.ApplyAtStartup)
        {
            var progress = new StringWriter();
            await schema.MigrateAsync(progress, ct);
            logger.LogInformation("Schema applied at start ({Setting} is true): {Progress}", SchemaSettings.Setting, progress.ToString().Trim());
            return;
        }
        var outdated = await schema.OutdatedAsync(ct);
        if (outdated.Count == 0) return;
        var dll = $"{environment.ApplicationName}.dll";
        throw new InvalidOperationException(
            $"Refusing to start in environment '{environment.EnvironmentName}': the database schema is outdated, {outdated.Count} difference(s) ({string.Join("; ", outdated.Take(20))}{(outdated.Count > 20 ? $"; and {outdated.Count - 20} more" : "")}). " +
            $"Run the migration first: dotnet {dll} migrate (with the same configuration; the migration Job does this). {SchemaSettings.Setting} is false here, so the service does not change its schema itself.");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
