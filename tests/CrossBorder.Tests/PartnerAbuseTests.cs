using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// A partner cannot hurt the node: node AT (real RabbitMQ vhost with the definitions crossborder.sh generates, real
/// PostgreSQL, the real receiver) with partners NG and BE, whose RabbitMQ users and signing keys the tests act as.
/// Everything sent is signed with the partner's genuine key: these are attacks a partner (or its stolen key) can make.
/// </summary>
[NonParallelizable]
public class PartnerAbuseTests
{
    private BrokerAdmin _broker = null!;
    private Node _at = null!;
    private readonly Dictionary<string, (string PrivatePem, string PublicKey)> _partners = new() { ["NG"] = SignatureRules.NewKey(), ["BE"] = SignatureRules.NewKey() };
    private readonly Dictionary<string, IConnection> _connections = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        _broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        _at = new Node { Jurisdiction = "AT", VirtualHost = $"xb-{run}-at", Prefix = $"xb-{run}-at", Key = SignatureRules.NewKey(), Database = await TestDatabase.CreateAsync("xb_at") };
        await _broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "AT", _at.VirtualHost, _at.Prefix, "NG,,", "BE,,"));
        await _at.StartAsync(_broker, _partners.ToDictionary(p => p.Key, p => p.Value.PublicKey));
        foreach (var partner in _partners.Keys)
            _connections[partner] = await new ConnectionFactory { Uri = _broker.UserUri($"{_at.Prefix}-partner-{partner.ToLowerInvariant()}", _at.VirtualHost) }.CreateConnectionAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        foreach (var connection in _connections.Values) await connection.DisposeAsync();
        if (_at is null || _broker is null) return;
        await _at.DisposeAsync();
        await _broker.DeleteAsync([_at.VirtualHost], [$"{_at.Prefix}-node", $"{_at.Prefix}-partner-ng", $"{_at.Prefix}-partner-be"]);
        _broker.Dispose();
    }

    private static CrossBorderRequest Reception(string from) => new(Guid.NewGuid(), CrossBorderPurposes.ReturnReception, from, "AT", Guid.NewGuid(), false,
        ["reception-shelter"], TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);

    /// <summary>A request's JSON as this software writes it, for the test to break.</summary>
    private static JsonObject Json(CrossBorderRequest request) => JsonSerializer.SerializeToNode(request, CrossBorderJson.Options)!.AsObject();

    /// <summary>Signs <paramref name="body"/> with the partner's genuine key and publishes it on its inbound exchange as its RabbitMQ user.</summary>
    private async Task<Guid> PublishAsync(string partner, string body, string type = "trm.crossborder.request.v1")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var envelope = new CrossBorderEnvelope(Guid.NewGuid(), type, partner, "AT", DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), bytes, null);
        using var key = ECDsa.Create();
        key.ImportFromPem(_partners[partner].PrivatePem);
        var signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(envelope.SignedText), HashAlgorithmName.SHA256));
        await using var channel = await _connections[partner].CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner(partner), "", true, new BasicProperties
        {
            MessageId = envelope.MessageId.ToString("D"), Type = type, ContentType = "application/json", Persistent = true,
            Headers = new Dictionary<string, object?> { ["x-trm-from"] = partner, ["x-trm-to"] = "AT", ["x-trm-sent-at"] = envelope.SentAt, ["x-trm-signature"] = signature },
        }, bytes);
        return envelope.MessageId;
    }

    /// <summary>Every rejection in AT's error queue of the given messages, after they all arrived and a while more (so a second copy would show).</summary>
    private async Task<List<(Guid MessageId, string Reason, JsonElement Headers, string Body)>> RejectionsAsync(IReadOnlyCollection<Guid> messageIds)
    {
        var rejected = new List<(Guid, string, JsonElement, string)>();
        async Task Drain() => rejected.AddRange((await _broker.DrainAsync(_at.VirtualHost, CrossBorderTopology.InboxError))
            .Select(m => (Id: Guid.Parse(m.Properties.GetProperty("message_id").GetString()!), m.Properties, m.Body))
            .Where(m => messageIds.Contains(m.Id))
            .Select(m => (m.Id, m.Properties.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString()!, m.Properties.GetProperty("headers"), m.Body)));
        await Eventually.TrueAsync($"{messageIds.Count} rejection(s) in AT's error queue", async () =>
        {
            await Drain();
            return messageIds.All(id => rejected.Any(r => r.Item1 == id));
        }, TimeSpan.FromSeconds(20));
        await Task.Delay(2500);   // a retried message would be rejected again (or reach a handler) by now
        await Drain();
        return rejected;
    }

    private Task AcceptedAsync(Guid requestId) => Eventually.TrueAsync($"request {requestId} accepted in AT", () => Task.FromResult(
        _at.Accepted.Messages.Any(m => m.Message is CrossBorderRequest r && r.RequestId == requestId)), TimeSpan.FromSeconds(20));

    [Test]
    public async Task An_oversized_message_is_rejected_once_before_it_is_parsed_or_copied_and_the_inbox_keeps_flowing()
    {
        var huge = Reception("NG");
        var json = Json(huge);
        json["padding"] = new string('x', 1024 * 1024);   // 1 MiB: far over CrossBorder:MaxMessageBytes (64 KiB)
        var oversized = await PublishAsync("NG", json.ToJsonString());
        var after = Reception("NG");
        await PublishAsync("NG", Json(after).ToJsonString());

        var rejected = (await RejectionsAsync([oversized])).Where(r => r.MessageId == oversized).ToList();
        Assert.That(rejected.Select(r => r.Reason), Is.EqualTo(new[] { "too-large" }), "rejected once, for its size");
        Assert.That(rejected[0].Headers.GetProperty(CrossBorderReceiver.BodyBytesHeader).GetInt64(), Is.GreaterThan(1024 * 1024), "its size is recorded");
        Assert.That(rejected[0].Body.Length, Is.LessThanOrEqualTo(1024), "the error queue keeps its first KiB, not the oversized body again");
        Assert.That(_at.Accepted.Attempts.ContainsKey(huge.RequestId), Is.False, "no handler saw it");
        await AcceptedAsync(after.RequestId);
        // (management statistics lag a few seconds behind the queue)
        await Eventually.TrueAsync("nothing stuck in the inbox", async () => await _broker.MessagesAsync(_at.VirtualHost, CrossBorderTopology.Inbox) == 0, TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task A_request_with_null_or_missing_fields_is_rejected_once_and_other_partners_messages_still_flow()
    {
        var broken = Enumerable.Range(0, 4).Select(_ => Reception("NG")).ToList();
        var nullQuestions = Json(broken[0]);
        nullQuestions["questions"] = null;
        var noPurpose = Json(broken[1]);
        noPurpose.Remove("purpose");
        var nullInList = Json(broken[2]);
        nullInList["questions"] = new JsonArray("reception-shelter", null);
        var noRespondBy = Json(broken[3]);
        noRespondBy.Remove("respondBy");
        var sent = new List<Guid>();
        var fromBelgium = new List<CrossBorderRequest>();
        foreach (var body in new[] { nullQuestions, noPurpose, nullInList, noRespondBy })
        {
            sent.Add(await PublishAsync("NG", body.ToJsonString()));
            var meanwhile = Reception("BE");
            fromBelgium.Add(meanwhile);
            await PublishAsync("BE", Json(meanwhile).ToJsonString());
        }

        var rejected = await RejectionsAsync(sent);
        Assert.That(sent.Select(id => rejected.Count(r => r.MessageId == id)), Is.All.EqualTo(1), "each rejected exactly once, not retried");
        Assert.That(sent.Select(id => rejected.Single(r => r.MessageId == id).Reason), Is.All.EqualTo(IncomingValidation.MissingField));
        Assert.That(sent.Select(id => rejected.Single(r => r.MessageId == id).Headers.GetProperty(CrossBorderReceiver.MemberHeader).GetString()!.ToLowerInvariant()),
            Is.EqualTo(new[] { "$.questions", "purpose", "questions", "respondby" }), "the member at fault is named");
        Assert.That(broken.Select(r => _at.Accepted.Attempts.GetValueOrDefault(r.RequestId)), Is.All.Zero, "no handler was ever given them (no retries on the shared consumer)");
        foreach (var request in fromBelgium) await AcceptedAsync(request.RequestId);
    }

    [Test]
    public async Task A_body_with_u0000_is_rejected_once_and_a_stored_one_never_breaks_a_ledger_lookup()
    {
        // In a member the services would store: PostgreSQL's jsonb refuses \u0000, so it never reaches a handler.
        var poisoned = Reception("NG");
        var poisonedJson = Json(poisoned);
        poisonedJson["questions"] = new JsonArray("reception-shelter\u0000");
        var rejectedId = await PublishAsync("NG", poisonedJson.ToJsonString());
        Assert.That(poisonedJson.ToJsonString(), Does.Contain("\\u0000"), "sent as the JSON escape");

        // In a member this version does not know (contracts evolve additively, so it is accepted): the body is stored as it
        // came, and the ledger's lookups do not cast it to jsonb.
        var extra = Reception("NG");
        var extraJson = Json(extra);
        extraJson["addedLater"] = "x\u0000y";
        await PublishAsync("NG", extraJson.ToJsonString());

        var rejected = await RejectionsAsync([rejectedId]);
        Assert.That(rejected.Where(r => r.MessageId == rejectedId).Select(r => r.Reason), Is.EqualTo(new[] { IncomingValidation.InvalidCharacters }), "rejected once");
        Assert.That(_at.Accepted.Attempts.GetValueOrDefault(poisoned.RequestId), Is.Zero);
        await AcceptedAsync(extra.RequestId);

        var stored = await _at.Ledger.FindRequestAsync(CrossBorderLedger.Received, extra.RequestId, CancellationToken.None);
        Assert.That(stored?.Counterpart, Is.EqualTo("NG"));
        Assert.That(Encoding.UTF8.GetString(stored!.Body), Does.Contain("\\u0000"), "kept as it came (the signature covers it)");
        Assert.That(await _at.Ledger.ListForRequestAsync(extra.RequestId, CancellationToken.None), Is.Not.Empty);
        Assert.That(await _at.Ledger.FindRequestAsync(CrossBorderLedger.Received, Guid.NewGuid(), CancellationToken.None), Is.Null, "a lookup of anything else still works");
        Assert.DoesNotThrowAsync(() => _at.Host.Services.GetRequiredService<CrossBorderDeadlines>().NoteOverdueAsync(CancellationToken.None), "nor does the deadline pass");

        var after = Reception("NG");
        await PublishAsync("NG", Json(after).ToJsonString());
        await AcceptedAsync(after.RequestId);
    }
}

/// <summary>The ledger's lookups by request go through an index on a column, not a jsonb cast of every stored body.</summary>
[NonParallelizable]
public class LedgerIndexTests
{
    private static CrossBorderLedger Ledger(TestDatabase database) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Marten"] = database.ConnectionString }).Build());

    private static CrossBorderEnvelope Request(Guid requestId, string from = "NG") => new(Guid.NewGuid(), CrossBorderJson.WireType(typeof(CrossBorderRequest)), from, "AT",
        "2026-12-01T00:00:00.000Z", JsonSerializer.SerializeToUtf8Bytes(new CrossBorderRequest(requestId, CrossBorderPurposes.ReturnReception, from, "AT", Guid.NewGuid(), false,
            ["reception-shelter"], TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow), CrossBorderJson.Options), "sig");

    [Test]
    public async Task A_lookup_by_request_is_answered_from_the_request_index()
    {
        await using var database = await TestDatabase.CreateAsync("xb_ledger");
        var ledger = Ledger(database);
        await using var connection = await ledger.OpenAsync(CancellationToken.None);
        var wanted = Guid.NewGuid();
        for (var i = 0; i < 200; i++)
            await CrossBorderLedger.TryRecordAsync(connection, null, CrossBorderLedger.Received, "NG", Request(i == 100 ? wanted : Guid.NewGuid()), DateTimeOffset.UtcNow, CancellationToken.None);
        await new NpgsqlCommand("analyze crossborder_messages", connection).ExecuteNonQueryAsync();

        foreach (var where in new[] { CrossBorderLedger.RequestLookup, "request_id = $1" })
        {
            await using var explain = new NpgsqlCommand($"explain (format json) select * from crossborder_messages where {where}", connection);
            explain.Parameters.Add(new NpgsqlParameter { Value = wanted });
            if (where.Contains("$2")) explain.Parameters.Add(new NpgsqlParameter { Value = CrossBorderLedger.Received });
            if (where.Contains("$3")) explain.Parameters.Add(new NpgsqlParameter { Value = CrossBorderJson.WireType(typeof(CrossBorderRequest)) });
            var plan = (string)(await explain.ExecuteScalarAsync())!;
            Assert.That(plan, Does.Contain(CrossBorderLedger.RequestIndex), $"{where}: {plan}");
            Assert.That(plan, Does.Not.Contain("Seq Scan"), where);
        }
        Assert.That((await ledger.FindRequestAsync(CrossBorderLedger.Received, wanted, CancellationToken.None))?.Counterpart, Is.EqualTo("NG"));
    }

    [Test]
    public async Task Rows_recorded_before_the_request_column_existed_get_their_request_id_when_the_ledger_opens()
    {
        await using var database = await TestDatabase.CreateAsync("xb_ledger");
        var requestId = Guid.NewGuid();
        var old = Request(requestId);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            // The table as the previous version created it, with one request in it.
            await new NpgsqlCommand("""
                create table crossborder_messages (
                  direction text not null, counterpart text not null, message_id uuid not null, message_type text not null,
                  body_digest text not null, signature text not null, body bytea not null, sent_at text not null,
                  recorded_at timestamptz not null, primary key (direction, counterpart, message_id))
                """, connection).ExecuteNonQueryAsync();
            await using var insert = new NpgsqlCommand("insert into crossborder_messages values ('received', 'NG', $1, $2, $3, 'sig', $4, $5, now())", connection)
            {
                Parameters = { new() { Value = old.MessageId }, new() { Value = old.Type }, new() { Value = old.BodyDigest }, new() { Value = old.Body }, new() { Value = old.SentAt } },
            };
            await insert.ExecuteNonQueryAsync();
        }

        var found = await Ledger(database).FindRequestAsync(CrossBorderLedger.Received, requestId, CancellationToken.None);
        Assert.That(found?.MessageId, Is.EqualTo(old.MessageId));
    }
}
