using Npgsql;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.Testing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// What a failover looks like to a service, produced for real on the test PostgreSQL: every one is an outage (503 +
/// Retry-After, a consumer retrying without limit), never a fault of the request (500) — and a real fault stays one.
/// </summary>
public class DatabaseOutageClassificationTests
{
    private static async Task<string> AdminAsync() => (await TestInfrastructure.GetAsync()).PostgresAdmin;

    [Test]
    public async Task No_primary_among_the_hosts_is_an_outage()
    {
        // The only host is a primary, so asking for a standby finds none: what a multi-host string asking for the primary
        // meets while the standby is not yet promoted.
        var builder = new NpgsqlConnectionStringBuilder(await AdminAsync()) { Pooling = false };
        builder.Host = $"{builder.Host}:{builder.Port},{builder.Host}:{builder.Port}";   // a multi-host string: the one primary, twice
        var noStandby = builder.ConnectionString;
        await using var hosts = new NpgsqlDataSourceBuilder(noStandby).BuildMultiHost();
        await using var standby = hosts.WithTargetSession(TargetSessionAttributes.Standby);
        var failure = Assert.CatchAsync<NpgsqlException>(async () => { await using var _ = await standby.OpenConnectionAsync(); });
        Assert.That(failure!.Message, Does.StartWith("No suitable host was found"));
        Assert.That(DatabaseOutage.IsUnavailable(failure), Is.True, failure.ToString());
    }

    [Test]
    public async Task A_write_on_a_demoted_primary_is_an_outage()
    {
        await using var connection = new NpgsqlConnection(await AdminAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET TRANSACTION READ ONLY; CREATE TEMP TABLE trm_outage_probe (id int)", connection);
        await using var transaction = await connection.BeginTransactionAsync();
        command.Transaction = transaction;
        var failure = Assert.CatchAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.That(failure!.SqlState, Is.EqualTo(PostgresErrorCodes.ReadOnlySqlTransaction));
        Assert.That(DatabaseOutage.IsUnavailable(failure), Is.True);
    }

    [Test]
    public async Task Waiting_out_another_requests_schema_check_is_an_outage()
    {
        // Where a service applies its schema itself, Marten checks a table at its first use under Weasel's in-process lock
        // (five seconds); a restarted instance flooded with requests timed out on it and answered 500. Weasel's own lock,
        // held by one caller while another waits for it:
        var type = typeof(Weasel.Core.DbObjectName).Assembly.GetType("Weasel.Core.Migrations.TimedLock", throwOnError: true)!;
        var timedLock = Activator.CreateInstance(type, nonPublic: true)!;
        var lockAsync = type.GetMethod("Lock")!;
        Task Lock(TimeSpan wait) => (Task)lockAsync.Invoke(timedLock, [wait, "RegisteredCase", CancellationToken.None])!;
        await Lock(TimeSpan.FromSeconds(5));
        var failure = Assert.CatchAsync<TimeoutException>(() => Lock(TimeSpan.FromMilliseconds(100)));
        Assert.That(DatabaseOutage.IsUnavailable(failure), Is.True, failure!.ToString());
        Assert.That(DatabaseOutage.IsUnavailable(new TimeoutException("some other wait")), Is.False, "only Weasel's schema lock, not every timeout");
    }

    [Test]
    public async Task A_fault_of_the_statement_is_not_an_outage()
    {
        await using var connection = new NpgsqlConnection(await AdminAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM trm_no_such_table", connection);
        var failure = Assert.CatchAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.That(DatabaseOutage.IsUnavailable(failure), Is.False);
    }
}
