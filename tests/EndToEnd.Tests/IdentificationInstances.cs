extern alias Gateway;
extern alias Identification;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Two instances of the real Identification service — one database, one RabbitMQ virtual host, each on its own Kestrel
/// port — behind real gateways (the other four services are down). An instance can be stopped and started again on its
/// port, as a crashed process is restarted; <see cref="Served"/> counts the API requests each instance answered.
/// </summary>
public sealed class IdentificationInstances : IAsyncDisposable
{
    private readonly ServiceHost<Identification::Program>?[] _instances = new ServiceHost<Identification::Program>?[2];
    private readonly int[] _ports = new int[2];
    private readonly List<ServiceHost<Gateway::Program>> _gateways = [];

    private IdentificationInstances(TestVirtualHost bus, TestDatabase database)
    {
        Bus = bus;
        Database = database;
    }

    public TestVirtualHost Bus { get; }
    public TestDatabase Database { get; }

    /// <summary>API requests (<c>/api/…</c>) each instance has answered, by instance index (0, 1).</summary>
    public int[] Served { get; } = new int[2];

    public static async Task<IdentificationInstances> StartAsync()
    {
        var instances = new IdentificationInstances(await TestVirtualHost.CreateAsync(), await TestDatabase.CreateAsync("identification"));
        // One after the other: each applies the service's schema at its start.
        instances.Start(0);
        instances.Start(1);
        return instances;
    }

    /// <summary>Starts instance <paramref name="index"/> (again, on the port it had before).</summary>
    public void Start(int index)
    {
        if (_instances[index] is not null) return;
        var host = new ServiceHost<Identification::Program>(Database.ServiceSettings(Bus), builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new CountingRequests(() => Interlocked.Increment(ref Served[index])))));
        var address = host.Start(_ports[index]);
        _ports[index] = address.Port;
        _instances[index] = host;
    }

    /// <summary>Stops instance <paramref name="index"/>: its port refuses connections until <see cref="Start"/>.</summary>
    public async Task StopAsync(int index)
    {
        if (_instances[index] is not { } host) return;
        _instances[index] = null;
        await host.DisposeAsync();
    }

    public void ResetCounts() => Array.Clear(Served);

    /// <summary>Starts a gateway with both instances as Identification's (the list form of <c>Services:identification</c>) and <paramref name="settings"/>; returns its address and services.</summary>
    public (Uri Address, IServiceProvider Services) StartGateway(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Services:identification"] = string.Join(",", _ports.Select(p => $"http://127.0.0.1:{p}")),
            ["RateLimiting:PermitsPerWindow"] = "100000",
        };
        foreach (var other in Gateway::TransnationalReferral.Gateway.ServiceRoutes.Names.Where(n => n != "identification")) all[$"Services:{other}"] = $"http://127.0.0.1:{IdentificationBehindGateways.UnusedPort()}";
        foreach (var (key, value) in settings) all[key] = value;
        var gateway = new ServiceHost<Gateway::Program>(all);
        _gateways.Add(gateway);
        return (gateway.Start(), gateway.Services);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _gateways.Count - 1; i >= 0; i--) await _gateways[i].DisposeAsync();
        await StopAsync(0);
        await StopAsync(1);
        await Database.DisposeAsync();
        await Bus.DisposeAsync();
    }

    /// <summary>Counts the instance's API requests, first in its pipeline.</summary>
    private sealed class CountingRequests(Action count) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, inner) =>
            {
                if (http.Request.Path.StartsWithSegments("/api")) count();
                await inner(http);
            });
            next(app);
        };
    }
}
