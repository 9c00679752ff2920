using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.ServiceDefaults.CrossBorder;

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
public class MutualLegalAssistanceAcrossBordersTests
{
    private CrossBorderNodes<JudicialRequest> _nodes = null!;
    private BrokerAdmin _broker => _nodes.Broker;
    private TestVirtualHost _atBus => _nodes.BusA;
    private TestVirtualHost _ngBus => _nodes.BusB;
    private HostedService<JudicialRequest> _at => _nodes.NodeA;
    private HostedService<JudicialRequest> _ng => _nodes.NodeB;
    private string Prefix(string iso) => _nodes.Prefix(iso);

    [OneTimeSetUp]
    public async Task Start() => _nodes = await CrossBorderNodes<JudicialRequest>.StartAsync("judicial", "AT", "NG");

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    private static CrossBorderRequest Mla(Guid caseReference) => new(Guid.NewGuid(), CrossBorderPurposes.MutualLegalAssistance, "AT", "NG", caseReference, false,
        ["mla-video-testimony", "victim-witness"], TransferBases.LegalBasis, "untoc-art-18", HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow);

    [Test]
    public async Task A_mutual_legal_assistance_request_from_a_partner_node_is_registered_in_its_judicial_service_once_with_signed_evidence_back()
    {
        var caseReference = Guid.NewGuid();
        var request = Mla(caseReference);
        var sent = await _at.Host.Services.GetRequiredService<CrossBorderSender>().SendAsync(request, "NG", TransferGrounds.OnLegalBasis("untoc-art-18", []), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null, sent.Refusal?.Detail);

        using var nigeria = _ng.Client("FocalPoint", "NG");
        var found = await Eventually.GetAsync("the incoming request in Nigeria's judicial service", async () =>
        {
            var response = await nigeria.GetAsync($"/api/judicial/requests/{request.RequestId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(30));
        var registered = JsonDocument.Parse(found).RootElement;
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
        using var austria = _at.Client("FocalPoint", "AT");
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
        await using (var link = await new RabbitMQ.Client.ConnectionFactory { Uri = _broker.UserUri($"{Prefix("ng")}-partner-at", _ngBus.Name) }.CreateConnectionAsync())
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
        await Eventually.TrueAsync("the copy rejected as replayed", async () => await _broker.MessagesAsync(_ngBus.Name, CrossBorderTopology.InboxError) == 1, TimeSpan.FromSeconds(20));
        var rejected = (await _broker.DrainAsync(_ngBus.Name, CrossBorderTopology.InboxError)).Single();
        Assert.That(rejected.Properties.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString(), Is.EqualTo("replayed"));
        Assert.That((await nigeria.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{request.RequestId}/history?purpose=audit")).GetArrayLength(), Is.EqualTo(1), "registered once");
        Assert.That(await _broker.MessagesAsync(_ngBus.Name, CrossBorderTopology.Inbox), Is.Zero, "nothing went to Return's default inbox");
    }

    private static async Task Ok(HttpClient client, string path, object body)
    {
        var current = await client.GetAsync(path[..path.LastIndexOf('/')]);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(current.Headers.ETag!.Tag));
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    [Test]
    public async Task A_request_Austrias_prosecutor_sends_to_Nigeria_leaves_signed_through_the_gates_and_is_registered_in_Nigeria()
    {
        using var prosecutor = _at.Client("JudicialOfficer", "AT");
        var victim = await KnownCases.OpenAsync(_at, "AT");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "NG", urgent = true,
            persons = new object[] { new { caseId = Guid.NewGuid(), role = "suspect" }, new { caseId = victim, role = "victim-witness" } },
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        await Ok(prosecutor, $"/api/judicial/requests/{requestId}/victim-impact-assessment",
            new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Returned to Nigeria; testifies by video." });
        await Ok(prosecutor, $"/api/judicial/requests/{requestId}/sending", new { });

        using var nigeria = _ng.Client("FocalPoint", "NG");
        var found = await Eventually.GetAsync("Austria's request registered in Nigeria", async () =>
        {
            var response = await nigeria.GetAsync($"/api/judicial/requests/{requestId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(30));
        var registered = JsonDocument.Parse(found).RootElement;
        Assert.That(registered.GetProperty("direction").GetString(), Is.EqualTo("incoming"));
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("mla-video-testimony"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        Assert.That(registered.GetProperty("urgent").GetBoolean(), Is.True);
        var person = registered.GetProperty("persons").EnumerateArray().Single();
        Assert.That(person.GetProperty("caseId").GetGuid(), Is.EqualTo(victim), "the victim-witness is the case reference; the suspect does not cross");
        Assert.That(person.GetProperty("role").GetString(), Is.EqualTo("victim-witness"));

        // What left Austria: signed, on the recorded legal basis, ids and codes only (the reasons stay in its audit trail).
        var ledger = _at.Host.Services.GetRequiredService<CrossBorderLedger>();
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
