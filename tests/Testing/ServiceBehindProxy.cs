namespace TransnationalReferral.Testing;

/// <summary>
/// A service hosted on its own virtual host and its own database, reached through a <see cref="CuttableProxy"/> so a test
/// can take the database away and bring it back. Disposing restores the proxy, then stops the host and drops the rest.
/// </summary>
public sealed class ServiceBehindProxy<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    public required TestVirtualHost Bus { get; init; }
    public required TestDatabase Database { get; init; }
    public required CuttableProxy Proxy { get; init; }
    public required ServiceHost<TEntryPoint> Host { get; init; }
    public required Uri Address { get; init; }

    public static async Task<ServiceBehindProxy<TEntryPoint>> StartAsync(string service, IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var bus = await TestVirtualHost.CreateAsync();
        var database = await TestDatabase.CreateAsync(service);
        var (proxy, proxied) = CuttableProxy.For(database);
        var host = new ServiceHost<TEntryPoint>(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Marten"] = proxied,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
        }, configure);
        return new ServiceBehindProxy<TEntryPoint> { Bus = bus, Database = database, Proxy = proxy, Host = host, Address = host.Start() };
    }

    /// <summary>A client of the service (long timeout: requests during an outage wait for the database's).</summary>
    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        Proxy.Restore();
        await Host.DisposeAsync();
        await Proxy.DisposeAsync();
        await Database.DisposeAsync();
        await Bus.DisposeAsync();
    }
}
