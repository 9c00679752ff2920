using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Least privilege on the node's broker: each service has its own RabbitMQ user (deploy/compose/rabbitmq/definitions.json,
/// provisioned by deploy/local/infra.sh) whose
/// permissions reach only its own queues and exchanges, the shared contract exchanges, and its own events.
/// Probed with the Return service's user (TR_RABBITMQ_RETURN) against the node's real vhost, on probe queues and
/// exchanges named like another service's (unique, created and deleted by the administrator TR_RABBITMQ), so
/// nothing of the node's own topology is touched.
/// </summary>
[NonParallelizable]
public class RabbitMqPermissionTests
{
    private Uri _admin = null!;
    private Uri _return = null!;
    private IConnection _adminConnection = null!;
    private IChannel _adminChannel = null!;
    private IConnection _returnConnection = null!;
    private readonly string _probe = $"permission-probe-{Guid.NewGuid():N}";
    private readonly List<string> _queues = [];
    private readonly List<string> _exchanges = [];

    [OneTimeSetUp]
    public async Task Connect()
    {
        var returnUri = Environment.GetEnvironmentVariable("TR_RABBITMQ_RETURN");
        var adminUri = Environment.GetEnvironmentVariable("TR_RABBITMQ");
        if (string.IsNullOrWhiteSpace(returnUri) || string.IsNullOrWhiteSpace(adminUri))
            Assert.Ignore("TR_RABBITMQ_RETURN (the Return service's own RabbitMQ user) and TR_RABBITMQ (the administrator) are not set: " +
                          "the per-service users exist only on the brokers deploy/local/infra.sh provisions (./build.sh --target=Test sets them), not on Testcontainers.");
        _admin = new Uri(adminUri);
        _return = new Uri(returnUri);
        if (_return.UserInfo.Split(':')[0] == _admin.UserInfo.Split(':')[0])
            Assert.Ignore("TR_RABBITMQ_RETURN is the administrator itself (infra.sh could not create per-service users on this broker): nothing to prove.");

        _adminConnection = await new ConnectionFactory { Uri = _admin, ClientProvidedName = "permission-tests-admin" }.CreateConnectionAsync();
        _adminChannel = await _adminConnection.CreateChannelAsync();
        _returnConnection = await new ConnectionFactory { Uri = _return, ClientProvidedName = "permission-tests-return" }.CreateConnectionAsync();
    }

    [OneTimeTearDown]
    public async Task Cleanup()
    {
        if (_adminConnection is null) return;
        await using var channel = await _adminConnection.CreateChannelAsync();
        foreach (var queue in _queues) await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
        foreach (var exchange in _exchanges) await channel.ExchangeDeleteAsync(exchange, ifUnused: false);
        await _returnConnection.CloseAsync();
        await _adminConnection.CloseAsync();
        _returnConnection.Dispose();
        _adminChannel.Dispose();
        _adminConnection.Dispose();
    }

    /// <summary>As the administrator: a fanout exchange bound to a queue of the same name (MassTransit's receive endpoint shape), with one message waiting.</summary>
    private async Task<string> AdminEndpointAsync(string name, bool withMessage = true)
    {
        await _adminChannel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: false, autoDelete: false);
        _exchanges.Add(name);
        await _adminChannel.QueueDeclareAsync(name, durable: false, exclusive: false, autoDelete: false);
        _queues.Add(name);
        await _adminChannel.QueueBindAsync(name, name, "");
        if (withMessage) await _adminChannel.BasicPublishAsync(name, "", Encoding.UTF8.GetBytes("{}"));
        return name;
    }

    private async Task<uint> MessagesIn(string queue) => (await _adminChannel.QueueDeclarePassiveAsync(queue)).MessageCount;

    private Task<IChannel> ReturnChannelAsync(bool confirms = false) => _returnConnection.ChannelAsync(confirms);

    /// <summary>Runs an operation as the Return user that the broker must refuse: it closes the channel with ACCESS_REFUSED (403).</summary>
    private Task AssertRefusedAsync(string what, Func<IChannel, Task> operation, bool confirms = false) => _returnConnection.AssertRefusedAsync(what, operation, confirms);

    [Test]
    public async Task Return_cannot_consume_or_read_a_protection_queue()
    {
        var queue = await AdminEndpointAsync($"protection-{_probe}-a");

        await AssertRefusedAsync($"basic.consume on {queue}", ch => ch.BasicConsumeAsync(queue, autoAck: true, new AsyncEventingBasicConsumer(ch)));
        await AssertRefusedAsync($"basic.get on {queue}", ch => ch.BasicGetAsync(queue, autoAck: true));
        await AssertRefusedAsync($"queue.purge on {queue}", ch => ch.QueuePurgeAsync(queue));

        Assert.That(await MessagesIn(queue), Is.EqualTo(1), "the message is still there");
    }

    [Test]
    public async Task Return_cannot_bind_its_own_queue_to_a_protection_exchange_to_listen_in()
    {
        var theirs = await AdminEndpointAsync($"protection-{_probe}-b", withMessage: false);
        var ours = $"return-{_probe}-b";
        await using (var channel = await ReturnChannelAsync())
        {
            await channel.QueueDeclareAsync(ours, durable: false, exclusive: false, autoDelete: false);
            _queues.Add(ours);
        }
        await AssertRefusedAsync($"queue.bind {ours} to {theirs}", ch => ch.QueueBindAsync(ours, theirs, ""));
    }

    [Test]
    public async Task Return_cannot_publish_to_a_protection_endpoint()
    {
        var endpoint = await AdminEndpointAsync($"protection-{_probe}-c", withMessage: false);
        await AssertRefusedAsync($"basic.publish to {endpoint}",
            ch => ch.BasicPublishAsync(endpoint, "", Encoding.UTF8.GetBytes("{\"forged\":true}")).AsTask(), confirms: true);
        Assert.That(await MessagesIn(endpoint), Is.EqualTo(0), "nothing arrived");
    }

    [Test]
    public async Task Return_cannot_publish_an_identification_event_but_can_publish_its_own()
    {
        // Contract exchanges are named <namespace>:<type>; probe types that no service has.
        var identificationEvent = $"TransnationalReferral.Contracts.Identification:PermissionProbe{Guid.NewGuid():N}";
        var sink = await AdminEndpointAsync($"identification-{_probe}-d", withMessage: false);
        await _adminChannel.ExchangeDeclareAsync(identificationEvent, ExchangeType.Fanout, durable: false, autoDelete: false);
        _exchanges.Add(identificationEvent);
        await _adminChannel.ExchangeBindAsync(sink, identificationEvent, "");

        await AssertRefusedAsync($"basic.publish to {identificationEvent}",
            ch => ch.BasicPublishAsync(identificationEvent, "", Encoding.UTF8.GetBytes("{\"forged\":true}")).AsTask(), confirms: true);
        Assert.That(await MessagesIn(sink), Is.EqualTo(0), "no forged event arrived");

        var returnEvent = $"TransnationalReferral.Contracts.Return:PermissionProbe{Guid.NewGuid():N}";
        await using var channel = await ReturnChannelAsync(confirms: true);
        await channel.ExchangeDeclareAsync(returnEvent, ExchangeType.Fanout, durable: false, autoDelete: false);
        _exchanges.Add(returnEvent);
        await channel.BasicPublishAsync(returnEvent, "", Encoding.UTF8.GetBytes("{}"));   // confirmed, or it throws
        Assert.That(channel.IsOpen, Is.True);
    }

    /// <summary>The positive control: what MassTransit does for the Return service's own endpoint all works.</summary>
    [Test]
    public async Task Return_can_declare_bind_publish_and_consume_its_own_endpoint_and_subscribe_to_contract_events()
    {
        var endpoint = $"return-{_probe}-e";
        var contract = $"TransnationalReferral.Contracts.Identification:PermissionProbe{Guid.NewGuid():N}";
        await _adminChannel.ExchangeDeclareAsync(contract, ExchangeType.Fanout, durable: false, autoDelete: false);
        _exchanges.Add(contract);

        await using var channel = await ReturnChannelAsync(confirms: true);
        await channel.ExchangeDeclareAsync(endpoint, ExchangeType.Fanout, durable: false, autoDelete: false);
        _exchanges.Add(endpoint);
        await channel.QueueDeclareAsync(endpoint, durable: false, exclusive: false, autoDelete: false);
        _queues.Add(endpoint);
        await channel.QueueBindAsync(endpoint, endpoint, "");
        await channel.ExchangeBindAsync(endpoint, contract, "");          // subscribe: contract exchange -> own endpoint
        await channel.QueueDeclareAsync($"{endpoint}_error", durable: false, exclusive: false, autoDelete: false);
        _queues.Add($"{endpoint}_error");

        await channel.BasicPublishAsync(endpoint, "", Encoding.UTF8.GetBytes("{\"n\":1}"));
        await _adminChannel.BasicPublishAsync(contract, "", Encoding.UTF8.GetBytes("{\"n\":2}"));   // an event published by its owner

        var bodies = new List<string>();
        var clock = Stopwatch.StartNew();
        while (bodies.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            var message = await channel.BasicGetAsync(endpoint, autoAck: true);
            if (message is null) await Task.Delay(20);
            else bodies.Add(Encoding.UTF8.GetString(message.Body.Span));
        }
        Assert.That(bodies, Is.EquivalentTo(new[] { "{\"n\":1}", "{\"n\":2}" }));
        Assert.That(channel.IsOpen, Is.True);
    }

    /// <summary>The broker's permissions for trm-return are exactly the ones deploy/compose/rabbitmq/definitions.json defines (infra.sh provisions them).</summary>
    [Test]
    public async Task The_broker_carries_the_permissions_infra_sh_defines()
    {
        var expected = RabbitMqDefinitionsTests.Committed().GetProperty("permissions").EnumerateArray()
            .Single(p => p.GetProperty("user").GetString() == "trm-return");

        var management = Environment.GetEnvironmentVariable("TR_RABBITMQ_MANAGEMENT");
        if (string.IsNullOrWhiteSpace(management)) Assert.Ignore("TR_RABBITMQ_MANAGEMENT is not set: the broker's permissions cannot be read.");
        using var http = new HttpClient { BaseAddress = new Uri(management) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(_admin.UserInfo))));
        var vhost = Uri.UnescapeDataString(_return.AbsolutePath.TrimStart('/'));
        var actual = await http.GetFromJsonAsync<JsonElement>($"/api/permissions/{Uri.EscapeDataString(vhost.Length == 0 ? "/" : vhost)}/trm-return");
        foreach (var kind in new[] { "configure", "write", "read" })
            Assert.That(actual.GetProperty(kind).GetString(), Is.EqualTo(expected.GetProperty(kind).GetString()), kind);
    }
}

/// <summary>
/// The services' accounts are defined once: deploy/compose/rabbitmq/definitions.json (RabbitMQ) and
/// deploy/compose/postgres-init/01-service-databases.sql (PostgreSQL), which the compose servers load and
/// deploy/local/infra.sh applies in every mode.
/// </summary>
public class RabbitMqDefinitionsTests
{
    [Test]
    public void The_committed_definitions_give_each_service_its_own_anchored_permissions()
    {
        var definitions = Committed();
        var permissions = definitions.GetProperty("permissions").EnumerateArray().ToList();
        Assert.That(permissions.Select(p => p.GetProperty("user").GetString()),
            Is.EquivalentTo(new[] { "trm", "trm-identification", "trm-protection", "trm-return", "trm-remedies", "trm-judicial" }));
        Assert.That(definitions.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("name").GetString()), Is.EquivalentTo(permissions.Select(p => p.GetProperty("user").GetString())));
        foreach (var permission in permissions.Where(p => p.GetProperty("user").GetString() != "trm"))
            foreach (var kind in new[] { "configure", "write", "read" })
                Assert.That(permission.GetProperty(kind).GetString(), Does.StartWith($"^({permission.GetProperty("user").GetString()!["trm-".Length..]}-").And.EndWith(")$"),
                    "anchored, starting with the service's own queues: RabbitMQ matches an unanchored regex anywhere in a name");

        var roles = Regex.Matches(File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy/compose/postgres-init/01-service-databases.sql")), @"'trm_([a-z]+)',\s*'").Select(m => m.Groups[1].Value);
        Assert.That(roles, Is.EquivalentTo(permissions.Select(p => p.GetProperty("user").GetString()!).Where(u => u != "trm").Select(u => u["trm-".Length..])),
            "the PostgreSQL roles and the RabbitMQ users are of the same services");
    }

    internal static JsonElement Committed() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy/compose/rabbitmq/definitions.json"))).RootElement;

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "deploy/local/infra.sh"))) return dir.FullName;
        throw new InvalidOperationException("deploy/local/infra.sh not found above " + AppContext.BaseDirectory);
    }
}
