extern alias Identification;
extern alias Protection;
extern alias Return;
extern alias Remedies;
extern alias JudicialCooperation;
extern alias Gateway;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// One national node in the test process: the five services and the gateway on real Kestrel ports, each
/// service with its own PostgreSQL database, all on one RabbitMQ virtual host.
/// </summary>
public sealed class Node : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _hosts = [];
    public TestVirtualHost Bus { get; private set; } = null!;
    public Uri Gateway { get; private set; } = null!;
    public Dictionary<string, Uri> Services { get; } = [];
    /// <summary>Each service's (and the gateway's) service provider, e.g. to enumerate its endpoints.</summary>
    public Dictionary<string, IServiceProvider> Providers { get; } = [];
    /// <summary>Each service's own database.</summary>
    public Dictionary<string, TestDatabase> Databases { get; } = [];
    private Action<IWebHostBuilder>? _configure;
    private Func<string, IReadOnlyDictionary<string, string?>>? _settings;

    /// <summary>
    /// Starts the node. <paramref name="settings"/> gives each service (by name) more settings, e.g. its jurisdiction and
    /// cross-border exchange; <paramref name="bus"/> a virtual host prepared beforehand (the node owns it from then on).
    /// </summary>
    public static async Task<Node> StartAsync(Action<IWebHostBuilder>? configure = null, Func<string, IReadOnlyDictionary<string, string?>>? settings = null, TestVirtualHost? bus = null)
    {
        var node = new Node { Bus = bus ?? await TestVirtualHost.CreateAsync(), _configure = configure, _settings = settings };
        node.Services["identification"] = await node.StartServiceAsync<Identification::Program>("identification");
        node.Services["protection"] = await node.StartServiceAsync<Protection::Program>("protection");
        node.Services["return"] = await node.StartServiceAsync<Return::Program>("return");
        node.Services["remedies"] = await node.StartServiceAsync<Remedies::Program>("remedies");
        node.Services["judicial"] = await node.StartServiceAsync<JudicialCooperation::Program>("judicial");

        var gatewaySettings = node.Services.ToDictionary(s => $"Services:{s.Key}", s => (string?)s.Value.ToString().TrimEnd('/'));
        gatewaySettings["RateLimiting:PermitsPerWindow"] = "100000"; // the tests are one caller making many requests
        var gateway = new ServiceHost<Gateway::Program>(gatewaySettings, configure);
        node._hosts.Add(gateway);
        node.Gateway = gateway.Start();
        node.Providers["gateway"] = gateway.Services;
        return node;
    }

    private async Task<Uri> StartServiceAsync<TEntryPoint>(string service) where TEntryPoint : class
    {
        var hosted = await HostedService<TEntryPoint>.StartAsync(service, Bus, _settings?.Invoke(service), _configure);
        _hosts.Add(hosted);
        Providers[service] = hosted.Host.Services;
        Databases[service] = hosted.Database;
        return hosted.Address;
    }

    /// <summary>A client of the node's gateway with a token for <paramref name="role"/> (see <see cref="TestTokens.Authorize"/>).</summary>
    public HttpClient Client(string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user") =>
        new HttpClient { BaseAddress = Gateway }.Authorize(role, jurisdiction, organisation, subject);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts)) await host.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
