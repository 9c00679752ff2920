using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// Two nodes over real RabbitMQ (their own vhosts, the shovel between them, the users of deploy/rabbitmq/crossborder.sh)
/// and real PostgreSQL: what leaves passes the gates and is signed, what arrives is verified, and delivery is evidenced.
/// </summary>
[NonParallelizable]
public class ExchangeTests
{
    private TwoNodes _nodes = null!;
    private MeterListener _listener = null!;
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CrossBorderMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
        _nodes = await TwoNodes.StartAsync(new Dictionary<string, string?> { ["CrossBorder:DeadlinePollSeconds"] = "0.2" });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _listener.Dispose();
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    private long Counted(string instrument, string tag, string value, string from) =>
        _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value) && Equals(m.Tags.GetValueOrDefault("from"), from)).Sum(m => m.Value);

    private static CrossBorderRequest Reception(Guid? caseReference = null) => new(Guid.NewGuid(), CrossBorderPurposes.ReturnReception, "AT", "NG", caseReference ?? Guid.NewGuid(), false,
        ["reception-shelter", "onward-transport"], TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);

    [Test]
    public async Task A_request_reaches_the_partner_node_through_the_shovel_and_its_signed_delivery_evidence_comes_back()
    {
        var request = Reception();
        var sent = await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], []), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null);

        var received = await Eventually.GetAsync("the request accepted in NG", () =>
            Task.FromResult(_nodes.Ng.Accepted.Messages.FirstOrDefault(m => m.Message is CrossBorderRequest r && r.RequestId == request.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That(received.Message, Is.EqualTo(request with { Questions = ((CrossBorderRequest)received.Message).Questions }));
        Assert.That(((CrossBorderRequest)received.Message).Questions, Is.EqualTo(request.Questions));
        Assert.That(received.Envelope.From, Is.EqualTo("AT"));

        // NG's node answered by itself with evidence signed by NG's key, naming the message and its digest.
        var evidence = await Eventually.GetAsync("NG's delivery evidence in AT", () =>
            Task.FromResult(_nodes.At.Accepted.Messages.Select(m => m.Message).OfType<CrossBorderDeliveryEvidence>().FirstOrDefault(e => e.RequestId == request.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That(evidence.Evidence, Is.EqualTo(DeliveryEvidenceKinds.ReceivedByNode));
        Assert.That(evidence.ByJurisdiction, Is.EqualTo("NG"));
        Assert.That(evidence.MessageId, Is.EqualTo(sent.Sent!.MessageId));
        Assert.That(evidence.MessageDigest, Is.EqualTo(sent.Sent.BodyDigest), "the partner received exactly the bytes AT signed");

        // AT keeps the evidence with NG's signature: it verifies against NG's public key as stored.
        var kept = (await _nodes.At.Ledger.ListAsync(CrossBorderLedger.Received, CrossBorderJson.WireType(typeof(CrossBorderDeliveryEvidence)), CancellationToken.None))
            .Single(e => JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!.RequestId == request.RequestId);
        var stored = new CrossBorderEnvelope(kept.MessageId, kept.Type, "NG", "AT", kept.SentAt, kept.Body, kept.Signature);
        Assert.That(_nodes.At.PartnerKeys.Verify("NG", stored), Is.True);
        Assert.That(await _nodes.At.Ledger.FindAsync(CrossBorderLedger.Sent, "NG", sent.Sent.MessageId, CancellationToken.None), Is.Not.Null, "AT recorded what it sent");

        // The focal point's acknowledgement is a second, separate evidence.
        var ack = await _nodes.Ng.Sender.SendEvidenceAsync(received, request.RequestId, DeliveryEvidenceKinds.AcknowledgedByFocalPoint, CancellationToken.None);
        Assert.That(ack.Refusal, Is.Null);
        await Eventually.TrueAsync("the focal point's acknowledgement in AT", () => Task.FromResult(_nodes.At.Accepted.Messages.Select(m => m.Message).OfType<CrossBorderDeliveryEvidence>()
            .Any(e => e.RequestId == request.RequestId && e.Evidence == DeliveryEvidenceKinds.AcknowledgedByFocalPoint)), TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task A_transfer_without_consent_is_refused_at_the_gate_and_nothing_reaches_the_partner()
    {
        var request = Reception();
        var refused = await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["RO"], []), CancellationToken.None);
        var toPersecutor = await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], ["NG"]), CancellationToken.None);

        Assert.That(refused.Refusal?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        Assert.That(toPersecutor.Refusal?.Rule, Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(_measurements.Count(m => m.Instrument == "trm.crossborder.refused" && Equals(m.Tags["rule"], "never-to-country-of-claimed-protection")), Is.GreaterThanOrEqualTo(1));
        await Task.Delay(1500);
        Assert.That(_nodes.Ng.Accepted.Messages.Any(m => m.Message is CrossBorderRequest r && r.RequestId == request.RequestId), Is.False);
        Assert.That((await _nodes.At.Ledger.ListAsync(CrossBorderLedger.Sent, null, CancellationToken.None)).Select(e => Encoding.UTF8.GetString(e.Body)), Has.None.Contains(request.RequestId.ToString()));
    }

    /// <summary>Publishes on AT's inbound exchange for NG as NG's partner user on AT's broker — what NG (or an impostor holding those credentials) can do.</summary>
    private async Task PublishAsNgAsync(CrossBorderEnvelope envelope)
    {
        var factory = new ConnectionFactory { Uri = _nodes.BrokerAdmin.UserUri($"{_nodes.At.Prefix}-partner-ng", _nodes.At.VirtualHost) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var headers = new Dictionary<string, object?> { ["x-trm-from"] = envelope.From, ["x-trm-to"] = envelope.To, ["x-trm-sent-at"] = envelope.SentAt };
        if (envelope.Signature is not null) headers["x-trm-signature"] = envelope.Signature;
        await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("NG"), "", true,
            new BasicProperties { MessageId = envelope.MessageId.ToString("D"), Type = envelope.Type, ContentType = "application/json", Persistent = true, Headers = headers }, envelope.Body);
    }

    private static CrossBorderEnvelope Signed(CrossBorderEnvelope envelope, string privatePem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privatePem);
        return envelope with { Signature = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(envelope.SignedText), HashAlgorithmName.SHA256)) };
    }

    /// <summary>A request AT sent NG (answers are only for requests the node sent: anything else is rejected as unknown-request).</summary>
    private async Task<Guid> RequestSentToNgAsync()
    {
        var request = Reception();
        Assert.That((await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], []), CancellationToken.None)).Refusal, Is.Null);
        return request.RequestId;
    }

    private static CrossBorderEnvelope Accepted(Guid requestId, DateTimeOffset? sentAt = null) => new(Guid.NewGuid(), "trm.crossborder.accepted.v1", "NG", "AT",
        (sentAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        JsonSerializer.SerializeToUtf8Bytes(new CrossBorderAccepted(requestId, "NG", DateTimeOffset.UtcNow), CrossBorderJson.Options), null);

    private async Task<IReadOnlyList<string>> RejectionsOfAsync(Guid requestId, int expected)
    {
        var rejected = new List<(JsonElement Properties, string Body)>();
        await Eventually.TrueAsync($"{expected} rejection(s) in AT's error queue", async () =>
        {
            rejected.AddRange((await _nodes.BrokerAdmin.DrainAsync(_nodes.At.VirtualHost, CrossBorderTopology.InboxError)).Where(m => m.Body.Contains(requestId.ToString())));
            return rejected.Count >= expected;
        }, TimeSpan.FromSeconds(20));
        return rejected.Select(m => m.Properties.GetProperty("headers").GetProperty("x-trm-rejected").GetString()!).ToList();
    }

    [Test]
    public async Task Unsigned_forged_replayed_stale_and_oversized_messages_go_to_the_error_queue_and_raise_the_alert_metric()
    {
        var requestId = await RequestSentToNgAsync();
        var mallory = SignatureRules.NewKey();
        var before = new[] { "unsigned", "forged", "replayed", "stale", "too-large" }.ToDictionary(r => r, r => Counted("trm.crossborder.rejected", "reason", r, "NG"));

        var genuine = Signed(Accepted(requestId), _nodes.Ng.Key.PrivatePem);
        await PublishAsNgAsync(Accepted(requestId));                                          // unsigned
        await PublishAsNgAsync(Signed(Accepted(requestId), mallory.PrivatePem));              // signed by someone else
        await PublishAsNgAsync(genuine);                                                      // genuine: accepted
        await PublishAsNgAsync(genuine);                                                      // the same again: replayed
        await PublishAsNgAsync(Signed(Accepted(requestId, DateTimeOffset.UtcNow.AddDays(-8)), _nodes.Ng.Key.PrivatePem)); // outside the window
        var huge = Accepted(requestId);
        await PublishAsNgAsync(Signed(huge with { Body = [.. huge.Body, .. System.Text.Encoding.UTF8.GetBytes(new string(' ', 70_000))] }, _nodes.Ng.Key.PrivatePem)); // 64 KiB+

        var reasons = await RejectionsOfAsync(requestId, 5);
        Assert.That(reasons, Is.EquivalentTo(new[] { "unsigned", "forged", "replayed", "stale", "too-large" }));
        Assert.That(_nodes.At.Accepted.Messages.Count(m => m.Message is CrossBorderAccepted a && a.RequestId == requestId), Is.EqualTo(1), "only the genuine one, once");
        foreach (var reason in before.Keys)
            Assert.That(Counted("trm.crossborder.rejected", "reason", reason, "NG") - before[reason], Is.EqualTo(1), $"alert metric for {reason}");
    }

    [Test]
    public async Task A_message_signed_for_one_node_and_re_addressed_or_tampered_on_the_way_is_rejected_as_forged()
    {
        var requestId = await RequestSentToNgAsync();
        var genuine = Signed(Accepted(requestId), _nodes.Ng.Key.PrivatePem);
        var tampered = genuine with { MessageId = Guid.NewGuid(), Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(genuine.Body).Replace("\"NG\"", "\"BE\"")) };
        await PublishAsNgAsync(tampered);
        Assert.That(await RejectionsOfAsync(requestId, 1), Is.EqualTo(new[] { "forged" }));
    }

    [Test]
    public async Task A_genuine_request_that_reached_the_wrong_services_inbox_goes_to_the_error_queue_instead_of_being_accepted_and_ignored()
    {
        // Signed by NG, but published without the routing header a compensation request needs: the node's routing hands it
        // to the default inbox (Return's), which takes no compensation requests.
        var request = Reception() with { Purpose = CrossBorderPurposes.Compensation, FromJurisdiction = "NG", ToJurisdiction = "AT", Questions = ["state-compensation-fund"] };
        var envelope = new CrossBorderEnvelope(Guid.NewGuid(), CrossBorderJson.WireType(typeof(CrossBorderRequest)), "NG", "AT",
            DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), JsonSerializer.SerializeToUtf8Bytes(request, CrossBorderJson.Options), null);
        var before = Counted("trm.crossborder.rejected", "reason", "misrouted", "NG");
        await PublishAsNgAsync(Signed(envelope, _nodes.Ng.Key.PrivatePem));
        Assert.That(await RejectionsOfAsync(request.RequestId, 1), Is.EqualTo(new[] { "misrouted" }));
        Assert.That(_nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderRequest r && r.RequestId == request.RequestId), Is.False, "not accepted");
        Assert.That(Counted("trm.crossborder.rejected", "reason", "misrouted", "NG") - before, Is.EqualTo(1), "alert metric");
    }

    [Test]
    public async Task An_answer_to_a_request_this_node_never_sent_that_partner_goes_to_the_error_queue()
    {
        var neverSent = Guid.NewGuid();
        var before = Counted("trm.crossborder.rejected", "reason", "unknown-request", "NG");
        await PublishAsNgAsync(Signed(Accepted(neverSent), _nodes.Ng.Key.PrivatePem));
        Assert.That(await RejectionsOfAsync(neverSent, 1), Is.EqualTo(new[] { "unknown-request" }));
        Assert.That(_nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == neverSent), Is.False);
        Assert.That(Counted("trm.crossborder.rejected", "reason", "unknown-request", "NG") - before, Is.EqualTo(1), "alert metric");
    }

    [Test]
    public async Task An_answer_signed_by_one_partner_in_the_name_of_another_is_rejected()
    {
        var requestId = await RequestSentToNgAsync();
        var envelope = Accepted(requestId) with { Body = JsonSerializer.SerializeToUtf8Bytes(new CrossBorderAccepted(requestId, "BE", DateTimeOffset.UtcNow), CrossBorderJson.Options) };
        await PublishAsNgAsync(Signed(envelope, _nodes.Ng.Key.PrivatePem));
        Assert.That(await RejectionsOfAsync(requestId, 1), Is.EqualTo(new[] { "sender-mismatch" }));
        Assert.That(_nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == requestId), Is.False);
    }

    [Test]
    public async Task A_message_that_fails_for_a_moment_is_applied_once_later_and_one_that_never_applies_goes_to_the_error_queue()
    {
        var transient = await RequestSentToNgAsync();
        var poison = await RequestSentToNgAsync();
        _nodes.At.Accepted.FailOnce[transient] = true;
        _nodes.At.Accepted.FailAlways[poison] = true;
        foreach (var requestId in new[] { transient, poison })
            Assert.That((await _nodes.Ng.Sender.SendAsync(new CrossBorderAccepted(requestId, "NG", DateTimeOffset.UtcNow), "AT", TransferGrounds.ReplyTo("AT"), CancellationToken.None)).Refusal, Is.Null);

        await Eventually.TrueAsync("the transient failure applied on redelivery", () => Task.FromResult(
            _nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == transient)), TimeSpan.FromSeconds(20));
        Assert.That(_nodes.At.Accepted.FailOnce.ContainsKey(transient), Is.False, "it did fail once");
        Assert.That(await RejectionsOfAsync(poison, 1), Is.EqualTo(new[] { "not-applied" }));
        await Task.Delay(500);
        Assert.That(_nodes.At.Accepted.Messages.Count(m => m.Message is CrossBorderAccepted a && a.RequestId == transient), Is.EqualTo(1));
        Assert.That(_nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == poison), Is.False);
    }

    [Test]
    public async Task A_request_that_can_never_be_applied_goes_to_the_error_queue_and_is_answered_declined()
    {
        var request = Reception() with { FromJurisdiction = "NG", ToJurisdiction = "AT" };
        _nodes.At.Accepted.FailAlways[request.RequestId] = true;
        Assert.That((await _nodes.Ng.Sender.SendAsync(request, "AT", TransferGrounds.OnConsent(["AT"], []), CancellationToken.None)).Refusal, Is.Null);

        Assert.That(await RejectionsOfAsync(request.RequestId, 1), Is.EqualTo(new[] { "not-applied" }));
        var declined = await Eventually.GetAsync("AT's signed 'declined' in NG", () => Task.FromResult(
            _nodes.Ng.Accepted.Messages.Select(m => m.Message).OfType<CrossBorderDeclined>().FirstOrDefault(d => d.RequestId == request.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That(declined.ReasonCode, Is.EqualTo(DeclineReasons.InsufficientInformation));
        Assert.That(declined.ByJurisdiction, Is.EqualTo("AT"));
    }

    [Test]
    public async Task A_request_not_answered_by_its_respond_by_date_is_noted_overdue_once_and_an_answered_one_is_not()
    {
        var before = _measurements.Where(m => m.Instrument == "trm.crossborder.overdue" && Equals(m.Tags.GetValueOrDefault("to"), "NG")).Sum(m => m.Value);
        var unanswered = Reception() with { RespondBy = DateTimeOffset.UtcNow.AddSeconds(2) };
        // The answered one's date leaves its answer time to cross and be recorded on a loaded machine (2 s did not, once).
        var answered = Reception() with { RespondBy = DateTimeOffset.UtcNow.AddSeconds(10) };
        foreach (var request in new[] { unanswered, answered })
            Assert.That((await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], []), CancellationToken.None)).Refusal, Is.Null);
        var received = await Eventually.GetAsync("the answered request in NG", () =>
            Task.FromResult(_nodes.Ng.Accepted.Messages.FirstOrDefault(m => m.Message is CrossBorderRequest r && r.RequestId == answered.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That((await _nodes.Ng.Sender.SendAsync(new CrossBorderAccepted(answered.RequestId, "NG", DateTimeOffset.UtcNow), "AT", TransferGrounds.ReplyTo("AT"), CancellationToken.None)).Refusal, Is.Null);
        await Eventually.TrueAsync("NG's acceptance received in AT", () => Task.FromResult(
            _nodes.At.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == answered.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That(DateTimeOffset.UtcNow, Is.LessThan(answered.RespondBy), "the acceptance was recorded before the answered request's date");

        var overdue = await Eventually.GetAsync("the unanswered request overdue in AT", () =>
            Task.FromResult(_nodes.At.Overdue.Noted.FirstOrDefault(o => o.RequestId == unanswered.RequestId)), TimeSpan.FromSeconds(20));
        Assert.That(overdue.To, Is.EqualTo("NG"));
        Assert.That(overdue.Purpose, Is.EqualTo(CrossBorderPurposes.ReturnReception));
        Assert.That(received.Envelope.From, Is.EqualTo("AT"), "delivery evidence alone is no answer: NG's node did send it");

        var pastAnsweredDate = answered.RespondBy.AddSeconds(1.5) - DateTimeOffset.UtcNow;
        await Task.Delay(pastAnsweredDate > TimeSpan.FromSeconds(1.5) ? pastAnsweredDate : TimeSpan.FromSeconds(1.5));
        Assert.That(_nodes.At.Overdue.Noted.Count(o => o.RequestId == unanswered.RequestId), Is.EqualTo(1), "noted once, however many passes");
        Assert.That(_nodes.At.Overdue.Noted.Any(o => o.RequestId == answered.RequestId), Is.False, "the accepted one is not overdue");
        var again = await _nodes.At.Host.Services.GetRequiredService<CrossBorderDeadlines>().NoteOverdueAsync(CancellationToken.None);
        Assert.That(again.Select(o => o.RequestId), Has.No.Member(unanswered.RequestId), "remembered in PostgreSQL, not in memory");
        Assert.That(_measurements.Where(m => m.Instrument == "trm.crossborder.overdue" && Equals(m.Tags.GetValueOrDefault("to"), "NG")).Sum(m => m.Value) - before, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task The_link_broken_and_restored_loses_nothing()
    {
        // Break the link: the shovel's user on NG's broker loses its permission, so the shovel cannot deliver.
        var shovelUser = $"{_nodes.Ng.Prefix}-partner-at";
        var permission = $"/api/permissions/{Uri.EscapeDataString(_nodes.Ng.VirtualHost)}/{Uri.EscapeDataString(shovelUser)}";
        var saved = await _nodes.BrokerAdmin.Management.GetFromJsonAsync<JsonElement>(permission);
        (await _nodes.BrokerAdmin.Management.DeleteAsync(permission)).EnsureSuccessStatusCode();
        foreach (var connection in (await _nodes.BrokerAdmin.Management.GetFromJsonAsync<JsonElement>("/api/connections")).EnumerateArray().Where(c => c.GetProperty("user").GetString() == shovelUser))
            await _nodes.BrokerAdmin.Management.DeleteAsync($"/api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");

        var requests = Enumerable.Range(0, 5).Select(_ => Reception()).ToList();
        foreach (var request in requests)
            Assert.That((await _nodes.At.Sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], []), CancellationToken.None)).Refusal, Is.Null);
        await Task.Delay(2000);
        Assert.That(_nodes.Ng.Accepted.Messages.Count(m => m.Message is CrossBorderRequest r && requests.Any(q => q.RequestId == r.RequestId)), Is.Zero, "nothing passes while the link is down");
        // (management statistics lag a few seconds behind the queue)
        await Eventually.TrueAsync("they wait in AT's queue for NG", async () =>
            await _nodes.BrokerAdmin.MessagesAsync(_nodes.At.VirtualHost, CrossBorderTopology.ForPartner("NG")) == requests.Count, TimeSpan.FromSeconds(15));

        // Restore it: every request arrives, once.
        (await _nodes.BrokerAdmin.Management.PutAsJsonAsync(permission, new { configure = saved.GetProperty("configure").GetString(), write = saved.GetProperty("write").GetString(), read = saved.GetProperty("read").GetString() })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync("every request in NG after the link is back", () => Task.FromResult(
            requests.All(q => _nodes.Ng.Accepted.Messages.Any(m => m.Message is CrossBorderRequest r && r.RequestId == q.RequestId))), TimeSpan.FromSeconds(60));
        Assert.That(_nodes.Ng.Accepted.Messages.Count(m => m.Message is CrossBorderRequest r && requests.Any(q => q.RequestId == r.RequestId)), Is.EqualTo(requests.Count));
    }
}
