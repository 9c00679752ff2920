namespace TransnationalReferral.Testing;

/// <summary>
/// An NUnit fixture with two national nodes <c>a</c> and <c>b</c> of one service, linked only by the cross-border exchange
/// (<see cref="CrossBorderNodes{TEntryPoint}"/>), started before the first test and removed after the last.
/// </summary>
public abstract class TwoNodeFixture<TEntryPoint>(string service, string a, string b) where TEntryPoint : class
{
    private CrossBorderNodes<TEntryPoint>? _nodes;

    protected CrossBorderNodes<TEntryPoint> Nodes => _nodes ?? throw new InvalidOperationException($"the {service} nodes are not started");
    protected BrokerAdmin Broker => Nodes.Broker;
    protected TestVirtualHost BusA => Nodes.BusA;
    protected TestVirtualHost BusB => Nodes.BusB;
    protected HostedService<TEntryPoint> NodeA => Nodes.NodeA;
    protected HostedService<TEntryPoint> NodeB => Nodes.NodeB;
    protected string Prefix(string iso) => Nodes.Prefix(iso);

    /// <summary>The full name of node a's queue ending in <paramref name="suffix"/> (the endpoint names carry the node's prefix); null while it does not exist.</summary>
    protected async Task<string?> ErrorQueueAsync(string suffix)
    {
        var queues = await Broker.Management.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(BusA.Name)}?columns=name");
        return queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).FirstOrDefault(n => n.EndsWith(suffix, StringComparison.Ordinal));
    }

    /// <summary>More settings for both nodes.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? BothSettings => null;

    /// <summary>More settings for node <c>a</c> only.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? NodeASettings => null;

    /// <summary>The id of a bilateral identity key the two nodes share and use (generated); none by default.</summary>
    protected virtual string? IdentityKeyId => null;

    /// <summary>
    /// Node <c>a</c> settings for an overdue test: the partner's response time <paramref name="responseDaysSetting"/> (in days,
    /// as configured) becomes a few seconds, and the cross-border deadlines are polled five times a second.
    /// </summary>
    protected static IReadOnlyDictionary<string, string?> PartnerAnswersWithin(string responseDaysSetting, double seconds = 3) => new Dictionary<string, string?>
    {
        [responseDaysSetting] = (seconds / 86400).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CrossBorder:DeadlinePollSeconds"] = "0.2",
    };

    [OneTimeSetUp]
    public async Task StartNodesAsync() => _nodes = await CrossBorderNodes<TEntryPoint>.StartAsync(service, a, b, BothSettings, NodeASettings, IdentityKeyId);

    [OneTimeTearDown]
    public async Task StopNodesAsync()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
    }
}
