using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace TransnationalReferral.Testing;

/// <summary>
/// One service (or the gateway) hosted in the test process on a real Kestrel port, configured like a
/// deployment: its own database, the fixture's RabbitMQ virtual host, trust in this run's test token key (never a development key).
/// <typeparamref name="TEntryPoint"/> is any type of the service's assembly.
/// </summary>
public sealed class ServiceHost<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in TestTokens.Settings) builder.UseSetting(key, value);
        builder.UseSetting("Node:Jurisdiction", "NL");
        builder.UseSetting("Vault:CurrentKeyId", "test-1");
        builder.UseSetting("Vault:MasterKeys:test-1", TestTokens.VaultMasterKey);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(ProcessWideMeters.Apply);
        configure?.Invoke(builder);
    }

    /// <summary>Starts the service on <paramref name="port"/> (0: a free loopback port) and returns its base address.</summary>
    public Uri Start(int port = 0)
    {
        UseKestrel(port);
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
