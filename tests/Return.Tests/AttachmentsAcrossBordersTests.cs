namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A reception request about a case with documents, between two nodes linked only by the cross-border exchange: it refers
/// only to the documents that may cross — the travel document by its redacted version's reference; the unredacted risk
/// assessment with the person's personal data and the national-only note stay in the Netherlands — and Romania's node
/// records the references it received (in its ledger, signed), never content.
/// </summary>
[NonParallelizable]
public class AttachmentsAcrossBordersTests : TwoReturnNodes
{
    [Test]
    public async Task A_reception_request_refers_only_to_the_documents_that_may_cross_and_Romania_receives_the_redacted_reference()
    {
        using var netherlands = _nl.Client("FocalPoint", "NL");
        var (_, requestId) = await RequestReceptionAsync(netherlands, async nl =>
        {
            var (_, travel) = await netherlands.CreatesAddressableAsync($"{nl}/attachments", new { reference = "NL-IOM-2026-77/travel-document", classification = "restricted",
                handling = "purpose-only", containsVictimPersonalData = true, legalBasis = "GDPR art. 9(2)(g)" }, "attachmentId");
            await netherlands.DecideAsync($"{travel}/redaction", new { redactedReference = "NL-IOM-2026-77/travel-document-redacted", removed = new[] { "identity-document-numbers" } }, nl);
            await netherlands.CreatesAddressableAsync($"{nl}/attachments", new { reference = "NL-IOM-2026-77/risk-assessment", classification = "confidential",
                handling = "purpose-only", containsVictimPersonalData = true, legalBasis = "GDPR art. 9(2)(g)" }, "attachmentId");
            await netherlands.CreatesAddressableAsync($"{nl}/attachments", new { reference = "NL-IOM-2026-77/internal-note", classification = "restricted",
                handling = "national-only", containsVictimPersonalData = false }, "attachmentId");
        });

        var ledger = _ro.Host.Services.GetRequiredService<CrossBorderLedger>();
        var entry = await Eventually.GetAsync("the reception request in Romania's ledger", async () =>
            (await ledger.ListAsync(CrossBorderLedger.Received, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None))
                .FirstOrDefault(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.RequestId == requestId), TimeSpan.FromSeconds(30));
        var received = JsonSerializer.Deserialize<CrossBorderRequest>(entry.Body, CrossBorderJson.Options)!;
        Assert.That(received.Attachments!.Select(a => (a.Reference, a.Redaction, a.Classification)),
            Is.EqualTo(new[] { ("NL-IOM-2026-77/travel-document-redacted", RedactionStates.Redacted, "restricted") }));
        Assert.That(Encoding.UTF8.GetString(entry.Body), Does.Not.Contain("\"NL-IOM-2026-77/travel-document\"").And.Not.Contain("risk-assessment").And.Not.Contain("internal-note"));
    }
}
