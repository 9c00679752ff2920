using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// Attachments redacted before they cross a border, between two nodes that share nothing but the exchange (Austria and
/// Nigeria): Austria's request with an unredacted witness statement carrying the victim's personal data is refused when
/// the prosecutor sends it, and a request that reaches the border anyway (the bus event alone) is refused there — nothing
/// leaves. With the statement's redacted version recorded, the request is sent and arrives in Nigeria carrying only the
/// redacted version's reference, which Nigeria's judicial service records on the incoming request (never content).
/// </summary>
[NonParallelizable]
public class AttachmentsAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    private const string Statement = "AT-STA-2026-17/witness-statement", RedactedStatement = "AT-STA-2026-17/witness-statement-redacted";

    [Test]
    public async Task A_request_with_an_unredacted_attachment_is_refused_at_the_border_and_with_its_redacted_version_arrives_carrying_only_that_reference()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-video-testimony", counterpartJurisdiction = "NG", urgent = false,
            persons = new[] { new { caseId = victim, role = "victim-witness" } } });
        var (requestId, request) = await drafted.CreatedAsync("requestId");
        await prosecutor.DecideAsync($"{request}/victim-impact-assessment",
            new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Testifies by video." }, request);
        var (_, attachment) = await prosecutor.CreatesAddressableAsync($"{request}/attachments",
            new { reference = Statement, classification = "confidential", handling = "purpose-only", containsVictimPersonalData = true, legalBasis = "Directive (EU) 2016/680 art. 9" },
            "attachmentId", read: request);

        // Unredacted, with the victim's personal data and no legal basis for the full version: the prosecutor cannot send it to a partner node.
        var refused = await prosecutor.DecideAsync($"{request}/sending", new { }, request, HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("attachment-unredacted-personal-data"));
        Assert.That((await prosecutor.GetFromJsonAsync<JsonElement>(request)).GetProperty("stage").GetString(), Is.EqualTo("drafted"));

        // At the border: a request the node's bus says was sent with that attachment does not cross either.
        var slipped = Guid.NewGuid();
        await NodeA.Host.Services.GetRequiredService<IBus>().Publish(new Contract.JudicialRequestSent(slipped, "mla-video-testimony", "AT", "NG", false, DateTimeOffset.UtcNow.AddDays(90),
            [new Contract.PersonConcerned(victim, "victim-witness")], [new Contract.AttachmentReference(Guid.NewGuid(), Statement, "confidential", "purpose-only", true)], DateTimeOffset.UtcNow));
        var faults = await Eventually.GetAsync("the request refused at the border, in the crossing's error queue", async () =>
        {
            var queue = await ErrorQueueAsync("mutual-legal-assistance-crossing-border_error");
            return queue is null ? null : await Broker.DrainAsync(BusA.Name, queue) is { Count: > 0 } drained ? drained : null;
        }, TimeSpan.FromSeconds(30));
        Assert.That(faults.Single().Properties.ToString(), Does.Contain("attachment-unredacted-personal-data").And.Contain(slipped.ToString()), "the fault names the rule and the request");
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        Assert.That((await nigeria.GetAsync($"/api/judicial/requests/{slipped}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing reached Nigeria");

        // The redacted version recorded: the request is sent and crosses with that version's reference only.
        await prosecutor.DecideAsync($"{attachment}/redaction", new { redactedReference = RedactedStatement, removed = new[] { "names", "addresses", "contact-details" } }, request);
        await prosecutor.DecideAsync($"{request}/sending", new { }, request);

        var registered = await nigeria.WhenFoundAsync("Austria's request registered in Nigeria", $"/api/judicial/requests/{requestId}");
        var received = registered.GetProperty("attachments").EnumerateArray().Single();
        Assert.That(received.GetProperty("reference").GetString(), Is.EqualTo(RedactedStatement));
        Assert.That(received.GetProperty("redactionState").GetString(), Is.EqualTo("redacted"));
        Assert.That(received.GetProperty("classification").GetString(), Is.EqualTo("confidential"));
        Assert.That(received.GetProperty("handling").GetString(), Is.EqualTo("purpose-only"));
        Assert.That(received.GetProperty("redacted").GetProperty("redactedBy").GetString(), Is.EqualTo("node:AT"), "redacted by the requesting node");
        Assert.That(registered.GetRawText(), Does.Not.Contain($"\"{Statement}\""), "the original's reference never reached Nigeria");
        var receivedAttachment = $"/api/judicial/requests/{requestId}/attachments/{received.GetProperty("attachmentId").GetGuid()}";
        Assert.That((await nigeria.GetFromJsonAsync<JsonElement>(receivedAttachment)).GetProperty("reference").GetString(), Is.EqualTo(RedactedStatement));

        // What left Austria, as signed: the redacted reference, no content, not the original's reference.
        var ledger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sent = (await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None))
            .Single(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.RequestId == requestId);
        var body = JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        Assert.That(body.Attachments!.Single(), Is.EqualTo(new CrossBorderAttachment(RedactedStatement, "confidential", "purpose-only", RedactionStates.Redacted, true)));
        Assert.That(Encoding.UTF8.GetString(sent.Body), Does.Not.Contain($"\"{Statement}\""));
    }
}
