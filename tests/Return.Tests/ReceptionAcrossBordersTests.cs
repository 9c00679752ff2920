using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A reception request between two national nodes that share nothing but the cross-border exchange: the Netherlands'
/// Return service and Romania's, each on its own RabbitMQ vhost (with the topology, users and shovels of
/// deploy/rabbitmq/crossborder.sh) and its own database. The request leaves NL through the gates, signed; RO's node
/// verifies it, opens the incoming return with NL and the message recorded in the audit trail, and answers with signed
/// delivery evidence; RO's focal point's acknowledgement (evidence), arrangements (outcome) and the arrival (update)
/// come back signed and move NL's return to its close.
/// </summary>
public abstract class TwoReturnNodes() : TwoNodeFixture<ReturnCase>("return", "NL", "RO")
{
    protected HostedService<ReturnCase> _nl => NodeA;
    protected HostedService<ReturnCase> _ro => NodeB;

    protected override IReadOnlyDictionary<string, string?> BothSettings => new Dictionary<string, string?> { ["Return:MinimumReflectionDays"] = "0" };

    protected static Task<HttpResponseMessage> Ok(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.OK) => client.DecideAsync(path, body, path[..path.LastIndexOf('/')], expected);

    /// <summary>The Netherlands: a case with consent to transfer to Romania, a return prepared through its gates, and the reception requested.</summary>
    /// <param name="beforeReception">What else is recorded on the case (its path given) before the reception is requested.</param>
    protected async Task<(Guid CaseId, Guid RequestId)> RequestReceptionAsync(HttpClient netherlands, Func<string, Task>? beforeReception = null)
    {
        var caseId = Guid.NewGuid();
        var bus = _nl.Host.Services.GetRequiredService<IBus>();
        await bus.Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"), c => c.MessageId = NewId.NextGuid());
        await bus.Publish(new ConsentRecorded(caseId, Guid.NewGuid(), "cross-border-transfer", [], ["RO"], "person", DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        var nl = $"/api/return/cases/{caseId}";
        await Eventually.TrueAsync("the return file with the transfer consent", async () =>
        {
            var response = await netherlands.GetAsync(nl);
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferConsents").ValueKind == JsonValueKind.Array;
        }, TimeSpan.FromSeconds(20));
        await Ok(netherlands, $"{nl}/return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Wants to go home" });
        await Ok(netherlands, $"{nl}/return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        await Ok(netherlands, $"{nl}/return-consent", new { givenBy = "person" });
        await Ok(netherlands, $"{nl}/return-risk-assessments", new { level = "low", factors = Array.Empty<string>(), mitigations = new[] { "met-at-arrival" }, mitigationAccepted = true, receptionCapacity = "available", reasons = "ANITP assessment" });
        if (beforeReception is not null) await beforeReception(nl);
        var (requestId, _) = await Ok(netherlands, $"{nl}/reception-request", new { }, HttpStatusCode.Created).CreatedAsync("requestId");
        Assert.That((await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("requestId").GetGuid(), Is.EqualTo(requestId));

        return (caseId, requestId);
    }

    /// <summary>Romania's node lists the incoming request: only the cross-border exchange connects the two vhosts.</summary>
    protected static Task ArrivesInRomaniaAsync(HttpClient romania, Guid caseId, Guid requestId) =>
        Eventually.TrueAsync("the reception request in Romania", async () =>
            (await romania.GetFromJsonAsync<JsonElement>("/api/return/incoming?stage=received")).EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == requestId && r.GetProperty("caseId").GetGuid() == caseId),
            TimeSpan.FromSeconds(30));
}

/// <summary>A whole return between the two nodes, every answer signed and verified.</summary>
[NonParallelizable]
public class ReceptionAcrossBordersTests : TwoReturnNodes
{
    [Test]
    public async Task A_return_runs_between_two_nodes_linked_only_by_the_cross_border_exchange()
    {
        using var netherlands = _nl.Client("FocalPoint", "NL");
        using var romania = _ro.Client("FocalPoint", "RO");
        var (caseId, requestId) = await RequestReceptionAsync(netherlands);
        var nl = $"/api/return/cases/{caseId}";

        // Romania's node: only the cross-border exchange connects the two vhosts, so this came through the gate and the shovel.
        await Eventually.TrueAsync("the reception request in Romania", async () =>
            (await romania.GetFromJsonAsync<JsonElement>("/api/return/incoming?stage=received")).EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == requestId && r.GetProperty("caseId").GetGuid() == caseId),
            TimeSpan.FromSeconds(30));
        var history = (await romania.GetFromJsonAsync<JsonElement>($"/api/return/incoming/{requestId}/history?purpose=return-and-reintegration")).EnumerateArray().ToList();
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[] { "reception_request_received" }));
        Assert.That(history[0].GetProperty("reasons").GetString(), Does.Contain("from NL's node over the cross-border exchange").And.Contain("signature verified"));
        Assert.That(history[0].GetProperty("actorJurisdiction").GetString(), Is.EqualTo("RO"));
        Assert.That(history[0].GetProperty("correlationId").GetString(), Is.EqualTo(requestId.ToString("N")), "the originating request");

        // The Netherlands keeps Romania's signed evidence of delivery for the request.
        var ledger = _nl.Host.Services.GetRequiredService<CrossBorderLedger>();
        var evidence = await Eventually.GetAsync("Romania's delivery evidence in NL", async () =>
            (await ledger.ListAsync(CrossBorderLedger.Received, "trm.crossborder.delivery-evidence.v1", CancellationToken.None))
                .Select(e => JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!)
                .FirstOrDefault(e => e.RequestId == requestId), TimeSpan.FromSeconds(20));
        Assert.That(evidence.ByJurisdiction, Is.EqualTo("RO"));
        Assert.That(evidence.Evidence, Is.EqualTo(DeliveryEvidenceKinds.ReceivedByNode));
        var sent = (await ledger.ListAsync(CrossBorderLedger.Sent, "trm.crossborder.request.v1", CancellationToken.None)).Single(e => e.MessageId == evidence.MessageId);
        Assert.That(evidence.MessageDigest, Is.EqualTo(sent.BodyDigest));
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Not.Contain("Wants to go home").And.Not.Contain("ANITP"), "reasons stay in the audit trail");

        // Romania's focal point acknowledges: signed evidence goes back and the Netherlands' return is acknowledged.
        await Ok(romania, $"/api/return/incoming/{requestId}/acknowledgement", new { });
        await Eventually.TrueAsync("the acknowledgement in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("acknowledgedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        var acknowledged = (await netherlands.GetFromJsonAsync<JsonElement>($"{nl}/history?purpose=return-and-reintegration")).EnumerateArray()
            .Single(h => h.GetProperty("decision").GetString() == "reception_acknowledged");
        Assert.That(acknowledged.GetProperty("reasons").GetString(), Does.Contain("Acknowledged by RO's focal point: signed delivery evidence"));
        var kept = (await ledger.ListAsync(CrossBorderLedger.Received, "trm.crossborder.delivery-evidence.v1", CancellationToken.None))
            .Select(e => JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!).Where(e => e.RequestId == requestId).Select(e => e.Evidence);
        Assert.That(kept, Is.EquivalentTo(new[] { DeliveryEvidenceKinds.ReceivedByNode, DeliveryEvidenceKinds.AcknowledgedByFocalPoint }));

        // Romania arranges the reception (a signed outcome); the Netherlands lets the person depart; Romania confirms the arrival (a signed update).
        var ro = $"/api/return/incoming/{requestId}";
        await Ok(romania, $"{ro}/reception-arrangements", new { metBy = "ro-anitp-iasi", shelterOnArrival = true, onwardTransport = false, reasons = "Met at Iasi airport" });
        await Eventually.TrueAsync("the arrangements in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        var reception = (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception");
        Assert.That(reception.GetProperty("metBy").GetString(), Is.EqualTo("ro-anitp-iasi"));
        Assert.That(reception.GetProperty("shelterOnArrival").GetBoolean(), Is.True);
        Assert.That(reception.GetProperty("onwardTransport").GetBoolean(), Is.False);
        await Ok(netherlands, $"{nl}/travel-documents", new { issuedBy = "ro-consulate-hague" });
        await Ok(netherlands, $"{nl}/departure", new { });
        await Ok(romania, $"{ro}/arrival", new { });
        await Eventually.TrueAsync("the arrival in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("stage").GetString() == "arrived", TimeSpan.FromSeconds(30));
        await Ok(netherlands, $"{nl}/return-closure", new { outcome = "returned", reasons = "Arrival confirmed by ANITP" });

        var decisions = (await netherlands.GetFromJsonAsync<JsonElement>($"{nl}/history?purpose=return-and-reintegration")).EnumerateArray()
            .Select(h => (Decision: h.GetProperty("decision").GetString(), Reasons: h.GetProperty("reasons").GetString())).ToList();
        Assert.That(decisions.Select(d => d.Decision), Is.SupersetOf(new[] { "reception_requested", "reception_acknowledged", "reception_arranged", "return_departed", "arrival_confirmed", "return_closed" }));
        Assert.That(decisions.Single(d => d.Decision == "reception_arranged").Reasons, Does.Contain("Reception arranged by RO's focal point (signed outcome)"));
        Assert.That(decisions.Single(d => d.Decision == "arrival_confirmed").Reasons, Does.Contain("Arrival confirmed by RO's focal point (signed update)"));
        Assert.That(await Broker.MessagesAsync(BusA.Name, CrossBorderTopology.InboxError) + await Broker.MessagesAsync(BusB.Name, CrossBorderTopology.InboxError), Is.Zero, "nothing rejected on either side");

        // The Netherlands' focal point sees the exchange about the request, every partner signature verified again.
        var exchange = (await netherlands.GetFromJsonAsync<JsonElement>($"/api/return/cross-border/requests/{requestId}")).EnumerateArray().ToList();
        Assert.That(exchange.Select(m => $"{m.GetProperty("direction").GetString()} {m.GetProperty("type").GetString()}"), Is.EquivalentTo(new[]
        {
            "sent trm.crossborder.request.v1", "received trm.crossborder.delivery-evidence.v1", "received trm.crossborder.delivery-evidence.v1",
            "received trm.crossborder.outcome.v1", "received trm.crossborder.update.v1",
        }));
        Assert.That(exchange.Where(m => m.GetProperty("direction").GetString() == "received").Select(m => m.GetProperty("verified").GetBoolean()), Is.All.True);
        using (var otherCountry = _nl.Client("FocalPoint", "BE"))
            Assert.That((await otherCountry.GetAsync($"/api/return/cross-border/requests/{requestId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var caseWorker = _nl.Client("CaseWorker", "NL"))
            Assert.That((await caseWorker.GetAsync($"/api/return/cross-border/requests/{requestId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}

/// <summary>Romania does not answer in time (a response time of a few seconds here): the Netherlands' return notes the reception request overdue, once; a late answer still counts.</summary>
[NonParallelizable]
public class ReceptionOverdueAcrossBordersTests : TwoReturnNodes
{
    protected override IReadOnlyDictionary<string, string?> NodeASettings => PartnerAnswersWithin("Return:ReceptionResponseDays:RO");

    [Test]
    public async Task A_reception_request_Romania_does_not_answer_in_time_is_noted_overdue_on_the_return_once()
    {
        using var netherlands = _nl.Client("FocalPoint", "NL");
        using var romania = _ro.Client("FocalPoint", "RO");
        var (caseId, requestId) = await RequestReceptionAsync(netherlands);
        var nl = $"/api/return/cases/{caseId}";
        await ArrivesInRomaniaAsync(romania, caseId, requestId);
        await Ok(romania, $"/api/return/incoming/{requestId}/acknowledgement", new { });   // evidence, not an answer

        await Eventually.TrueAsync("the reception request overdue in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("overdueSince").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        var history = (await netherlands.GetFromJsonAsync<JsonElement>($"{nl}/history?purpose=return-and-reintegration")).EnumerateArray().ToList();
        var overdue = history.Where(h => h.GetProperty("decision").GetString() == "reception_request_overdue").ToList();
        Assert.That(overdue, Has.Count.EqualTo(1), "noted once");
        Assert.That(overdue[0].GetProperty("reasons").GetString(), Does.Contain("No answer from RO's focal point"));
        Assert.That(overdue[0].GetProperty("actorId").GetString(), Is.EqualTo("system:return"));

        // A late answer still counts.
        await Ok(romania, $"/api/return/incoming/{requestId}/reception-arrangements", new { metBy = "ro-anitp-iasi", shelterOnArrival = true, onwardTransport = true });
        await Eventually.TrueAsync("the late arrangements in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
    }
}
