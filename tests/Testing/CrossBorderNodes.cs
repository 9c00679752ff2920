using System.Security.Cryptography;

namespace TransnationalReferral.Testing;

/// <summary>
/// Two national nodes of one service that share nothing but the cross-border exchange: each on its own RabbitMQ vhost
/// with the topology, users and shovels that deploy/rabbitmq/crossborder.sh generates, with its own database and its own
/// signing key, each knowing the other's public key. Disposing removes what it created.
/// </summary>
public sealed class CrossBorderNodes<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private string _a = "", _b = "";
    private readonly List<IAsyncDisposable> _alongside = [];

    /// <summary>The node settings each node's services start with (jurisdiction, cross-border connection, keys).</summary>
    public IReadOnlyDictionary<string, string?> SettingsA { get; private set; } = new Dictionary<string, string?>();
    public IReadOnlyDictionary<string, string?> SettingsB { get; private set; } = new Dictionary<string, string?>();
    public BrokerAdmin Broker { get; private set; } = null!;
    public TestVirtualHost BusA { get; private set; } = null!;
    public TestVirtualHost BusB { get; private set; } = null!;
    public HostedService<TEntryPoint> NodeA { get; private set; } = null!;
    public HostedService<TEntryPoint> NodeB { get; private set; } = null!;

    /// <summary>The prefix of the RabbitMQ users generated for a node in this run (<c>{prefix}-node</c>, <c>{prefix}-partner-{iso}</c>).</summary>
    public string Prefix(string iso) => $"xb-{_run}-{iso.ToLowerInvariant()}";

    private static (string PrivatePem, string PublicKey) NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    private Dictionary<string, string?> Settings(string jurisdiction, TestVirtualHost bus, string partner, string partnerPublicKey, string privateKey,
        IReadOnlyDictionary<string, string?>? more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Node:Jurisdiction"] = jurisdiction,
            ["ConnectionStrings:CrossBorder"] = Broker.UserUri($"{Prefix(jurisdiction)}-node", bus.Name).ToString(),
            ["CrossBorder:DeclareTopology"] = "false",
            ["CrossBorder:Receive"] = "true",
            ["CrossBorder:SigningKey"] = privateKey,
            [$"CrossBorder:Partners:{partner}:PublicKey"] = partnerPublicKey,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>
    /// Starts node <paramref name="a"/> and node <paramref name="b"/> of <paramref name="service"/>, linked by the generated topology.
    /// With <paramref name="identityKeyId"/>, the two nodes share a bilateral identity key (generated, under that key id, in use:
    /// <c>CrossBorder:Partners:{ISO}:IdentityKeyId</c> and <c>…:IdentityKeys:{id}</c>), as <c>infra.sh two-nodes</c> generates one.
    /// </summary>
    public static async Task<CrossBorderNodes<TEntryPoint>> StartAsync(string service, string a, string b,
        IReadOnlyDictionary<string, string?>? both = null, IReadOnlyDictionary<string, string?>? onlyA = null, string? identityKeyId = null)
    {
        var nodes = new CrossBorderNodes<TEntryPoint> { _a = a, _b = b };
        try
        {
            nodes.Broker = await BrokerAdmin.ConnectAsync();
            nodes.BusA = await TestVirtualHost.CreateAsync();
            nodes.BusB = await TestVirtualHost.CreateAsync();
            var amqp = $"amqp://{nodes.Broker.AmqpAuthority}";
            await nodes.Broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", b, nodes.BusB.Name, nodes.Prefix(b), $"{a},{nodes.Prefix(a)},{amqp}/{nodes.BusA.Name}"));
            await nodes.Broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", a, nodes.BusA.Name, nodes.Prefix(a), $"{b},{nodes.Prefix(b)},{amqp}/{nodes.BusB.Name}"));
            var keyA = NewKey();
            var keyB = NewKey();
            var settingsA = nodes.Settings(a, nodes.BusA, b, keyB.PublicKey, keyA.PrivatePem, both);
            var settingsB = nodes.Settings(b, nodes.BusB, a, keyA.PublicKey, keyB.PrivatePem, both);
            if (identityKeyId is not null)
            {
                var bilateral = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                foreach (var (settings, partner) in new[] { (settingsA, b), (settingsB, a) })
                {
                    settings[$"CrossBorder:Partners:{partner}:IdentityKeyId"] = identityKeyId;
                    settings[$"CrossBorder:Partners:{partner}:IdentityKeys:{identityKeyId}"] = bilateral;
                }
            }
            foreach (var (key, value) in onlyA ?? new Dictionary<string, string?>()) settingsA[key] = value;
            (nodes.SettingsA, nodes.SettingsB) = (settingsA, settingsB);
            nodes.NodeA = await HostedService<TEntryPoint>.StartAsync(service, nodes.BusA, settingsA);
            nodes.NodeB = await HostedService<TEntryPoint>.StartAsync(service, nodes.BusB, settingsB);
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another service on both nodes (its own database, the node's vhost and settings), stopped with the nodes.</summary>
    public async Task<(HostedService<TOther> A, HostedService<TOther> B)> StartAlongsideAsync<TOther>(string service) where TOther : class
    {
        var a = await HostedService<TOther>.StartAsync(service, BusA, SettingsA);
        _alongside.Add(a);
        var b = await HostedService<TOther>.StartAsync(service, BusB, SettingsB);
        _alongside.Add(b);
        return (a, b);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var other in _alongside) await other.DisposeAsync();
        if (NodeB is not null) await NodeB.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (BusA is not null) await BusA.DisposeAsync();
        if (BusB is not null) await BusB.DisposeAsync();
        if (Broker is null) return;
        await Broker.DeleteAsync([], [$"{Prefix(_a)}-node", $"{Prefix(_a)}-partner-{_b.ToLowerInvariant()}", $"{Prefix(_b)}-node", $"{Prefix(_b)}-partner-{_a.ToLowerInvariant()}"]);
        Broker.Dispose();
    }
}
