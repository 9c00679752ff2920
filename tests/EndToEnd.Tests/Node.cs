extern alias Identification;
extern alias Protection;
extern alias Return;
extern alias Remedies;
extern alias JudicialCooperation;
extern alias Gateway;
using TransnationalReferral.Testing;

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

    public static async Task<Node> StartAsync()
    {
        var node = new Node { Bus = await TestVirtualHost.CreateAsync() };
        node.Services["identification"] = await node.StartServiceAsync<Identification::Program>("identification");
        node.Services["protection"] = await node.StartServiceAsync<Protection::Program>("protection");
        node.Services["return"] = await node.StartServiceAsync<Return::Program>("return");
        node.Services["remedies"] = await node.StartServiceAsync<Remedies::Program>("remedies");
        node.Services["judicial"] = await node.StartServiceAsync<JudicialCooperation::Program>("judicial");

        var gateway = new ServiceHost<Gateway::Program>(node.Services.ToDictionary(s => $"Services:{s.Key}", s => (string?)s.Value.ToString().TrimEnd('/')));
        node._hosts.Add(gateway);
        node.Gateway = gateway.Start();
        return node;
    }

    private async Task<Uri> StartServiceAsync<TEntryPoint>(string service) where TEntryPoint : class
    {
        var hosted = await HostedService<TEntryPoint>.StartAsync(service, Bus);
        _hosts.Add(hosted);
        return hosted.Address;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts)) await host.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
