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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
