using RabbitMQ.Client.Events;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// Each partner has its own RabbitMQ user on the node's broker (deploy/rabbitmq/crossborder.sh) that may write only to
/// its own inbound exchange and read only its own queue. Probed as NG's user on a node AT that also has partner BE,
/// with the definitions loaded into a throwaway vhost of the real broker.
/// </summary>
[NonParallelizable]
public class PartnerPermissionTests
{
    private BrokerAdmin _broker = null!;
    private string _vhost = null!;
    private string _prefix = null!;
    private IConnection _admin = null!;
    private IConnection _ng = null!;

    [OneTimeSetUp]
    public async Task Load()
    {
        _broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        _vhost = $"xb-{run}-perm";
        _prefix = $"xb-{run}-perm";
        await _broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "AT", _vhost, _prefix, "NG,,", "BE,,"));
        var admin = new UriBuilder(_broker.Amqp) { Path = "/" + Uri.EscapeDataString(_vhost) }.Uri;
        (await _broker.Management.PutAsync($"/api/permissions/{Uri.EscapeDataString(_vhost)}/{Uri.EscapeDataString(Uri.UnescapeDataString(_broker.Amqp.UserInfo.Split(':')[0]))}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        _admin = await new ConnectionFactory { Uri = admin }.CreateConnectionAsync();
        await using (var channel = await _admin.CreateChannelAsync())
        {
            // One message waiting for each partner, routed as the node's sender routes them.
            await channel.BasicPublishAsync(CrossBorderTopology.Outbound, "NG", true, new BasicProperties(), Encoding.UTF8.GetBytes("for NG"));
            await channel.BasicPublishAsync(CrossBorderTopology.Outbound, "BE", true, new BasicProperties(), Encoding.UTF8.GetBytes("for BE"));
        }
        _ng = await new ConnectionFactory { Uri = _broker.UserUri($"{_prefix}-partner-ng", _vhost) }.CreateConnectionAsync();
    }

    [OneTimeTearDown]
    public async Task Cleanup()
    {
        if (_ng is not null) await _ng.DisposeAsync();
        if (_admin is not null) await _admin.DisposeAsync();
        if (_broker is null) return;
        await _broker.DeleteAsync([_vhost], [$"{_prefix}-node", $"{_prefix}-partner-ng", $"{_prefix}-partner-be"]);
        _broker.Dispose();
    }

    private async Task<uint> MessagesIn(string queue)
    {
        await using var channel = await _admin.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private Task AssertRefusedAsync(string what, Func<IChannel, Task> operation) => _ng.AssertRefusedAsync(what, operation, confirms: true);

    [Test]
    public async Task A_partner_cannot_read_another_partners_queue()
    {
        var theirs = CrossBorderTopology.ForPartner("BE");
        await AssertRefusedAsync($"basic.get on {theirs}", ch => ch.BasicGetAsync(theirs, autoAck: true));
        await AssertRefusedAsync($"basic.consume on {theirs}", ch => ch.BasicConsumeAsync(theirs, autoAck: true, new AsyncEventingBasicConsumer(ch)));
        await AssertRefusedAsync($"queue.purge on {theirs}", ch => ch.QueuePurgeAsync(theirs));
        await AssertRefusedAsync($"basic.get on the node's inbox", ch => ch.BasicGetAsync(CrossBorderTopology.Inbox, autoAck: true));
        foreach (var service in CrossBorderTopology.Routes.Keys)
            await AssertRefusedAsync($"basic.get on {service}'s inbox", ch => ch.BasicGetAsync(CrossBorderTopology.InboxOf(service), autoAck: true));
        Assert.That(await MessagesIn(theirs), Is.EqualTo(1), "BE's message is still there");
    }

    [Test]
    public async Task A_partner_cannot_publish_as_another_partner_nor_into_the_nodes_outbound_exchange()
    {
        await AssertRefusedAsync("publish to BE's inbound exchange", ch => ch.BasicPublishAsync(CrossBorderTopology.InFromPartner("BE"), "", true, new BasicProperties(), "{}"u8.ToArray()).AsTask());
        await AssertRefusedAsync("publish to the node's outbound exchange", ch => ch.BasicPublishAsync(CrossBorderTopology.Outbound, "BE", true, new BasicProperties(), "{}"u8.ToArray()).AsTask());
        await AssertRefusedAsync("publish to the error exchange", ch => ch.BasicPublishAsync(CrossBorderTopology.InboxError, "", true, new BasicProperties(), "{}"u8.ToArray()).AsTask());
        await AssertRefusedAsync("publish straight into the inbox (default exchange)", ch => ch.BasicPublishAsync("", CrossBorderTopology.Inbox, true, new BasicProperties(), "{}"u8.ToArray()).AsTask());
    }

    [Test]
    public async Task A_partner_cannot_declare_or_bind_anything_to_listen_in()
    {
        await AssertRefusedAsync("declare a queue", ch => ch.QueueDeclareAsync($"listen-{Guid.NewGuid():N}", false, true, true));
        await AssertRefusedAsync("bind its own queue to BE's inbound exchange", ch => ch.QueueBindAsync(CrossBorderTopology.ForPartner("NG"), CrossBorderTopology.InFromPartner("BE"), ""));
        await AssertRefusedAsync("delete BE's queue", ch => ch.QueueDeleteAsync(CrossBorderTopology.ForPartner("BE")));
    }

    [Test]
    public async Task A_partner_reads_its_own_queue_and_writes_to_its_own_inbound_exchange()
    {
        await using var channel = await _ng.ChannelAsync(confirms: true);
        var mine = await channel.BasicGetAsync(CrossBorderTopology.ForPartner("NG"), autoAck: true);
        Assert.That(mine is null ? null : Encoding.UTF8.GetString(mine.Body.Span), Is.EqualTo("for NG"));
        await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("NG"), "", true, new BasicProperties(), "{}"u8.ToArray());
        Assert.That(channel.IsOpen, Is.True);
        Assert.That(await MessagesIn(CrossBorderTopology.Inbox), Is.EqualTo(1), "what NG wrote reached the node's inbox");
    }
}

/// <summary>
/// What a partner writes to its inbound exchange reaches the inbox of the service that takes the request's purpose
/// (header <c>x-trm-purpose</c>); anything else the node's default inbox. Probed on the definitions crossborder.sh generates.
/// </summary>
[NonParallelizable]
public class InboxRoutingTests
{
    [Test]
    public async Task Each_purpose_reaches_its_services_inbox_and_anything_else_the_default_inbox()
    {
        using var broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        var (vhost, prefix) = ($"xb-{run}-route", $"xb-{run}-route");
        await broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "AT", vhost, prefix, "NG,,"));
        try
        {
            await using var ng = await new ConnectionFactory { Uri = broker.UserUri($"{prefix}-partner-ng", vhost) }.CreateConnectionAsync();
            await using (var channel = await ng.ChannelAsync(confirms: true))
            {
                async Task Publish(string? purpose, string body) => await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("NG"), "", true,
                    new BasicProperties { Headers = purpose is null ? null : new Dictionary<string, object?> { [CrossBorderTopology.PurposeHeader] = purpose } }, Encoding.UTF8.GetBytes(body));
                await Publish(TransnationalReferral.Contracts.CrossBorder.CrossBorderPurposes.Compensation, "compensation");
                await Publish(TransnationalReferral.Contracts.CrossBorder.CrossBorderPurposes.MutualLegalAssistance, "mla");
                await Publish(TransnationalReferral.Contracts.CrossBorder.CrossBorderPurposes.ReturnReception, "reception");
                await Publish(null, "no purpose");
            }
            // The node's own user reads every inbox of its vhost (and nothing a partner may write).
            await using var node = await new ConnectionFactory { Uri = broker.UserUri($"{prefix}-node", vhost) }.CreateConnectionAsync();
            await using var reader = await node.CreateChannelAsync();
            async Task<List<string>> Drain(string queue)
            {
                var bodies = new List<string>();
                while (await reader.BasicGetAsync(queue, autoAck: true) is { } got) bodies.Add(Encoding.UTF8.GetString(got.Body.Span));
                return bodies;
            }
            Assert.That(await Drain(CrossBorderTopology.InboxOf("remedies")), Is.EqualTo(new[] { "compensation" }));
            Assert.That(await Drain(CrossBorderTopology.InboxOf("judicial")), Is.EqualTo(new[] { "mla" }));
            Assert.That(await Drain(CrossBorderTopology.Inbox), Is.EqualTo(new[] { "reception", "no purpose" }));
            Assert.That(CrossBorderTopology.InboxOf("return"), Is.EqualTo(CrossBorderTopology.Inbox), "a service without a route consumes the default inbox");
        }
        finally
        {
            await broker.DeleteAsync([vhost], [$"{prefix}-node", $"{prefix}-partner-ng"]);
        }
    }

    [Test]
    public async Task The_generators_routes_are_CrossBorderTopology_Routes()
    {
        using var json = System.Text.Json.JsonDocument.Parse(await BrokerAdmin.GenerateAsync("definitions", "AT", "v", "p", "NG,,"));
        var routes = json.RootElement.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("source").GetString() == CrossBorderTopology.Route && b.GetProperty("destination_type").GetString() == "queue")
            .Select(b => (Queue: b.GetProperty("destination").GetString()!, Purpose: b.GetProperty("arguments").GetProperty(CrossBorderTopology.PurposeHeader).GetString()!))
            .OrderBy(r => r.Queue).ThenBy(r => r.Purpose).ToList();
        var expected = CrossBorderTopology.Routes.SelectMany(r => r.Value.Select(p => (Queue: CrossBorderTopology.InboxOf(r.Key), Purpose: p)))
            .OrderBy(r => r.Queue).ThenBy(r => r.Purpose).ToList();
        Assert.That(routes, Is.EqualTo(expected), "ROUTES in deploy/rabbitmq/crossborder.sh must equal CrossBorderTopology.Routes");
    }
}

/// <summary>The checked-in two-node definitions are the generator's current output (one generator, no drift).</summary>
public class CrossBorderDefinitionsTests
{
    [TestCase("AT")]
    [TestCase("NG")]
    public async Task The_two_node_definitions_are_crossborder_sh_current_output(string node)
    {
        var generated = await BrokerAdmin.GenerateAsync("two-nodes", "55672", node);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(BrokerAdmin.RepositoryRoot(), $"deploy/rabbitmq/two-nodes-{node}.json")), Is.EqualTo(generated),
            $"deploy/rabbitmq/two-nodes-{node}.json is stale: regenerate it with deploy/rabbitmq/crossborder.sh two-nodes 55672 {node} > deploy/rabbitmq/two-nodes-{node}.json");
        using var json = System.Text.Json.JsonDocument.Parse(generated);
        foreach (var permission in json.RootElement.GetProperty("permissions").EnumerateArray())
            foreach (var kind in new[] { "configure", "write", "read" })
                Assert.That(permission.GetProperty(kind).GetString(), Does.StartWith("^").And.EndWith("$"), "anchored");
    }
}
