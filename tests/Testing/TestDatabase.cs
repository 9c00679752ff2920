using Npgsql;

namespace TransnationalReferral.Testing;

/// <summary>A throwaway PostgreSQL database for one service in one fixture: as a service has in production, its own database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;
    public string Name { get; }
    public string ConnectionString { get; }

    private TestDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task<TestDatabase> CreateAsync(string service)
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var name = $"test_{service}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(infrastructure.PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new TestDatabase(infrastructure.PostgresAdmin, name);
    }

    /// <summary>The settings that put a service on this database and on <paramref name="bus"/>, with <paramref name="more"/> (e.g. <c>Deadlines:PollSeconds</c>).</summary>
    public Dictionary<string, string?> ServiceSettings(TestVirtualHost bus, IReadOnlyDictionary<string, string?>? more = null) =>
        new(more ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Marten"] = ConnectionString,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
        };

    /// <summary>The whole database as <c>pg_dump</c> writes it (schema and data), to search it.</summary>
    public async Task<string> DumpAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var pgDump = new[] { "/usr/bin/pg_dump" }.Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin", "pg_dump")) : [])
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("pg_dump is not installed (apt-get install postgresql-client).");
        var start = new System.Diagnostics.ProcessStartInfo(pgDump, ["--no-owner", "-h", builder.Host!, "-p", builder.Port.ToString(), "-U", builder.Username!, builder.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = builder.Password;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"pg_dump failed: {await error}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
