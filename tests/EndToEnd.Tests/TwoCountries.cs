using System.Security.Cryptography;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Two whole national nodes — the five services and the gateway each, each node on its own RabbitMQ vhost with its own
/// databases and its own signing key — linked only by the cross-border exchange that deploy/rabbitmq/crossborder.sh
/// generates (users, permissions, shovels), as <c>./build.sh --target=Up --nodes=2</c> runs them. The node's Return,
/// Remedies and JudicialCooperation services take part in the exchange (each consumes its own inbox).
/// </summary>
public sealed class TwoCountries : IAsyncDisposable
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    public required string A { get; init; }
    public required string B { get; init; }
    public BrokerAdmin Broker { get; private set; } = null!;
    public Node NodeA { get; private set; } = null!;
    public Node NodeB { get; private set; } = null!;
    private readonly List<string> _vhosts = [];

    /// <summary>The prefix of the RabbitMQ users generated for a node (<c>{prefix}-node</c>, <c>{prefix}-partner-{iso}</c>).</summary>
    public string Prefix(string iso) => $"e2e-{_run}-{iso.ToLowerInvariant()}";

    public Node this[string jurisdiction] => jurisdiction == A ? NodeA : jurisdiction == B ? NodeB : throw new ArgumentOutOfRangeException(nameof(jurisdiction));

    private static readonly string[] ExchangingServices = ["identification", "return", "remedies", "judicial", "protection"];

    public static async Task<TwoCountries> StartAsync(string a, string b, IReadOnlyDictionary<string, string?>? both = null, Action<IWebHostBuilder>? configure = null)
    {
        var countries = new TwoCountries { A = a, B = b };
        try
        {
            countries.Broker = await BrokerAdmin.ConnectAsync();
            var busA = await TestVirtualHost.CreateAsync();
            var busB = await TestVirtualHost.CreateAsync();
            countries._vhosts.AddRange([busA.Name, busB.Name]);
            var amqp = $"amqp://{countries.Broker.AmqpAuthority}";
            // B first, so that A's shovel finds its destination user and exchange.
            await countries.Broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", b, busB.Name, countries.Prefix(b), $"{a},{countries.Prefix(a)},{amqp}/{busA.Name}"));
            await countries.Broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", a, busA.Name, countries.Prefix(a), $"{b},{countries.Prefix(b)},{amqp}/{busB.Name}"));
            await Eventually.TrueAsync("both shovels running", async () =>
                await countries.Broker.ShovelStateAsync(busA.Name, $"crossborder-to-{b}") == "running" && await countries.Broker.ShovelStateAsync(busB.Name, $"crossborder-to-{a}") == "running",
                TimeSpan.FromSeconds(30));

            using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var identityKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            countries.NodeA = await Node.StartAsync(configure, countries.Settings(a, busA, b, keyA, keyB, identityKey, both), busA);
            countries.NodeB = await Node.StartAsync(configure, countries.Settings(b, busB, a, keyB, keyA, identityKey, both), busB);
            return countries;
        }
        catch
        {
            await countries.DisposeAsync();
            throw;
        }
    }

    /// <summary>The key id of the two nodes' bilateral identity key (keyed hashes of identity documents for non-punishment across nodes).</summary>
    public const string IdentityKeyId = "e2e1";

    private Func<string, IReadOnlyDictionary<string, string?>> Settings(string jurisdiction, TestVirtualHost bus, string partner, ECDsa own, ECDsa partners,
        string identityKey, IReadOnlyDictionary<string, string?>? both)
    {
        var signingKey = own.ExportPkcs8PrivateKeyPem();
        var partnerKey = Convert.ToBase64String(partners.ExportSubjectPublicKeyInfo());
        var nodeUser = Broker.UserUri($"{Prefix(jurisdiction)}-node", bus.Name).ToString();
        return service =>
        {
            var settings = new Dictionary<string, string?>(both ?? new Dictionary<string, string?>()) { ["Node:Jurisdiction"] = jurisdiction };
            if (!ExchangingServices.Contains(service)) return settings;
            settings["ConnectionStrings:CrossBorder"] = nodeUser;
            settings["CrossBorder:DeclareTopology"] = "false";
            settings["CrossBorder:Receive"] = "true";
            settings["CrossBorder:SigningKey"] = signingKey;
            settings[$"CrossBorder:Partners:{partner}:PublicKey"] = partnerKey;
            // The bilateral identity key: its id is in use for every service; the key itself only Identification holds.
            settings[$"CrossBorder:Partners:{partner}:IdentityKeyId"] = IdentityKeyId;
            if (service == "identification") settings[$"CrossBorder:Partners:{partner}:IdentityKeys:{IdentityKeyId}"] = identityKey;
            return settings;
        };
    }

    /// <summary>Breaks the link from <paramref name="from"/> to <paramref name="to"/>: the shovel's user on the destination loses its permission and its connection. Returns what restores it.</summary>
    public async Task<Func<Task>> BreakLinkAsync(string from, string to)
    {
        var shovelUser = $"{Prefix(to)}-partner-{from.ToLowerInvariant()}";
        var permission = $"/api/permissions/{Uri.EscapeDataString(this[to].Bus.Name)}/{Uri.EscapeDataString(shovelUser)}";
        var saved = await Broker.Management.GetFromJsonAsync<JsonElement>(permission);
        (await Broker.Management.DeleteAsync(permission)).EnsureSuccessStatusCode();
        foreach (var connection in (await Broker.Management.GetFromJsonAsync<JsonElement>("/api/connections")).EnumerateArray().Where(c => c.GetProperty("user").GetString() == shovelUser))
            await Broker.Management.DeleteAsync($"/api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");
        return async () => (await Broker.Management.PutAsJsonAsync(permission, new
        {
            configure = saved.GetProperty("configure").GetString(), write = saved.GetProperty("write").GetString(), read = saved.GetProperty("read").GetString(),
        })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (NodeB is not null) await NodeB.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (Broker is null) return;
        // (the nodes removed their vhosts; the generated users are the broker's)
        await Broker.DeleteAsync(_vhosts, [$"{Prefix(A)}-node", $"{Prefix(A)}-partner-{B.ToLowerInvariant()}", $"{Prefix(B)}-node", $"{Prefix(B)}-partner-{A.ToLowerInvariant()}"]);
        Broker.Dispose();
    }
}
