using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace TransnationalReferral.Testing;

/// <summary>
/// A service on a fake clock, its deadlines polled every 0.2 s, with its own database and virtual host that outlive
/// its hosts: stop one and start another on the same store to see a durable deadline fire after a restart.
/// </summary>
public sealed class ClockedService<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    public required TestVirtualHost Bus { get; init; }
    public required TestDatabase Database { get; init; }
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public static async Task<ClockedService<TEntryPoint>> CreateAsync(string service)
    {
        var bus = await TestVirtualHost.CreateAsync();
        return new ClockedService<TEntryPoint> { Bus = bus, Database = await TestDatabase.CreateAsync(service) };
    }

    /// <summary>
    /// A host of the service on the database, the virtual host and the clock; not started yet. Several hosts at once are
    /// several instances of the service (<paramref name="settings"/> beyond these, <paramref name="configure"/> to replace
    /// services after the service registered its own).
    /// </summary>
    public ServiceHost<TEntryPoint> Host(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        new(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ConnectionStrings:Marten"] = Database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = Bus.AmqpUri.ToString(),
            ["Deadlines:PollSeconds"] = "0.2",
        }, builder =>
        {
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
            if (configure is not null) builder.ConfigureTestServices(configure);
        });

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await Bus.DisposeAsync();
    }
}

public static class StoredStreams
{
    /// <summary>The event type names of a stream as <paramref name="host"/>'s store holds them, in order.</summary>
    public static async Task<List<string>> EventTypesAsync<TEntryPoint>(this ServiceHost<TEntryPoint> host, Guid streamId) where TEntryPoint : class
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Select(e => e.EventTypeName).ToList();
    }
}
