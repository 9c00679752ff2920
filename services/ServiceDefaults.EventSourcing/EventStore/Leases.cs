using System.Collections.Concurrent;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// Leadership among the instances of one service: a session-level advisory lock (<c>pg_try_advisory_lock</c>) held
/// on a dedicated, unpooled connection to the service's database. PostgreSQL itself decides who holds it and releases
/// it when that connection ends — a stopped process, a killed one (once the server sees the socket close), a
/// terminated backend — so no expiry time has to be guessed. The holder checks its connection every
/// <c>Leases:RenewSeconds</c> (default 2) and counts itself holder no longer as soon as a check fails; the others try to
/// take it at the same pace, so a new holder takes over within a few seconds of the old one's connection going away.
/// <para>
/// A lease says who should do a piece of singleton work, not that nobody else can: for the moment between the
/// database releasing a lock and the old holder's next failed check, two instances may both believe they lead. Work
/// whose result must exist once therefore also guards its writes in the database (a row claim or a transaction-scoped
/// lock, <see cref="AdvisoryLocks"/>), and uses the lease to keep the others from repeating the reads.
/// </para>
/// </summary>
public sealed class Lease(string name, string connectionString, TimeSpan renewEvery, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private volatile bool _held;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public string Name { get; } = name;

    /// <summary>Whether this instance held the lease at its last check (at most <c>Leases:RenewSeconds</c> ago).</summary>
    public bool IsHeld => _held;

    /// <summary>Holds the lease now: checks it first when the last check is older than the renewal interval.</summary>
    public async Task<bool> HoldAsync(CancellationToken ct) =>
        DateTimeOffset.UtcNow - _checkedAt < renewEvery ? _held : await RenewAsync(ct);

    /// <summary>
    /// One round trip: the holder confirms its connection is alive (the lock lives as long as it does); anyone else
    /// tries to take the lock. A failure of any kind means "not held" and a fresh connection at the next try.
    /// </summary>
    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var was = _held;
            try
            {
                if (_connection is not { State: System.Data.ConnectionState.Open })
                {
                    await CloseAsync();
                    _connection = new NpgsqlConnection(connectionString);
                    await _connection.OpenAsync(ct);
                }
                await using var command = new NpgsqlCommand(_held ? "select true" : "select pg_try_advisory_lock($1)", _connection);
                if (!_held) command.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLocks.KeyOf(Name) });
                _held = await command.ExecuteScalarAsync(ct) is true;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                _held = false;
                await CloseAsync();
                if (was) logger.LogWarning(e, "Lost the lease {Lease}: its connection failed", Name);
                else logger.LogDebug(e, "Could not try the lease {Lease}", Name);
            }
            _checkedAt = DateTimeOffset.UtcNow;
            if (_held && !was) logger.LogInformation("Took the lease {Lease}", Name);
            return _held;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseAsync()
    {
        _held = false;
        if (_connection is null) return;
        try { await _connection.DisposeAsync(); }
        catch (Exception e) { logger.LogDebug(e, "Closing the connection of lease {Lease} failed", Name); }
        _connection = null;
    }

    /// <summary>Gives the lease up by closing its connection (a graceful stop hands over at once).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try { await CloseAsync(); }
        finally { _gate.Release(); }
    }
}

/// <summary>
/// The service's leases (<see cref="Lease"/>), one connection each, renewed every <c>Leases:RenewSeconds</c> (default 2)
/// whether or not their users are running a pass, and given up when the host stops. The singleton work of a service
/// (checkpoints, the cross-border overdue scan, the database-derived gauges) shares <see cref="Background"/>, so each
/// instance spends one connection on leadership.
/// </summary>
public sealed class Leases(IConfiguration configuration, ILogger<Leases> logger) : BackgroundService
{
    /// <summary>The lease of the service's singleton background work.</summary>
    public const string Background = "background";

    private readonly ConcurrentDictionary<string, Lease> _leases = new();

    public TimeSpan RenewEvery { get; } = TimeSpan.FromSeconds(Math.Max(0.1, configuration.GetValue("Leases:RenewSeconds", 2.0)));

    /// <summary>The lease named <paramref name="name"/> (created at first use, then kept renewed).</summary>
    public Lease Of(string name) => _leases.GetOrAdd(name, n =>
    {
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured."))
        {
            // Unpooled: closing the connection must end the server session, or the lock would stay with the pool.
            Pooling = false,
            ApplicationName = $"trm-lease-{n}",
            KeepAlive = Math.Max(1, (int)RenewEvery.TotalSeconds),
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(RenewEvery.TotalSeconds * 2)),
        };
        return new Lease(n, builder.ConnectionString, RenewEvery, logger);
    });

    /// <summary>The lease of the service's singleton background work.</summary>
    public Lease ForBackground => Of(Background);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var lease in _leases.Values)
            {
                try { await lease.RenewAsync(stoppingToken); }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            }
            try { await Task.Delay(RenewEvery, stoppingToken); } // real time: a test's fake clock decides "now", not the pace
            catch (OperationCanceledException) { return; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var lease in _leases.Values) await lease.DisposeAsync();
    }
}

public static class LeaseRegistration
{
    /// <summary>
    /// The service's <see cref="Leases"/> and their renewal, once however many parts of the service ask (the event store,
    /// the cross-border exchange). Register it before its users, so that it is given up after them at stop.
    /// </summary>
    public static IServiceCollection AddLeases(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Leases))) return services;
        services.AddSingleton<Leases>();
        services.AddHostedService(sp => sp.GetRequiredService<Leases>());
        return services;
    }
}
