extern alias Protection;

using Npgsql;

using System.Security.Cryptography;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Migrations at deploy time: in Production a service creates no schema itself (<c>EventStore:ApplySchemaAtStartup</c> is
/// false there) and refuses to start against a database its <c>migrate</c> command has not brought up to date — an empty
/// one, or one where a trigger or an index it needs went missing. The command is the built service run as the migration
/// Job runs it (a child process, Production, the same settings); the service is the real host on a real database and broker.
/// </summary>
public class SchemaMigrationTests
{
    /// <summary>A correctly configured Production service: its own broker user (no development password), metrics token, checkpoint key.</summary>
    private static Dictionary<string, string?> ProductionSettings(TestDatabase database, Uri rabbitMq)
    {
        using var checkpointKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = rabbitMq.ToString(),
            ["Metrics:Token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["Audit:CheckpointKey"] = checkpointKey.ExportPkcs8PrivateKeyPem(),
        };
    }

    /// <summary>A broker user of this test only, with a random password, on <paramref name="bus"/>'s virtual host.</summary>
    private static async Task<(Uri Amqp, Func<Task> Delete)> BrokerUserAsync(TestVirtualHost bus)
    {
        var admin = await BrokerAdmin.ConnectAsync();
        var user = $"test-migrate-{Guid.NewGuid():N}"[..24];
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        (await admin.Management.PutAsJsonAsync($"/api/users/{user}", new { password, tags = "" })).EnsureSuccessStatusCode();
        (await admin.Management.PutAsJsonAsync($"/api/permissions/{Uri.EscapeDataString(bus.Name)}/{user}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        var amqp = new UriBuilder(bus.AmqpUri) { UserName = user, Password = password }.Uri;
        return (amqp, async () => { using (admin) await admin.DeleteAsync([], [user]); });
    }

    /// <summary>Runs the built Protection service with <paramref name="arguments"/> in <paramref name="environment"/>, configured through environment variables.</summary>
    public static async Task<(int Exit, string Output)> ProtectionCommandAsync(string environment, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var directory = Path.Combine(BrokerAdmin.RepositoryRoot(), "services/Protection");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, "bin", configuration, "net10.0", "TransnationalReferral.Protection.dll"), .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>What the test hosts are given besides <paramref name="settings"/> (ServiceHost), for the command's process.</summary>
    private static Dictionary<string, string?> AsHostIsGiven(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(TestTokens.Settings.ToDictionary(s => s.Key, s => (string?)s.Value))
        {
            ["Node:Jurisdiction"] = "NL",
            ["Vault:CurrentKeyId"] = "test-1",
            ["Vault:MasterKeys:test-1"] = TestTokens.VaultMasterKey,
        };
        foreach (var (key, value) in settings) all[key] = value;
        return all;
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string RefusalOf(ServiceHost<Protection::Program> host)
    {
        var error = Assert.Catch(() => host.Start(), "the service must not start");
        return error!.ToString();
    }

    [Test]
    public async Task A_Production_service_refuses_an_unmigrated_or_outdated_schema_and_starts_once_migrate_has_run()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("protection");
        var (amqp, deleteUser) = await BrokerUserAsync(bus);
        try
        {
            var settings = ProductionSettings(database, amqp);
            void Production(IWebHostBuilder builder) => builder.UseEnvironment("Production");

            // 1. A fresh, empty database: refused, naming migrate; and nothing was created.
            await using (var host = new ServiceHost<Protection::Program>(settings, Production))
            {
                var refusal = RefusalOf(host);
                Assert.That(refusal, Does.Contain("Refusing to start in environment 'Production'").And.Contain("the database schema is outdated")
                    .And.Contain("dotnet TransnationalReferral.Protection.dll migrate").And.Contain("marten: Database.Schemas (create)"));
            }
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var tables = new NpgsqlCommand("select count(*) from information_schema.tables where table_schema = 'protection'", connection);
                Assert.That(await tables.ExecuteScalarAsync(), Is.EqualTo(0L), "in Production the service created nothing itself");
            }

            // 2. The migration, as the migration Job runs it (Production, the same configuration): progress lines, exit 0.
            var (exit, output) = await ProtectionCommandAsync("Production", AsHostIsGiven(settings), "migrate");
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("marten: applying").And.Contain("access-log triggers:").And.Contain("schema current"));
            // Idempotent: a second run finds Marten's objects current.
            (exit, output) = await ProtectionCommandAsync("Production", AsHostIsGiven(settings), "migrate");
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("marten: documents and event store are current"));

            // 3. Now it starts and serves (reads and an audited read against the migrated tables, with AutoCreate off).
            await using (var host = new ServiceHost<Protection::Program>(settings, Production))
            {
                using var client = new HttpClient { BaseAddress = host.Start() };
                Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
                using var caseWorker = new HttpClient { BaseAddress = client.BaseAddress }.Authorize("CaseWorker");
                Assert.That((await caseWorker.GetAsync("/api/protection/cases")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
                using var auditor = new HttpClient { BaseAddress = client.BaseAddress }.Authorize("Auditor");
                Assert.That((await auditor.GetAsync($"/api/protection/access-log?caseId={Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }

            // 4. A trigger and an index the service relies on went missing: outdated again, each named.
            await ExecuteAsync(database, "drop trigger trm_access_log_no_truncate on protection.mt_doc_accesslogentry");
            await using (var host = new ServiceHost<Protection::Program>(settings, Production))
                Assert.That(RefusalOf(host), Does.Contain("trigger trm_access_log_no_truncate on protection.mt_doc_accesslogentry is missing"));
            (exit, output) = await ProtectionCommandAsync("Production", AsHostIsGiven(settings), "migrate");
            Assert.That(exit, Is.Zero, output);

            await ExecuteAsync(database, "drop index protection.mt_doc_accesslogentry_idx_case_id");
            await using (var host = new ServiceHost<Protection::Program>(settings, Production))
                Assert.That(RefusalOf(host), Does.Contain("marten: protection.mt_doc_accesslogentry (update)"));
            (exit, output) = await ProtectionCommandAsync("Production", AsHostIsGiven(settings), "migrate");
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("marten: applying 1 change(s): protection.mt_doc_accesslogentry (update)"));
            await using (var host = new ServiceHost<Protection::Program>(settings, Production))
                Assert.That(() => host.Start(), Throws.Nothing, "current again");
        }
        finally
        {
            await deleteUser();
        }
    }

    [Test]
    public async Task Migrate_says_when_the_database_is_unreachable()
    {
        var (exit, output) = await ProtectionCommandAsync("Development", new Dictionary<string, string?>
        {
            // Nothing listens on the discard port.
            ["ConnectionStrings:Marten"] = "Host=127.0.0.1;Port=9;Database=nowhere;Username=nobody;Password=x;Timeout=5",
            ["ConnectionStrings:RabbitMq"] = "amqp://127.0.0.1:9/",
        }, "migrate");
        Assert.That(exit, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("migrate failed: the database is unreachable (database nowhere on 127.0.0.1:9)"));
    }

    [Test]
    public async Task Outside_Production_the_service_applies_its_schema_at_start_and_with_the_setting_off_it_only_checks()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("protection");
        // Testing, default: applies it (as every other test host relies on).
        await using (var host = new ServiceHost<Protection::Program>(database.ServiceSettings(bus)))
            Assert.That(() => host.Start(), Throws.Nothing);
        await ExecuteAsync(database, "drop trigger trm_access_log_no_change on protection.mt_doc_accesslogentry");
        // Testing with EventStore:ApplySchemaAtStartup=false: checks and refuses.
        await using (var host = new ServiceHost<Protection::Program>(database.ServiceSettings(bus, new Dictionary<string, string?> { ["EventStore:ApplySchemaAtStartup"] = "false" })))
            Assert.That(RefusalOf(host), Does.Contain("trigger trm_access_log_no_change on protection.mt_doc_accesslogentry is missing"));
        // Default again: reinstalled at start.
        await using (var host = new ServiceHost<Protection::Program>(database.ServiceSettings(bus)))
            Assert.That(() => host.Start(), Throws.Nothing);
        await using (var host = new ServiceHost<Protection::Program>(database.ServiceSettings(bus, new Dictionary<string, string?> { ["EventStore:ApplySchemaAtStartup"] = "false" })))
            Assert.That(() => host.Start(), Throws.Nothing, "the trigger is back");
    }

    /// <summary>Devtool <c>up</c>'s first step, on two fresh databases (the node's services run the same step side by side).</summary>
    [Test]
    public async Task Up_migrates_each_services_database_before_starting_it_with_a_progress_line_per_step()
    {
        await using var protectionDb = await TestDatabase.CreateAsync("protection");
        await using var returnDb = await TestDatabase.CreateAsync("return");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var repo = new Devtool.Repository(BrokerAdmin.RepositoryRoot(), configuration);
        Dictionary<string, string> Env(TestDatabase database) => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Marten"] = database.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = "amqp://127.0.0.1:9/",
        };
        var launches = new List<(Devtool.ServiceDef, Dictionary<string, string>)>
        {
            (new Devtool.ServiceDef("protection", "services/Protection/TransnationalReferral.Protection.csproj", 5102, "TR_PG_PROTECTION"), Env(protectionDb)),
            (new Devtool.ServiceDef("return", "services/Return/TransnationalReferral.Return.csproj", 5103, "TR_PG_RETURN"), Env(returnDb)),
        };
        var printed = new StringWriter();
        var console = Console.Out;
        Console.SetOut(printed);
        try { Devtool.Migration.MigrateAll(repo, launches); }
        finally { Console.SetOut(console); }

        var output = printed.ToString();
        Assert.That(output, Does.Contain("[up] migrating the databases of protection, return").And.Contain("[up] protection: schema current")
            .And.Contain("[up] return: schema current").And.Contain("[up] return:   access-log triggers:").And.Contain("[up] schemas current"), output);
        foreach (var (database, schema) in new[] { (protectionDb, "protection"), (returnDb, "return_reintegration") })
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var events = new NpgsqlCommand($"select to_regclass('{schema}.mt_events') is not null", connection);
            Assert.That(await events.ExecuteScalarAsync(), Is.True, $"{schema}'s event store exists");
        }
    }
}
