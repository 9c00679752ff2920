using RabbitMQ.Client.Exceptions;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// A partner cannot fill the node's broker: the policies deploy/rabbitmq/crossborder.sh generates cap every inbox
/// (overflow reject-publish), also on queues declared before the policy. Probed as NG's RabbitMQ user, with no receiver
/// draining the inbox (as when a partner floods faster than the node reads).
/// </summary>
[NonParallelizable]
public class PartnerInboxLimitTests
{
    [Test]
    public async Task A_flooding_partner_gets_publish_nacks_once_the_inbox_is_full_and_the_queue_stays_at_its_limit()
    {
        const int limit = 20;
        using var broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        var (vhost, prefix) = ($"xb-{run}-flood", $"xb-{run}-flood");
        var definitions = await BrokerAdmin.GenerateAsync(new Dictionary<string, string> { ["CROSSBORDER_INBOX_MAX_LENGTH"] = limit.ToString() }, "definitions", "AT", vhost, prefix, "NG,,", "BE,,");
        try
        {
            // The topology as it was before the limits: queues declared without them ...
            var before = JsonNode.Parse(definitions)!.AsObject();
            before.Remove("policies");
            await broker.LoadDefinitionsAsync(before.ToJsonString());
            Assert.That(await EffectivePolicyAsync(broker, vhost, CrossBorderTopology.Inbox), Is.Null, "no limit yet");
            // ... then the current definitions: the policy reaches the queues that already exist.
            await broker.LoadDefinitionsAsync(definitions);
            await Eventually.TrueAsync("the limit applied to the existing inboxes", async () =>
                (await Task.WhenAll(new[] { CrossBorderTopology.Inbox }.Concat(CrossBorderTopology.Routes.Keys.Select(CrossBorderTopology.InboxOf))
                    .Select(q => EffectivePolicyAsync(broker, vhost, q)))).All(p => p == "crossborder-inbox-limits"), TimeSpan.FromSeconds(10));

            await using var ng = await new ConnectionFactory { Uri = broker.UserUri($"{prefix}-partner-ng", vhost) }.CreateConnectionAsync();
            await using var channel = await ng.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            int confirmed = 0, nacked = 0;
            for (var i = 0; i < limit + 15; i++)
            {
                try
                {
                    await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("NG"), "", true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes($"flood {i}"));
                    confirmed++;
                }
                catch (PublishException e) when (!e.IsReturn)
                {
                    nacked++;
                }
            }
            Assert.That(channel.IsOpen, Is.True, "refused by nack, not by closing the partner's channel");
            // A quorum queue starts refusing once it holds its limit; the publish that reaches it may still be taken (one over).
            Assert.That(confirmed, Is.InRange(limit, limit + 1), "the broker confirmed up to the limit ...");
            Assert.That(nacked, Is.EqualTo(limit + 15 - confirmed), "... and nacked every publish beyond it");

            await using var admin = await AdminAsync(broker, vhost);
            await using var reader = await admin.CreateChannelAsync();
            Assert.That((await reader.QueueDeclarePassiveAsync(CrossBorderTopology.Inbox)).MessageCount, Is.EqualTo(confirmed).And.LessThanOrEqualTo(limit + 1), "the inbox stays at its limit");

            var nodes = await broker.Management.GetFromJsonAsync<JsonElement>("/api/nodes");
            foreach (var node in nodes.EnumerateArray())
            {
                Assert.That(node.GetProperty("mem_alarm").GetBoolean(), Is.False, "memory alarm");
                Assert.That(node.GetProperty("disk_free_alarm").GetBoolean(), Is.False, "disk alarm");
            }
        }
        finally
        {
            await broker.DeleteAsync([vhost], [$"{prefix}-node", $"{prefix}-partner-ng", $"{prefix}-partner-be"]);
        }
    }

    [Test]
    public async Task Every_inbox_the_error_queue_and_every_partners_outbound_queue_is_capped_by_a_policy()
    {
        using var json = JsonDocument.Parse(await BrokerAdmin.GenerateAsync("definitions", "AT", "v", "p", "NG,,", "BE,,"));
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        var queues = json.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
        foreach (var queue in queues)
        {
            var matching = policies.Where(p => System.Text.RegularExpressions.Regex.IsMatch(queue, p.GetProperty("pattern").GetString()!)).ToList();
            Assert.That(matching, Has.Count.EqualTo(1), $"{queue}: exactly one limit policy");
            var definition = matching[0].GetProperty("definition");
            Assert.That(definition.GetProperty("max-length").GetInt64(), Is.GreaterThan(0), queue);
            Assert.That(definition.GetProperty("max-length-bytes").GetInt64(), Is.GreaterThan(0), queue);
            Assert.That(definition.GetProperty("overflow").GetString(), Is.EqualTo(queue == CrossBorderTopology.InboxError ? "drop-head" : "reject-publish"), queue);
        }
    }

    private static async Task<string?> EffectivePolicyAsync(BrokerAdmin broker, string vhost, string queue)
    {
        var json = await broker.Management.GetFromJsonAsync<JsonElement>($"/api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        return json.TryGetProperty("policy", out var policy) && policy.ValueKind == JsonValueKind.String ? policy.GetString() : null;
    }

    private static async Task<IConnection> AdminAsync(BrokerAdmin broker, string vhost)
    {
        (await broker.Management.PutAsync($"/api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(Uri.UnescapeDataString(broker.Amqp.UserInfo.Split(':')[0]))}",
            new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        return await new ConnectionFactory { Uri = new UriBuilder(broker.Amqp) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri }.CreateConnectionAsync();
    }
}
