using Marten;
using TransnationalReferral.ServiceDefaults.EventStore;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// The answers to a mutual legal assistance request travel back across the border: Austria's prosecutor sends a
/// video-testimony request to Nigeria (two nodes that share nothing but the exchange); Nigeria's focal point
/// acknowledges it, starts execution, records the testimony held and completes it, and each decision reaches
/// Austria's request signed and is applied once (a repeated answer changes nothing); a second request refused by
/// Nigeria shows refused, with its grounds, in Austria. A request Nigeria heard only on its own bus sends nothing back.
/// </summary>
[NonParallelizable]
public class MutualLegalAssistanceAnswersAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    private static Task Ok(HttpClient client, string path, object body) => client.DecideAsync(path, body, JudicialApiTests.RequestOf(path));

    /// <summary>Austria's prosecutor drafts, assesses and sends a video-testimony request to Nigeria; it is registered there.</summary>
    private async Task<(Guid RequestId, Guid Victim)> SendFromAustriaAsync()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        var requestId = await VideoTestimonyRequests.DraftAssessAndSendAsync(prosecutor, urgent: false, new { caseId = victim, role = "victim-witness" });
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        await Eventually.TrueAsync("Austria's request registered in Nigeria", async () => (await nigeria.GetAsync($"/api/judicial/requests/{requestId}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30));
        return (requestId, victim);
    }

    private async Task<JsonElement> InAustriaAsync(string what, Guid requestId, Func<JsonElement, bool> shows)
    {
        using var austria = NodeA.Client("FocalPoint", "AT");
        var found = await Eventually.GetAsync(what, async () =>
        {
            var body = await austria.GetStringAsync($"/api/judicial/requests/{requestId}");
            return shows(JsonDocument.Parse(body).RootElement) ? body : null;
        }, TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(found).RootElement;
    }

    private async Task<List<JsonElement>> AustriasHistoryAsync(Guid requestId)
    {
        using var austria = NodeA.Client("FocalPoint", "AT");
        return (await austria.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{requestId}/history?purpose=audit")).EnumerateArray().ToList();
    }

    [Test]
    public async Task Nigerias_acknowledgement_execution_testimony_and_completion_reach_Austrias_request_signed_each_once()
    {
        var (requestId, victim) = await SendFromAustriaAsync();
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var path = $"/api/judicial/requests/{requestId}";

        await Ok(nigeria, $"{path}/acknowledgement", new { });
        await InAustriaAsync("acknowledged in Austria", requestId, r => r.GetProperty("stage").GetString() == "acknowledged");

        await Ok(nigeria, $"{path}/victim-impact-assessment", new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Testifies from Lagos." });
        await Ok(nigeria, $"{path}/execution", new { });
        await InAustriaAsync("under execution in Austria", requestId, r => r.GetProperty("stage").GetString() == "under-execution");

        await Ok(nigeria, $"{path}/testimonies", new { caseId = victim, modality = "video-conference", scheduledFor = DateTimeOffset.UtcNow.AddDays(3) });
        await Ok(nigeria, $"{path}/testimonies/held", new { caseId = victim });
        var held = await InAustriaAsync("the testimony held in Austria", requestId, r =>
            r.TryGetProperty("testimonies", out var t) && t.ValueKind == JsonValueKind.Array && t.EnumerateArray().Any(x => x.GetProperty("heldAt").ValueKind != JsonValueKind.Null));
        var testimony = held.GetProperty("testimonies").EnumerateArray().Single();
        Assert.That(testimony.GetProperty("caseId").GetGuid(), Is.EqualTo(victim), "the victim-witness the request named");
        Assert.That(testimony.GetProperty("modality").GetString(), Is.EqualTo("video-conference"));

        await Ok(nigeria, $"{path}/completion", new { partially = false, reasons = "Testimony taken by video link and transmitted." });
        var executed = await InAustriaAsync("executed in Austria", requestId, r => r.GetProperty("stage").GetString() == "executed");
        Assert.That(executed.GetProperty("direction").GetString(), Is.EqualTo("outgoing"));

        // Each answer once, from Nigeria's node over the exchange, with the message that carried it.
        var ledger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var received = (await ledger.ListForRequestAsync(requestId, CancellationToken.None)).Where(e => e.Direction == CrossBorderLedger.Received).ToList();
        var history = await AustriasHistoryAsync(requestId);
        var answers = history.Where(h => (h.GetProperty("reasons").GetString() ?? "").Contains("over the cross-border exchange")).ToList();
        Assert.That(answers.Select(a => a.GetProperty("reasons").GetString()).ToList(), Has.Count.EqualTo(4)
            .And.Some.StartsWith("Acknowledged by NG's focal point").And.Some.StartsWith("Execution started by NG")
            .And.Some.StartsWith("Testimony by video conference held in NG").And.Some.StartsWith("Request executed by NG"));
        foreach (var answer in answers)
        {
            var causation = Guid.Parse(answer.GetProperty("causationId").GetString()!);
            var carried = received.Single(e => e.MessageId == causation);
            Assert.That(carried.Counterpart, Is.EqualTo("NG"));
            Assert.That(answer.GetProperty("reasons").GetString(), Does.Contain($"message {causation}").And.Contain("from NG's node"));
            Assert.That(answer.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("AT"));
            Assert.That(answer.GetProperty("correlationId").GetString(), Is.EqualTo(requestId.ToString("N")));
        }
        Assert.That(received.Select(e => e.Type), Is.SupersetOf(new[] { "trm.crossborder.accepted.v1", "trm.crossborder.update.v1", "trm.crossborder.outcome.v1" }));

        // Repeated answers: the acknowledgement is not sent twice; a fresh signed copy of an answer changes nothing.
        var ngSender = NodeB.Host.Services.GetRequiredService<CrossBorderSender>();
        var ngLedger = NodeB.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sentAcks = (await ngLedger.ListForRequestAsync(requestId, CancellationToken.None))
            .Where(e => e.Direction == CrossBorderLedger.Sent && e.Type == "trm.crossborder.delivery-evidence.v1"
                && JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!.Evidence == DeliveryEvidenceKinds.AcknowledgedByFocalPoint).ToList();
        Assert.That(sentAcks, Has.Count.EqualTo(1));
        Assert.That((await ngSender.AcknowledgeAsync(requestId, CancellationToken.None))!.Sent!.MessageId, Is.EqualTo(sentAcks[0].MessageId), "acknowledged once");
        var again = await ngSender.ReplyAsync(requestId, _ => new CrossBorderUpdate(requestId, "NG", 1, "video-testimony-held", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.That(again!.Refusal, Is.Null);
        await Eventually.TrueAsync("the repeated update accepted by Austria's node", async () =>
            await ledger.FindAsync(CrossBorderLedger.Received, "NG", again.Sent!.MessageId, CancellationToken.None) is not null, TimeSpan.FromSeconds(30));
        Assert.That(await AustriasHistoryAsync(requestId), Has.Count.EqualTo(history.Count), "no second effect");
    }

    [Test]
    public async Task A_request_Nigeria_refuses_shows_refused_with_its_grounds_in_Austria()
    {
        var (requestId, _) = await SendFromAustriaAsync();
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        await Ok(nigeria, $"/api/judicial/requests/{requestId}/refusal", new { grounds = "dual-criminality", reasons = "The conduct is not an offence here as described." });

        var refused = await InAustriaAsync("refused in Austria", requestId, r => r.GetProperty("stage").GetString() == "refused");
        Assert.That(refused.GetProperty("refusal").GetString(), Is.EqualTo("dual-criminality"));
        var answer = (await AustriasHistoryAsync(requestId)).Single(h => (h.GetProperty("reasons").GetString() ?? "").Contains("over the cross-border exchange"));
        Assert.That(answer.GetProperty("reasons").GetString(), Does.StartWith("Refused by NG on the grounds 'dual-criminality'"));
        var declined = (await NodeA.Host.Services.GetRequiredService<CrossBorderLedger>().ListForRequestAsync(requestId, CancellationToken.None)).Single(e => e.Type == "trm.crossborder.declined.v1");
        Assert.That(JsonSerializer.Deserialize<CrossBorderDeclined>(declined.Body, CrossBorderJson.Options)!.ReasonCode, Is.EqualTo(DeclineReasons.DualCriminality));
        Assert.That(System.Text.Encoding.UTF8.GetString(declined.Body), Does.Not.Contain("not an offence"), "the reasons stay in Nigeria's audit trail");
    }

    [Test]
    public async Task A_request_Nigeria_heard_only_on_its_own_bus_sends_no_answer_across()
    {
        var store = NodeB.Host.Services.GetRequiredService<IDocumentStore>();
        async Task<(int, int)> Heard()
        {
            await using var session = store.QuerySession();
            return (await session.Query<ProcessedMessage>().CountAsync(p => p.Consumer == "MlaAcknowledgementCrossingBorder"),
                await session.Query<ProcessedMessage>().CountAsync(p => p.Consumer == "MlaRefusalCrossingBorder"));
        }
        var before = await Heard();
        var requestId = Guid.NewGuid();
        await NodeB.Host.Services.GetRequiredService<IBus>().Publish(new Contract.JudicialRequestSent(requestId, "mla-records", "AT", "NG", false, DateTimeOffset.UtcNow.AddDays(30),
            [new Contract.PersonConcerned(Guid.NewGuid(), "suspect")], [], DateTimeOffset.UtcNow));
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        await Eventually.TrueAsync("the bus-only request registered in Nigeria", async () => (await nigeria.GetAsync($"/api/judicial/requests/{requestId}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30));
        await Ok(nigeria, $"/api/judicial/requests/{requestId}/acknowledgement", new { });
        await Ok(nigeria, $"/api/judicial/requests/{requestId}/refusal", new { grounds = "other", reasons = "Not ours." });

        await Eventually.TrueAsync("Nigeria's cross-border answer consumers heard both decisions", async () =>
        {
            var (acknowledgements, refusals) = await Heard();
            return acknowledgements > before.Item1 && refusals > before.Item2;
        }, TimeSpan.FromSeconds(30));
        Assert.That(await NodeB.Host.Services.GetRequiredService<CrossBorderLedger>().ListForRequestAsync(requestId, CancellationToken.None), Is.Empty, "nothing crossed the border");
    }
}
