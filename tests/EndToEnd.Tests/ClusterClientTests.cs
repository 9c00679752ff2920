extern alias Identification;
using Npgsql;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Messaging;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The client side of the resilient infrastructure (deploy/local/infra.sh resilient, docs/resilient-node.md): a service
/// given several PostgreSQL hosts (<c>Host=a,b;Target Session Attributes=primary</c>) and several RabbitMQ nodes
/// (<c>RabbitMq:ClusterNodes</c>) works on whichever of them answers. Proved with the first host and the first node of
/// each list dead (a loopback port nothing listens on) and the test servers as the others: the service starts, opens a
/// case (a write, which must reach a primary) and publishes the case opened on the bus.
/// </summary>
public class ClusterClientTests
{
    private TestVirtualHost _bus = null!;
    private TestDatabase _database = null!;
    private ServiceHost<Identification::Program> _host = null!;
    private HttpClient _client = null!;

    /// <summary>A loopback port nothing listens on: connections to it are refused at once.</summary>
    private static int DeadPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        _bus = await TestVirtualHost.CreateAsync();
        _database = await TestDatabase.CreateAsync("identification");
        var postgres = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var multiHost = new NpgsqlConnectionStringBuilder(_database.ConnectionString)
        {
            Host = $"127.0.0.1:{DeadPort()},{postgres.Host}:{postgres.Port}",
            TargetSessionAttributes = "primary",
        };
        multiHost.Remove("Port");
        var firstNodeDown = new UriBuilder(_bus.AmqpUri) { Host = "127.0.0.1", Port = DeadPort() }.Uri;
        _host = new ServiceHost<Identification::Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = multiHost.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = firstNodeDown.ToString(),
            ["RabbitMq:ClusterNodes"] = $"{_bus.AmqpUri.Host}:{_bus.AmqpUri.Port}",
        });
        await _bus.CaptureAsync("cluster-capture", [typeof(IdentificationCaseOpened)]);
        _client = new HttpClient { BaseAddress = _host.Start(), Timeout = TimeSpan.FromSeconds(60) }.Authorize(Roles.CaseWorker, "NL", "nl-ngo-a");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        await _bus.DisposeAsync();
    }

    [Test]
    public async Task With_the_first_database_host_and_the_first_broker_node_down_a_case_is_opened_and_announced_on_the_bus()
    {
        var opened = await _client.PostAsJsonAsync("/api/identification/cases",
            new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid().ToString();

        var published = new List<string>();
        await Eventually.TrueAsync("the case opened reached the bus through the cluster's other node", async () =>
        {
            published.AddRange(await _bus.DrainAsync("cluster-capture"));
            return published.Any(message => message.Contains(caseId));
        });
    }

    [Test]
    public void The_nodes_tried_are_the_connection_strings_own_first_then_each_other_one_once()
    {
        var nodes = RabbitMqClusterNodes.Of(new Uri("amqp://user:secret@127.0.0.1:55682/trm"), " 127.0.0.1:55692, 127.0.0.1:55682 ,,127.0.0.1:55702,other-host");
        Assert.That(nodes, Is.EqualTo(new[] { "127.0.0.1:55682", "127.0.0.1:55692", "127.0.0.1:55702", "other-host:55682" }));
        Assert.That(RabbitMqClusterNodes.Of(new Uri("amqp://user:secret@broker/trm"), null), Is.EqualTo(new[] { "broker:5672" }), "no cluster: the connection string's node alone");
    }
}
