using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TransnationalReferral.ServiceDefaults.Messaging;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>What a node's services did with the cross-border messages they accepted (a handler in the node's transaction).</summary>
public sealed class AcceptedMessages : ICrossBorderHandler
{
    public ConcurrentQueue<ReceivedCrossBorderMessage> Messages { get; } = new();

    /// <summary>Request ids whose next message fails once as the database would (transient), or always as a message that cannot be applied.</summary>
    public ConcurrentDictionary<Guid, bool> FailOnce { get; } = new();
    public ConcurrentDictionary<Guid, bool> FailAlways { get; } = new();

    /// <summary>How many times a handler was given a message about each request id (deliveries that reached the services).</summary>
    public ConcurrentDictionary<Guid, int> Attempts { get; } = new();

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var requestId = message.Message switch { CrossBorderAccepted a => a.RequestId, CrossBorderRequest r => r.RequestId, _ => Guid.Empty };
        Attempts.AddOrUpdate(requestId, 1, (_, n) => n + 1);
        if (FailAlways.ContainsKey(requestId)) throw new InvalidMessageException("This message can never be applied.");
        if (FailOnce.TryRemove(requestId, out _)) throw new NpgsqlException("The database went away for a moment.");
        // The effect is written in the same transaction as the message id: applied once, or not at all.
        await using (var create = new NpgsqlCommand("create table if not exists test_effects (message_id uuid primary key, type text not null)", connection, transaction))
            await create.ExecuteNonQueryAsync(ct);
        await using (var insert = new NpgsqlCommand("insert into test_effects values ($1, $2)", connection, transaction) { Parameters = { new() { Value = message.Envelope.MessageId }, new() { Value = message.Envelope.Type } } })
            await insert.ExecuteNonQueryAsync(ct);
        Messages.Enqueue(message);
    }
}

/// <summary>The overdue requests a node noted (an <see cref="ICrossBorderOverdueHandler"/>).</summary>
public sealed class OverdueRequests : ICrossBorderOverdueHandler
{
    public ConcurrentQueue<OverdueCrossBorderRequest> Noted { get; } = new();

    public Task HandleAsync(OverdueCrossBorderRequest overdue, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        Noted.Enqueue(overdue);
        return Task.CompletedTask;
    }
}

/// <summary>One national node for the tests: its own vhost (its definitions from crossborder.sh), database, key pair and host.</summary>
public sealed class Node : IAsyncDisposable
{
    public required string Jurisdiction { get; init; }
    public required string VirtualHost { get; init; }
    public required string Prefix { get; init; }
    public required (string PrivatePem, string PublicKey) Key { get; init; }
    public required TestDatabase Database { get; init; }
    public IHost Host { get; private set; } = null!;

    public CrossBorderSender Sender => Host.Services.GetRequiredService<CrossBorderSender>();
    public CrossBorderLedger Ledger => Host.Services.GetRequiredService<CrossBorderLedger>();
    public AcceptedMessages Accepted => Host.Services.GetRequiredService<AcceptedMessages>();
    public PartnerKeys PartnerKeys => Host.Services.GetRequiredService<PartnerKeys>();
    public OverdueRequests Overdue => Host.Services.GetRequiredService<OverdueRequests>();

    public async Task StartAsync(BrokerAdmin broker, IReadOnlyDictionary<string, string> partnerKeys, IDictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var configuration = new Dictionary<string, string?>
        {
            ["Node:Jurisdiction"] = Jurisdiction,
            ["ConnectionStrings:Marten"] = Database.ConnectionString,
            ["ConnectionStrings:CrossBorder"] = broker.UserUri($"{Prefix}-node", VirtualHost).ToString(),
            ["CrossBorder:DeclareTopology"] = "false",
            ["CrossBorder:Receive"] = "true",
            ["CrossBorder:SigningKey"] = Key.PrivatePem,
        };
        foreach (var (partner, key) in partnerKeys) configuration[$"CrossBorder:Partners:{partner}:PublicKey"] = key;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddCrossBorderExchange();
        builder.Services.AddSingleton<AcceptedMessages>();
        builder.Services.AddSingleton<ICrossBorderHandler>(s => s.GetRequiredService<AcceptedMessages>());
        builder.Services.AddSingleton<OverdueRequests>();
        builder.Services.AddSingleton<ICrossBorderOverdueHandler>(s => s.GetRequiredService<OverdueRequests>());
        Host = builder.Build();
        await Host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.StopAsync();
            Host.Dispose();
        }
        await Database.DisposeAsync();
    }
}

/// <summary>
/// Two national nodes on the shared broker, each on its own vhost with the topology, users and shovel that
/// deploy/rabbitmq/crossborder.sh generates for it: AT (destination) and NG (origin).
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    public required BrokerAdmin BrokerAdmin { get; init; }
    public required Node At { get; init; }
    public required Node Ng { get; init; }
    private readonly List<string> _users = [];

    public static async Task<TwoNodes> StartAsync(IDictionary<string, string?>? atSettings = null)
    {
        var broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        var at = new Node { Jurisdiction = "AT", VirtualHost = $"xb-{run}-at", Prefix = $"xb-{run}-at", Key = SignatureRules.NewKey(), Database = await TestDatabase.CreateAsync("xb_at") };
        var ng = new Node { Jurisdiction = "NG", VirtualHost = $"xb-{run}-ng", Prefix = $"xb-{run}-ng", Key = SignatureRules.NewKey(), Database = await TestDatabase.CreateAsync("xb_ng") };
        var nodes = new TwoNodes { BrokerAdmin = broker, At = at, Ng = ng };
        nodes._users.AddRange([$"{at.Prefix}-node", $"{at.Prefix}-partner-ng", $"{ng.Prefix}-node", $"{ng.Prefix}-partner-at"]);

        // NG first, so that the shovel AT → NG finds its destination user and exchange.
        await broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "NG", ng.VirtualHost, ng.Prefix, $"AT,{at.Prefix},amqp://{broker.AmqpAuthority}/{at.VirtualHost}"));
        await broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "AT", at.VirtualHost, at.Prefix, $"NG,{ng.Prefix},amqp://{broker.AmqpAuthority}/{ng.VirtualHost}"));
        await Eventually.TrueAsync("both shovels running", async () =>
            await broker.ShovelStateAsync(at.VirtualHost, "crossborder-to-NG") == "running" && await broker.ShovelStateAsync(ng.VirtualHost, "crossborder-to-AT") == "running", TimeSpan.FromSeconds(30));

        await at.StartAsync(broker, new Dictionary<string, string> { ["NG"] = ng.Key.PublicKey }, atSettings);
        await ng.StartAsync(broker, new Dictionary<string, string> { ["AT"] = at.Key.PublicKey });
        return nodes;
    }

    public async ValueTask DisposeAsync()
    {
        await At.DisposeAsync();
        await Ng.DisposeAsync();
        await BrokerAdmin.DeleteAsync([At.VirtualHost, Ng.VirtualHost], _users);
        BrokerAdmin.Dispose();
    }
}
