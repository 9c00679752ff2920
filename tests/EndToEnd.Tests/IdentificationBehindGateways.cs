extern alias Gateway;
extern alias Identification;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The real Identification service (its own database, a throwaway RabbitMQ virtual host) behind real gateways on
/// Kestrel whose other services are down: nothing listens at their addresses. Disposing stops all of it.
/// </summary>
public sealed class IdentificationBehindGateways : IAsyncDisposable
{
    private readonly List<ServiceHost<Gateway::Program>> _gateways = [];

    private IdentificationBehindGateways(TestVirtualHost bus, HostedService<Identification::Program> service)
    {
        Bus = bus;
        Service = service;
        Downstream = new Dictionary<string, string?>
        {
            ["Services:identification"] = service.Address.ToString().TrimEnd('/'),
            ["Services:protection"] = $"http://127.0.0.1:{UnusedPort()}",
            ["Services:return"] = $"http://127.0.0.1:{UnusedPort()}",
            ["Services:remedies"] = $"http://127.0.0.1:{UnusedPort()}",
            ["Services:judicial"] = $"http://127.0.0.1:{UnusedPort()}",
        };
    }

    public TestVirtualHost Bus { get; }
    public HostedService<Identification::Program> Service { get; }

    /// <summary>The gateways' downstream settings: Identification's address, and unused ports for the other four services.</summary>
    public IReadOnlyDictionary<string, string?> Downstream { get; }

    public static async Task<IdentificationBehindGateways> StartAsync()
    {
        var bus = await TestVirtualHost.CreateAsync();
        return new IdentificationBehindGateways(bus, await HostedService<Identification::Program>.StartAsync("identification", bus));
    }

    /// <summary>Starts one more gateway in front of the service, with <paramref name="settings"/> over <see cref="Downstream"/>; returns its address.</summary>
    public Uri StartGateway(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(Downstream);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var gateway = new ServiceHost<Gateway::Program>(all);
        _gateways.Add(gateway);
        return gateway.Start();
    }

    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _gateways.Count - 1; i >= 0; i--) await _gateways[i].DisposeAsync();
        await Service.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
