namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// A partner country that does not run this software (Belgium here) takes part with plain RabbitMQ.Client, the .NET
/// crypto library and JSON — nothing of MassTransit or of this repository's code — exactly as the partner
/// guide in docs/cross-border.md ("For a partner country that does not run this software") says: it reads its queue on the node's broker, verifies the node's signature over the documented text, and
/// answers with its own signed delivery evidence and acceptance, which the node accepts.
/// </summary>
[NonParallelizable]
public class PlainPartnerTests
{
    private BrokerAdmin _broker = null!;
    private Node _at = null!;
    private ECDsa _belgium = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _broker = await BrokerAdmin.ConnectAsync();
        var run = Guid.NewGuid().ToString("N")[..10];
        _belgium = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _at = new Node { Jurisdiction = "AT", VirtualHost = $"xb-{run}-at", Prefix = $"xb-{run}-at", Key = SignatureRules.NewKey(), Database = await TestDatabase.CreateAsync("xb_at") };
        await _broker.LoadDefinitionsAsync(await BrokerAdmin.GenerateAsync("definitions", "AT", _at.VirtualHost, _at.Prefix, "BE,,", "NG,,"));
        await _at.StartAsync(_broker, new Dictionary<string, string> { ["BE"] = Convert.ToBase64String(_belgium.ExportSubjectPublicKeyInfo()), ["NG"] = SignatureRules.NewKey().PublicKey });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _belgium?.Dispose();
        if (_at is null || _broker is null) return;
        await _at.DisposeAsync();
        await _broker.DeleteAsync([_at.VirtualHost], [$"{_at.Prefix}-node", $"{_at.Prefix}-partner-be", $"{_at.Prefix}-partner-ng"]);
        _broker.Dispose();
    }

    // ---- Everything below the node's send is what the partner writes itself, from the guide in docs/cross-border.md. ----

    private static string Text(IReadOnlyBasicProperties properties, string header) => Encoding.UTF8.GetString((byte[])properties.Headers![header]!);

    private static string SignedText(string messageId, string type, string from, string to, string sentAt, byte[] body) =>
        string.Join('\n', "trm-crossborder-v1", messageId, type, from, to, sentAt, Convert.ToHexStringLower(SHA256.HashData(body)));

    private async Task AnswerAsync(IChannel channel, object body, string type, string from = "BE", string to = "AT")
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var messageId = Guid.NewGuid().ToString("D");
        var sentAt = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var signature = _belgium.SignData(Encoding.UTF8.GetBytes(SignedText(messageId, type, from, to, sentAt, bytes)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var properties = new BasicProperties
        {
            MessageId = messageId, Type = type, ContentType = "application/json", Persistent = true,
            Headers = new Dictionary<string, object?> { ["x-trm-from"] = from, ["x-trm-to"] = to, ["x-trm-sent-at"] = sentAt, ["x-trm-signature"] = Convert.ToBase64String(signature) },
        };
        await channel.BasicPublishAsync("crossborder.in.BE", "", true, properties, bytes);
    }

    [Test]
    public async Task A_partner_with_plain_RabbitMQ_Client_verifies_a_signed_request_and_its_signed_answers_are_accepted()
    {
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.IdentificationAssistance, "AT", "BE", Guid.NewGuid(), true, ["nationality-confirmation", "family-tracing"],
            TransferBases.LegalBasis, "untoc-art-18", HandlingCodes.NoOnwardSharing, DateTimeOffset.UtcNow.AddDays(10), DateTimeOffset.UtcNow);
        var sent = await _at.Sender.SendAsync(request, "BE", TransferGrounds.OnLegalBasis("untoc-art-18", [], HandlingCodes.NoOnwardSharing), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null);

        // Belgium: connects to AT's broker with the user AT created for it, and reads its own queue.
        var factory = new ConnectionFactory { Uri = _broker.UserUri($"{_at.Prefix}-partner-be", _at.VirtualHost) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var delivery = await Eventually.GetAsync("the request in Belgium's queue", () => channel.BasicGetAsync("crossborder.for.BE", autoAck: false), TimeSpan.FromSeconds(15));
        var p = delivery.BasicProperties;
        var body = delivery.Body.ToArray();

        // Verifies AT's signature with AT's public key (exchanged out of band) over the documented text.
        using var atKey = ECDsa.Create();
        atKey.ImportSubjectPublicKeyInfo(Convert.FromBase64String(_at.Key.PublicKey), out _);
        var signed = SignedText(p.MessageId!, p.Type!, Text(p, "x-trm-from"), Text(p, "x-trm-to"), Text(p, "x-trm-sent-at"), body);
        Assert.That(atKey.VerifyData(Encoding.UTF8.GetBytes(signed), Convert.FromBase64String(Text(p, "x-trm-signature")), HashAlgorithmName.SHA256), Is.True, "AT's signature verifies");
        Assert.That(atKey.VerifyData(Encoding.UTF8.GetBytes(signed.Replace("\nBE\n", "\nFR\n")), Convert.FromBase64String(Text(p, "x-trm-signature")), HashAlgorithmName.SHA256), Is.False);
        Assert.That(p.Type, Is.EqualTo("trm.crossborder.request.v1"));
        Assert.That(Text(p, "x-trm-from"), Is.EqualTo("AT"));

        using var json = JsonDocument.Parse(body);
        var requestId = json.RootElement.GetProperty("requestId").GetGuid();
        Assert.That(requestId, Is.EqualTo(request.RequestId));
        Assert.That(json.RootElement.GetProperty("purpose").GetString(), Is.EqualTo("identification-assistance"));
        Assert.That(json.RootElement.GetProperty("handlingCode").GetString(), Is.EqualTo("no-onward-sharing"));
        await channel.BasicAckAsync(delivery.DeliveryTag, false);

        // Answers: signed evidence of delivery (naming the message and the SHA-256 of its body), then acceptance.
        await AnswerAsync(channel, new Dictionary<string, object>
        {
            ["evidenceId"] = Guid.NewGuid(), ["requestId"] = requestId, ["messageId"] = Guid.Parse(p.MessageId!), ["messageDigest"] = Convert.ToHexStringLower(SHA256.HashData(body)),
            ["evidence"] = "received-by-node", ["byJurisdiction"] = "BE", ["at"] = DateTimeOffset.UtcNow,
        }, "trm.crossborder.delivery-evidence.v1");
        await AnswerAsync(channel, new Dictionary<string, object> { ["requestId"] = requestId, ["byJurisdiction"] = "BE", ["acceptedAt"] = DateTimeOffset.UtcNow }, "trm.crossborder.accepted.v1");

        // The node verified and accepted both; the evidence names exactly what AT sent.
        var evidence = await Eventually.GetAsync("Belgium's evidence accepted in AT", () => Task.FromResult(
            _at.Accepted.Messages.Select(m => m.Message).OfType<CrossBorderDeliveryEvidence>().FirstOrDefault(e => e.RequestId == request.RequestId)), TimeSpan.FromSeconds(15));
        Assert.That(evidence.MessageId, Is.EqualTo(sent.Sent!.MessageId));
        Assert.That(evidence.MessageDigest, Is.EqualTo(sent.Sent.BodyDigest));
        await Eventually.TrueAsync("Belgium's acceptance in AT", () => Task.FromResult(
            _at.Accepted.Messages.Select(m => m.Message).OfType<CrossBorderAccepted>().Any(a => a.RequestId == request.RequestId && a.ByJurisdiction == "BE")), TimeSpan.FromSeconds(15));
        Assert.That((await _broker.DrainAsync(_at.VirtualHost, CrossBorderTopology.InboxError)).Where(m => m.Body.Contains(requestId.ToString())), Is.Empty, "nothing rejected");
    }

    [Test]
    public async Task A_partner_claiming_to_be_another_partner_or_writing_to_another_node_is_rejected()
    {
        var requestId = Guid.NewGuid();
        var factory = new ConnectionFactory { Uri = _broker.UserUri($"{_at.Prefix}-partner-be", _at.VirtualHost) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var accepted = new Dictionary<string, object> { ["requestId"] = requestId, ["byJurisdiction"] = "NG", ["acceptedAt"] = DateTimeOffset.UtcNow };
        await AnswerAsync(channel, accepted, "trm.crossborder.accepted.v1", from: "NG");   // on Belgium's exchange, claiming Nigeria
        await AnswerAsync(channel, accepted, "trm.crossborder.accepted.v1", to: "FR");     // signed for another node

        var rejected = new List<string>();
        await Eventually.TrueAsync("both rejected", async () =>
        {
            rejected.AddRange((await _broker.DrainAsync(_at.VirtualHost, CrossBorderTopology.InboxError)).Where(m => m.Body.Contains(requestId.ToString()))
                .Select(m => m.Properties.GetProperty("headers").GetProperty("x-trm-rejected").GetString()!));
            return rejected.Count >= 2;
        }, TimeSpan.FromSeconds(15));
        Assert.That(rejected, Is.EquivalentTo(new[] { "sender-mismatch", "misaddressed" }));
        Assert.That(_at.Accepted.Messages.Any(m => m.Message is CrossBorderAccepted a && a.RequestId == requestId), Is.False);
    }
}
