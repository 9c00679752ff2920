extern alias Gateway;

using System.Security.Cryptography;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Outside Development a process with a development token key, the well-known development vault master key, or no
/// explicit jurisdiction refuses to start, saying why. The services and the gateway are started as their deployment
/// starts them: their own build output (appsettings.json as shipped), configured through environment variables.
/// </summary>
public class UnsafeDefaultsTests
{
    private static readonly string[] Processes = ["identification", "protection", "return", "remedies", "judicial", "gateway"];

    private static string Output(string process)
    {
        var configuration = typeof(UnsafeDefaultsTests).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var (folder, assembly) = process switch
        {
            "gateway" => ("gateway", "TransnationalReferral.Gateway"),
            "judicial" => ("services/JudicialCooperation", "TransnationalReferral.JudicialCooperation"),
            _ => ($"services/{char.ToUpperInvariant(process[0])}{process[1..]}", $"TransnationalReferral.{char.ToUpperInvariant(process[0])}{process[1..]}"),
        };
        var dll = Path.Combine(BrokerAdmin.RepositoryRoot(), folder, "bin", configuration, "net10.0", assembly + ".dll");
        Assert.That(File.Exists(dll), dll);
        return dll;
    }

    /// <summary>Runs the process until it exits (or 60 s), returning its exit code (null: still running, killed) and everything it wrote.</summary>
    private static async Task<(int? ExitCode, string Output)> RunAsync(string process, string environment, IReadOnlyDictionary<string, string> settings)
    {
        var dll = Output(process);
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await child.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            return (null, await stdout + await stderr);
        }
        return (child.ExitCode, await stdout + await stderr);
    }

    /// <summary>What an otherwise correctly configured production process is given (test issuer, a non-development vault key,
    /// a checkpoint key and a metrics scrape token: docs/production-checklist.md).</summary>
    private static Dictionary<string, string> Safe(string jurisdiction = "NL")
    {
        using var checkpointKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new Dictionary<string, string>(TestTokens.Settings)
        {
            ["Vault:CurrentKeyId"] = "test-1",
            ["Vault:MasterKeys:test-1"] = TestTokens.VaultMasterKey,
            ["Audit:CheckpointKey"] = checkpointKey.ExportPkcs8PrivateKeyPem(),
            ["Metrics:Token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
        if (jurisdiction.Length > 0) settings["Node:Jurisdiction"] = jurisdiction;
        return settings;
    }

    private static string Shipped(string process, string section, string key)
    {
        var file = Path.Combine(Path.GetDirectoryName(Output(process))!, "appsettings.Development.json");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var element = json.RootElement.GetProperty(section);
        foreach (var part in key.Split(':')) element = element.GetProperty(part);
        return element.GetString()!;
    }

    private static async Task AssertRefusedAsync(string process, string environment, IReadOnlyDictionary<string, string> settings, string reason)
    {
        var (exitCode, output) = await RunAsync(process, environment, settings);
        Assert.That(exitCode, Is.Not.Null.And.Not.EqualTo(0), $"{process} in {environment} must not start:\n{output}");
        Assert.That(output, Does.Contain("Refusing to start").And.Contain(reason), $"{process} in {environment} says why");
    }

    [Test]
    public async Task Without_an_explicit_jurisdiction_no_service_and_no_gateway_starts_outside_Development()
    {
        foreach (var process in Processes)
            await AssertRefusedAsync(process, "Production", Safe(jurisdiction: ""), "Node:Jurisdiction is not set");
    }

    [Test]
    public async Task A_jurisdiction_that_is_no_ISO_code_refuses_start() =>
        await AssertRefusedAsync("protection", "Production", Safe("Atlantis"), "Node:Jurisdiction 'Atlantis' is not an ISO 3166-1 alpha-2 code");

    [TestCase("Production", TestName = "A_development_token_key_refuses_start_in_Production")]
    [TestCase("Testing", TestName = "A_development_token_key_refuses_start_in_Testing")]
    public async Task A_development_token_key_refuses_start_outside_Development(string environment)
    {
        var settings = Safe();
        settings["Auth:DevelopmentSigningKey"] = Shipped("gateway", "Auth", "DevelopmentSigningKey");
        foreach (var process in new[] { "gateway", "return" })
            await AssertRefusedAsync(process, environment, settings, "Auth:DevelopmentSigningKey is set");
    }

    [TestCase("Production", TestName = "The_development_vault_master_key_refuses_start_in_Production")]
    [TestCase("Testing", TestName = "The_development_vault_master_key_refuses_start_in_Testing")]
    public async Task The_development_vault_master_key_refuses_start_outside_Development(string environment)
    {
        var settings = Safe();
        var developmentKeyId = Shipped("identification", "Vault", "CurrentKeyId");
        settings["Vault:CurrentKeyId"] = developmentKeyId;
        settings[$"Vault:MasterKeys:{developmentKeyId}"] = Shipped("identification", "Vault", $"MasterKeys:{developmentKeyId}");
        await AssertRefusedAsync("identification", environment, settings, $"Vault:MasterKeys:{developmentKeyId} is the well-known development vault master key");
    }

    [Test]
    public void A_test_host_given_the_development_token_key_refuses_start()
    {
        using var host = new ServiceHost<Gateway::Program>(new Dictionary<string, string?>
        {
            ["Services:identification"] = "http://127.0.0.1:9",
            ["Auth:DevelopmentSigningKey"] = TokenTests.ShippedDevelopmentKey(),
        });
        var error = Assert.Catch(() => host.Start());
        Assert.That(error!.ToString(), Does.Contain("Auth:DevelopmentSigningKey is set"));
    }

    [Test]
    public async Task A_service_without_its_production_settings_refuses_start_naming_each_checklist_rule()
    {
        var settings = Safe();
        settings.Remove("Metrics:Token");
        settings.Remove("Audit:CheckpointKey");
        settings["EventStore:ApplySchemaAtStartup"] = "true";
        var (exitCode, output) = await RunAsync("remedies", "Production", settings);
        Assert.That(exitCode, Is.Not.Null.And.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain("Refusing to start in environment 'Production'").And.Contain("[metrics-token]").And.Contain("[checkpoint-key]")
            .And.Contain("[schema-at-startup]").And.Contain("docs/production-checklist.md"));
    }

    /// <summary>appsettings.json no longer pins the gateway to localhost:8080 (appsettings.Development.json does): a container's
    /// <c>ASPNETCORE_URLS</c> (or <c>Urls</c>, or <c>ASPNETCORE_HTTP_PORTS</c>) decides where it listens.</summary>
    [Test]
    public async Task In_Production_the_gateway_listens_where_ASPNETCORE_URLS_says()
    {
        var (exitCode, output) = await RunAsyncUntilListening("gateway", Safe(), urlsVariable: "ASPNETCORE_URLS");
        Assert.That(exitCode, Is.Null, $"the gateway keeps running:\n{output}");
        Assert.That(output, Does.Match(@"Now listening on: http://127\.0\.0\.1:\d+"), output);
        Assert.That(output, Does.Not.Contain("localhost:8080"));
    }

    [Test]
    public async Task A_safely_configured_gateway_starts_in_Production_positive_control()
    {
        var (exitCode, output) = await RunAsyncUntilListening("gateway", Safe());
        Assert.That(exitCode, Is.Null, $"the gateway keeps running:\n{output}");
    }

    private static async Task<(int? ExitCode, string Output)> RunAsyncUntilListening(string process, Dictionary<string, string> settings, string urlsVariable = "Urls")
    {
        foreach (var service in new[] { "identification", "protection", "return", "remedies", "judicial" }) settings[$"Services:{service}"] = "http://127.0.0.1:9";
        var dll = Output(process);
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("Urls");
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment[urlsVariable] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        var listening = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.Contains("Now listening")) listening = true;
                if (line.Contains("Application started")) { listening = true; break; }
            }
        }
        catch (OperationCanceledException) { }
        var exited = child.HasExited;
        if (!exited) child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        return (exited || !listening ? child.ExitCode : null, string.Join("\n", lines) + await stderr);
    }
}
