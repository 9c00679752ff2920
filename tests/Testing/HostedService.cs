namespace TransnationalReferral.Testing;

/// <summary>
/// A service hosted for a fixture together with what it owns: its own fresh database, on a given RabbitMQ
/// virtual host. Disposing stops the host and drops the database.
/// </summary>
public sealed class HostedService<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    public required TestDatabase Database { get; init; }
    public required ServiceHost<TEntryPoint> Host { get; init; }
    public required Uri Address { get; init; }

    public static async Task<HostedService<TEntryPoint>> StartAsync(string service, TestVirtualHost bus, IReadOnlyDictionary<string, string?>? settings = null, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(service);
        var host = new ServiceHost<TEntryPoint>(database.ServiceSettings(bus, settings), configure);
        return new HostedService<TEntryPoint> { Database = database, Host = host, Address = host.Start() };
    }

    public HttpClient Client(string role, string jurisdiction = "NL") => new HttpClient { BaseAddress = Address }.Authorize(role, jurisdiction);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}
