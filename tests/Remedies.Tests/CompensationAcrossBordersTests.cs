namespace TransnationalReferral.Remedies.Tests;

/// <summary>
/// Compensation after return between two national nodes' Remedies services that share nothing but the cross-border
/// exchange (own vhosts with the topology, users and shovels of deploy/rabbitmq/crossborder.sh; own databases): Nigeria,
/// where the person now lives, forwards a claim for Austria's state compensation fund to decide; it reaches Austria's
/// Remedies inbox (routed on its purpose, not Return's default inbox) and is filed there as a forwarded claim its focal
/// point sees, with NG, the request and the message in the audit metadata; Austria's node answers with signed delivery
/// evidence, which reaches Nigeria's Remedies service. A replayed copy has no second effect.
/// </summary>
[NonParallelizable]
public class CompensationAcrossBordersTests() : TwoNodeFixture<RemediesCase>("remedies", "AT", "NG")
{
    [Test]
    public async Task A_claim_forwarded_by_a_partner_node_is_filed_once_in_the_deciding_states_remedies_service_with_signed_evidence_back()
    {
        var caseReference = Guid.NewGuid();
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.Compensation, "NG", "AT", caseReference, false,
            ["state-compensation-fund", "deciding-body:at-verbrechensopfergesetz"], TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(60), DateTimeOffset.UtcNow);
        var sent = await NodeB.Host.Services.GetRequiredService<CrossBorderSender>().SendAsync(request, "AT", TransferGrounds.OnConsent(["AT"], []), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null, sent.Refusal?.Detail);

        using var austria = NodeA.Client("FocalPoint", "AT");
        var file = await austria.WhenFoundAsync("the forwarded claim in Austria's Remedies service", $"/api/remedies/cases/{caseReference}");
        Assert.That(file.GetProperty("jurisdiction").GetString(), Is.EqualTo("AT"));
        var claim = file.GetProperty("claims").EnumerateArray().Single();
        Assert.That(claim.GetProperty("claimId").GetGuid(), Is.EqualTo(request.RequestId));
        Assert.That(claim.GetProperty("type").GetString(), Is.EqualTo("state-compensation-fund"));
        Assert.That(claim.GetProperty("stage").GetString(), Is.EqualTo("filed"));
        Assert.That(claim.GetProperty("decidingJurisdiction").GetString(), Is.EqualTo("AT"));
        Assert.That(claim.GetProperty("decidingBody").GetString(), Is.EqualTo("at-verbrechensopfergesetz"));
        Assert.That(claim.GetProperty("forwardedBy").GetString(), Is.EqualTo("NG"));
        Assert.That(claim.GetProperty("decisionDueBy").ValueKind, Is.EqualTo(JsonValueKind.String));

        var history = (await austria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseReference}/history?purpose=audit")).EnumerateArray().ToList();
        Assert.That(history, Has.Count.EqualTo(1));
        Assert.That(history[0].GetProperty("decision").GetString(), Is.EqualTo("forwarded_claim_received"));
        Assert.That(history[0].GetProperty("reasons").GetString(), Does.Contain("forwarded by NG's node over the cross-border exchange").And.Contain($"message {sent.Sent!.MessageId}"));
        Assert.That(history[0].GetProperty("actorJurisdiction").GetString(), Is.EqualTo("AT"));
        Assert.That(history[0].GetProperty("correlationId").GetString(), Is.EqualTo(request.RequestId.ToString("N")), "the originating request");
        Assert.That(history[0].GetProperty("causationId").GetString(), Is.EqualTo(sent.Sent.MessageId.ToString()), "the message that carried it");

        // Austria's node answered with signed evidence; routed on the request's purpose, it reaches Nigeria's Remedies service.
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var exchange = await Eventually.GetAsync("Austria's delivery evidence in Nigeria's Remedies service", async () =>
        {
            var response = await nigeria.GetAsync($"/api/remedies/cross-border/requests/{request.RequestId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var entries = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            return entries.Any(e => e.GetProperty("type").GetString() == "trm.crossborder.delivery-evidence.v1") ? entries : null;
        }, TimeSpan.FromSeconds(30));
        var evidence = exchange.Single(e => e.GetProperty("direction").GetString() == "received");
        Assert.That(evidence.GetProperty("verified").GetBoolean(), Is.True, "signed by Austria's node");
        Assert.That(evidence.GetProperty("message").GetProperty("messageId").GetGuid(), Is.EqualTo(sent.Sent.MessageId));

        // The same signed message again (a replay): no second effect.
        await using (var link = await new RabbitMQ.Client.ConnectionFactory { Uri = Broker.UserUri($"{Prefix("at")}-partner-ng", BusA.Name) }.CreateConnectionAsync())
        await using (var channel = await link.CreateChannelAsync())
        {
            var properties = new RabbitMQ.Client.BasicProperties
            {
                MessageId = sent.Sent.MessageId.ToString("D"), Type = sent.Sent.Type, ContentType = "application/json", Persistent = true,
                Headers = new Dictionary<string, object?>
                {
                    [CrossBorderEnvelope.FromHeader] = "NG", [CrossBorderEnvelope.ToHeader] = "AT", [CrossBorderEnvelope.SentAtHeader] = sent.Sent.SentAt,
                    [CrossBorderEnvelope.SignatureHeader] = sent.Sent.Signature, [CrossBorderTopology.PurposeHeader] = CrossBorderPurposes.Compensation,
                },
            };
            await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("NG"), "", true, properties, sent.Sent.Body);
        }
        await Eventually.TrueAsync("the copy rejected as replayed", async () => await Broker.MessagesAsync(BusA.Name, CrossBorderTopology.InboxError) == 1, TimeSpan.FromSeconds(20));
        var rejected = (await Broker.DrainAsync(BusA.Name, CrossBorderTopology.InboxError)).Single();
        Assert.That(rejected.Properties.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString(), Is.EqualTo("replayed"));
        Assert.That((await austria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseReference}/history?purpose=audit")).GetArrayLength(), Is.EqualTo(1), "filed once");
        Assert.That(await Broker.MessagesAsync(BusA.Name, CrossBorderTopology.Inbox), Is.Zero, "nothing went to Return's default inbox");

        // Another country's focal point does not see Austria's file.
        using var otherCountry = NodeA.Client("FocalPoint", "BE");
        Assert.That((await otherCountry.GetAsync($"/api/remedies/cases/{caseReference}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
