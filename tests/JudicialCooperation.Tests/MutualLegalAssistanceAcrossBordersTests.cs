namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// A mutual legal assistance request between two national nodes' JudicialCooperation services that share nothing but the
/// cross-border exchange (own vhosts with the topology, users and shovels of deploy/rabbitmq/crossborder.sh; own
/// databases): Austria's request reaches Nigeria's judicial inbox (routed on its purpose, not Return's default inbox),
/// is registered there as an incoming request with AT, the request and the message in the audit metadata, and Nigeria's
/// node answers with signed delivery evidence, which reaches Austria's judicial service. A redelivered or replayed
/// copy has no second effect.
/// </summary>
[NonParallelizable]
public class MutualLegalAssistanceAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    private static CrossBorderRequest Mla(Guid caseReference) => new(Guid.NewGuid(), CrossBorderPurposes.MutualLegalAssistance, "AT", "NG", caseReference, false,
        ["mla-video-testimony", "victim-witness"], TransferBases.LegalBasis, "untoc-art-18", HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow);

    [Test]
    public async Task A_mutual_legal_assistance_request_from_a_partner_node_is_registered_in_its_judicial_service_once_with_signed_evidence_back()
    {
        var caseReference = Guid.NewGuid();
        var request = Mla(caseReference);
        var sent = await NodeA.Host.Services.GetRequiredService<CrossBorderSender>().SendAsync(request, "NG", TransferGrounds.OnLegalBasis("untoc-art-18", []), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null, sent.Refusal?.Detail);

        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var registered = await nigeria.WhenFoundAsync("the incoming request in Nigeria's judicial service", $"/api/judicial/requests/{request.RequestId}");
        Assert.That(registered.GetProperty("direction").GetString(), Is.EqualTo("incoming"));
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("mla-video-testimony"));
        Assert.That(registered.GetProperty("jurisdiction").GetString(), Is.EqualTo("NG"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        var person = registered.GetProperty("persons").EnumerateArray().Single();
        Assert.That(person.GetProperty("caseId").GetGuid(), Is.EqualTo(caseReference));
        Assert.That(person.GetProperty("role").GetString(), Is.EqualTo("victim-witness"));

        var history = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{request.RequestId}/history?purpose=audit")).EnumerateArray().ToList();
        Assert.That(history, Has.Count.EqualTo(1));
        Assert.That(history[0].GetProperty("reasons").GetString(), Does.Contain("from AT's node over the cross-border exchange").And.Contain($"message {sent.Sent!.MessageId}"));
        Assert.That(history[0].GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NG"));
        Assert.That(history[0].GetProperty("correlationId").GetString(), Is.EqualTo(request.RequestId.ToString("N")), "the originating request");
        Assert.That(history[0].GetProperty("causationId").GetString(), Is.EqualTo(sent.Sent.MessageId.ToString()), "the message that carried it");

        // Nigeria's node answered with signed evidence; routed on the request's purpose, it reaches Austria's judicial service.
        using var austria = NodeA.Client("FocalPoint", "AT");
        var exchange = await Eventually.GetAsync("Nigeria's delivery evidence in Austria's judicial service", async () =>
        {
            var response = await austria.GetAsync($"/api/judicial/cross-border/requests/{request.RequestId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            return entries.Any(e => e.GetProperty("type").GetString() == "trm.crossborder.delivery-evidence.v1") ? entries : null;
        }, TimeSpan.FromSeconds(30));
        var evidence = exchange.Single(e => e.GetProperty("direction").GetString() == "received");
        Assert.That(evidence.GetProperty("verified").GetBoolean(), Is.True, "signed by Nigeria's node");
        Assert.That(evidence.GetProperty("message").GetProperty("messageId").GetGuid(), Is.EqualTo(sent.Sent.MessageId));
        Assert.That(evidence.GetProperty("message").GetProperty("evidence").GetString(), Is.EqualTo(DeliveryEvidenceKinds.ReceivedByNode));

        // The same signed message again (a redelivery from the link, or a replay): no second effect.
        await using (var link = await new RabbitMQ.Client.ConnectionFactory { Uri = Broker.UserUri($"{Prefix("ng")}-partner-at", BusB.Name) }.CreateConnectionAsync())
        await using (var channel = await link.CreateChannelAsync())
        {
            var properties = new RabbitMQ.Client.BasicProperties
            {
                MessageId = sent.Sent.MessageId.ToString("D"), Type = sent.Sent.Type, ContentType = "application/json", Persistent = true,
                Headers = new Dictionary<string, object?>
                {
                    [CrossBorderEnvelope.FromHeader] = "AT", [CrossBorderEnvelope.ToHeader] = "NG", [CrossBorderEnvelope.SentAtHeader] = sent.Sent.SentAt,
                    [CrossBorderEnvelope.SignatureHeader] = sent.Sent.Signature, [CrossBorderTopology.PurposeHeader] = CrossBorderPurposes.MutualLegalAssistance,
                },
            };
            await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("AT"), "", true, properties, sent.Sent.Body);
        }
        await Eventually.TrueAsync("the copy rejected as replayed", async () => await Broker.MessagesAsync(BusB.Name, CrossBorderTopology.InboxError) == 1, TimeSpan.FromSeconds(20));
        var rejected = (await Broker.DrainAsync(BusB.Name, CrossBorderTopology.InboxError)).Single();
        Assert.That(rejected.Properties.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString(), Is.EqualTo("replayed"));
        Assert.That((await nigeria.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{request.RequestId}/history?purpose=audit")).GetArrayLength(), Is.EqualTo(1), "registered once");
        Assert.That(await Broker.MessagesAsync(BusB.Name, CrossBorderTopology.Inbox), Is.Zero, "nothing went to Return's default inbox");
    }


    [Test]
    public async Task A_request_Austrias_prosecutor_sends_to_Nigeria_leaves_signed_through_the_gates_and_is_registered_in_Nigeria()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        var requestId = await VideoTestimonyRequests.DraftAssessAndSendAsync(prosecutor, urgent: true,
            new { caseId = Guid.NewGuid(), role = "suspect" }, new { caseId = victim, role = "victim-witness" });

        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var registered = await nigeria.WhenFoundAsync("Austria's request registered in Nigeria", $"/api/judicial/requests/{requestId}");
        Assert.That(registered.GetProperty("direction").GetString(), Is.EqualTo("incoming"));
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("mla-video-testimony"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        Assert.That(registered.GetProperty("urgent").GetBoolean(), Is.True);
        var person = registered.GetProperty("persons").EnumerateArray().Single();
        Assert.That(person.GetProperty("caseId").GetGuid(), Is.EqualTo(victim), "the victim-witness is the case reference; the suspect does not cross");
        Assert.That(person.GetProperty("role").GetString(), Is.EqualTo("victim-witness"));

        // What left Austria: signed, on the recorded legal basis, ids and codes only (the reasons stay in its audit trail).
        var ledger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sent = (await ledger.ListAsync(CrossBorderLedger.Sent, "trm.crossborder.request.v1", CancellationToken.None)).Single(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.RequestId == requestId);
        var body = JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        Assert.That(body.Basis, Is.EqualTo(TransferBases.LegalBasis));
        Assert.That(body.LegalBasis, Is.EqualTo("untoc-art-18"));
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Not.Contain("testifies by video"));
        await Eventually.TrueAsync("Nigeria's signed delivery evidence in Austria", async () =>
            (await ledger.ListAsync(CrossBorderLedger.Received, "trm.crossborder.delivery-evidence.v1", CancellationToken.None))
                .Any(e => JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!.MessageId == sent.MessageId), TimeSpan.FromSeconds(30));
    }
}
