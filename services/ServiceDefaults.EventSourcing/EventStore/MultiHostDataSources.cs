using System.Collections.Concurrent;
using Npgsql;
using Weasel.Postgresql.Connections;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// PostgreSQL with a standby (deploy/local/infra.sh resilient: Patroni promotes the standby when the primary dies):
/// <c>ConnectionStrings:Marten</c> names every member, e.g.
/// <c>Host=127.0.0.1:55442,127.0.0.1:55443;Target Session Attributes=primary;…</c>, and each connection goes to the
/// one that is primary now. Npgsql refuses <c>Target Session Attributes</c> on a data source built from such a string
/// (it wants the multi-host data source and a view of it for the sessions wanted), and Marten builds its data sources
/// from the string; Marten gets them from here instead. Without the attribute the sessions are <c>primary</c>: every
/// write of a service must reach the primary, and a standby that rejoins first in the list must not take them.
/// </summary>
public sealed class MultiHostDataSources : INpgsqlDataSourceFactory
{
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _sources = new();

    /// <summary>Whether the connection string names more than one host (the only case where this factory is used).</summary>
    public static bool Named(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Host?.Contains(',') == true;

    public NpgsqlDataSource Create(string connectionString) => _sources.GetOrAdd(connectionString, Build);

    private static NpgsqlDataSource Build(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Host?.Contains(',') != true) return new NpgsqlDataSourceBuilder(connectionString).Build();
        var sessions = string.IsNullOrWhiteSpace(settings.TargetSessionAttributes)
            ? TargetSessionAttributes.Primary
            : Enum.Parse<TargetSessionAttributes>(settings.TargetSessionAttributes.Replace("-", ""), ignoreCase: true);
        settings.TargetSessionAttributes = null;
        return new NpgsqlDataSourceBuilder(settings.ConnectionString).BuildMultiHost().WithTargetSession(sessions);
    }
}
