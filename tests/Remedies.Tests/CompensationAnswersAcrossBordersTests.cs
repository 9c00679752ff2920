using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Remedies.Tests;

/// <summary>
/// A claim forwarded across the border and the deciding state's answers back. Nigeria's focal point files a claim before
/// Austria's state compensation fund: it leaves as a signed compensation request when the person consented to transfer
/// to Austria (Identification's consent), and is refused at the border with the gate's rule — nothing reaching Austria —
/// without that consent or when the person claims protection from Austria. Austria's focal point records the award
/// and the payments, and each reaches Nigeria's case signed, recorded once (a payment heard twice records once), with
/// Austria's node and the message in the reasons — the person's return changes nothing. A rejection travels back too.
/// Two nodes that share nothing but the exchange.
/// </summary>
[NonParallelizable]
public class CompensationAnswersAcrossBordersTests() : TwoNodeFixture<RemediesCase>("remedies", "AT", "NG")
{
    private static Task Decide(HttpClient client, Guid caseId, string decision, object body, HttpStatusCode expected = HttpStatusCode.OK) => client.DecideOnAsync($"/api/remedies/cases/{caseId}", decision, body, expected);

    private static async Task<JsonElement> ClaimAsync(HttpClient client, Guid caseId, Guid claimId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}")).GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("claimId").GetGuid() == claimId);

    private async Task<JsonElement> InNigeriaAsync(string what, Guid caseId, Guid claimId, Func<JsonElement, bool> shows)
    {
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var found = await Eventually.GetAsync(what, async () =>
        {
            var claim = await ClaimAsync(nigeria, caseId, claimId);
            return shows(claim) ? claim.GetRawText() : null;
        }, TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(found).RootElement;
    }

    private Task PublishInNigeria<T>(T message) where T : class => NodeB.Host.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = NewId.NextGuid());

    /// <summary>Nigeria's remedies file for a case Identification opened, the person informed, with what Identification recorded about transfers.</summary>
    private async Task<Guid> NigeriasCaseAsync(IReadOnlyList<string> consentedTo, string? protectionClaimedFrom = null)
    {
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var caseId = Guid.NewGuid();
        await PublishInNigeria(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NG", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "ng-naptip"));
        await Eventually.TrueAsync("Nigeria's remedies file", async () => (await nigeria.GetAsync($"/api/remedies/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await Decide(nigeria, caseId, "remedy-information", new { language = "en" });
        if (consentedTo.Count > 0) await PublishInNigeria(new ConsentRecorded(caseId, Guid.NewGuid(), "cross-border-transfer", [], consentedTo, "person", DateTimeOffset.UtcNow));
        if (protectionClaimedFrom is not null) await PublishInNigeria(new InternationalProtectionClaimed(caseId, protectionClaimedFrom, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("what Identification recorded, noted in Nigeria's file", async () =>
        {
            var file = await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}");
            bool Has(string member) => file.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0;
            return (consentedTo.Count == 0 || Has("transferConsents")) && (protectionClaimedFrom is null || Has("protectionClaimedFrom"));
        }, TimeSpan.FromSeconds(30));
        return caseId;
    }

    /// <summary>Nigeria's focal point files a claim before Austria's state compensation fund: forwarded, it leaves as a compensation request.</summary>
    private async Task<Guid> FileForAustriaAsync(Guid caseId)
    {
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var before = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}")).TryGetProperty("claims", out var c0) && c0.ValueKind == JsonValueKind.Array ? c0.GetArrayLength() : 0;
        await Decide(nigeria, caseId, "claims", new { type = "state-compensation-fund", decidingJurisdiction = "AT", decidingBody = "at-verbrechensopfergesetz", claimedAmount = 20000.00m, currency = "EUR" }, HttpStatusCode.Created);
        var claimId = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}")).GetProperty("claims")[before].GetProperty("claimId").GetGuid();
        await Decide(nigeria, caseId, $"claims/{claimId}/filing", new { reasons = "Forwarded to Austria's fund as assisting authority" });
        return claimId;
    }

    private async Task<(Guid CaseId, Guid ClaimId)> ForwardedFromNigeriaAsync()
    {
        var caseId = await NigeriasCaseAsync(["AT"]);
        var claimId = await FileForAustriaAsync(caseId);
        using var austria = NodeA.Client("FocalPoint", "AT");
        await Eventually.TrueAsync("the claim filed in Austria", async () => (await austria.GetAsync($"/api/remedies/cases/{caseId}")).StatusCode == HttpStatusCode.OK
            && (await austria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}")).GetProperty("claims").EnumerateArray().Any(c => c.GetProperty("claimId").GetGuid() == claimId), TimeSpan.FromSeconds(30));
        return (caseId, claimId);
    }

    [Test]
    public async Task A_claim_Nigeria_forwards_to_Austria_with_the_persons_consent_leaves_signed_and_is_filed_there()
    {
        var (caseId, claimId) = await ForwardedFromNigeriaAsync();
        using var austria = NodeA.Client("FocalPoint", "AT");
        var claim = await ClaimAsync(austria, caseId, claimId);
        Assert.That(claim.GetProperty("forwardedBy").GetString(), Is.EqualTo("NG"));
        Assert.That(claim.GetProperty("type").GetString(), Is.EqualTo("state-compensation-fund"));
        Assert.That(claim.GetProperty("decidingBody").GetString(), Is.EqualTo("at-verbrechensopfergesetz"));

        var sent = (await NodeB.Host.Services.GetRequiredService<CrossBorderLedger>().ListForRequestAsync(claimId, CancellationToken.None)).Single(e => e.Direction == CrossBorderLedger.Sent);
        var request = JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        Assert.That((request.Purpose, request.Basis, request.CaseReference, request.FromJurisdiction), Is.EqualTo((CrossBorderPurposes.Compensation, TransferBases.Consent, caseId, "NG")));
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Not.Contain("20000").And.Not.Contain("assisting authority"), "the claimed amount and the reasons stay in Nigeria");
    }

    [Test]
    public async Task A_claim_without_consent_to_Austria_or_about_a_person_claiming_protection_from_it_is_refused_at_the_border_and_nothing_reaches_Austria()
    {
        var refusedClaims = new List<(Guid CaseId, Guid ClaimId)>();
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        using var austria = NodeA.Client("FocalPoint", "AT");
        var ngLedger = NodeB.Host.Services.GetRequiredService<CrossBorderLedger>();
        var atLedger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        foreach (var (consents, protection, rule) in new[]
                 {
                     (new[] { "BE" }, (string?)null, "cross-border-transfer-needs-consent-or-legal-basis"),
                     (new[] { "AT" }, "AT", "never-to-country-of-claimed-protection"),
                 })
        {
            var caseId = await NigeriasCaseAsync(consents, protection);
            var claimId = await FileForAustriaAsync(caseId);
            var refused = await InNigeriaAsync("the refusal noted on Nigeria's claim", caseId, claimId, c => c.GetProperty("forwardingRefused").ValueKind == JsonValueKind.String);
            Assert.That(refused.GetProperty("forwardingRefused").GetString(), Is.EqualTo(rule));
            Assert.That(refused.GetProperty("stage").GetString(), Is.EqualTo("filed"), "the claim itself stands: compensation is not blocked");
            var history = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}/history?purpose=audit")).EnumerateArray().ToList();
            Assert.That(history.Single(h => h.GetProperty("decision").GetString() == "claim_forwarding_refused").GetProperty("reasons").GetString(), Does.Contain(rule));
            Assert.That(await ngLedger.ListForRequestAsync(claimId, CancellationToken.None), Is.Empty, "nothing left Nigeria");
            Assert.That(await atLedger.ListForRequestAsync(claimId, CancellationToken.None), Is.Empty, "nothing reached Austria");
            Assert.That((await austria.GetAsync($"/api/remedies/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            refusedClaims.Add((caseId, claimId));
        }

        // The person consents to transfer to Austria later: the claim leaves after all, and its refusal no longer stands.
        // Consent does not override the protection claim: that one stays refused.
        foreach (var (caseId, _) in refusedClaims)
            await PublishInNigeria(new ConsentRecorded(caseId, Guid.NewGuid(), "cross-border-transfer", [], ["AT"], "person", DateTimeOffset.UtcNow));
        var (consentedCase, consentedClaim) = refusedClaims[0];
        var resumed = await InNigeriaAsync("the refusal lifted on Nigeria's claim", consentedCase, consentedClaim, c => c.GetProperty("forwardingRefused").ValueKind == JsonValueKind.Null);
        Assert.That(resumed.GetProperty("stage").GetString(), Is.EqualTo("filed"));
        await Eventually.TrueAsync("the claim filed in Austria", async () => (await austria.GetAsync($"/api/remedies/cases/{consentedCase}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.That((await ClaimAsync(austria, consentedCase, consentedClaim)).GetProperty("forwardedBy").GetString(), Is.EqualTo("NG"));

        var (protectedCase, protectedClaim) = refusedClaims[1];
        await Eventually.TrueAsync("the second consent noted in Nigeria's file", async () =>
            (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{protectedCase}")).GetProperty("transferConsents").GetArrayLength() == 2, TimeSpan.FromSeconds(30));
        Assert.That((await ClaimAsync(nigeria, protectedCase, protectedClaim)).GetProperty("forwardingRefused").GetString(), Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(await atLedger.ListForRequestAsync(protectedClaim, CancellationToken.None), Is.Empty, "still nothing reached Austria");
    }

    [Test]
    public async Task Austrias_award_and_payments_reach_the_claim_Nigeria_forwarded_each_once_whatever_the_return()
    {
        var (caseId, claimId) = await ForwardedFromNigeriaAsync();
        using var austria = NodeA.Client("FocalPoint", "AT");
        using var nigeria = NodeB.Client("FocalPoint", "NG");

        await Decide(austria, caseId, $"claims/{claimId}/decision", new { outcome = "awarded", amount = 15000.00m, currency = "EUR", debtor = "state-fund", reasons = "Decision VOG-2026-0412" });
        var awarded = await InNigeriaAsync("the award in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "awarded");
        Assert.That(awarded.GetProperty("award").GetProperty("amount").GetDecimal(), Is.EqualTo(15000.00m));
        Assert.That(awarded.GetProperty("award").GetProperty("currency").GetString(), Is.EqualTo("EUR"));
        Assert.That(awarded.GetProperty("debtor").GetString(), Is.EqualTo("state-fund"));
        Assert.That(awarded.GetProperty("decidingJurisdiction").GetString(), Is.EqualTo("AT"));

        // The person's return is noted in Nigeria's file; it changes nothing in the payments.
        await NodeB.Host.Services.GetRequiredService<IBus>().Publish(new Contracts.Return.ReturnDeparted(Guid.NewGuid(), caseId, "GH", false, DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        await Decide(austria, caseId, $"claims/{claimId}/payments", new { paymentKey = "vog-2026-0412-1", amount = 5000.00m, currency = "EUR" });
        await Decide(austria, caseId, $"claims/{claimId}/payments", new { paymentKey = "vog-2026-0412-1", amount = 5000.00m, currency = "EUR" });
        var first = await InNigeriaAsync("the first payment in Nigeria", caseId, claimId, c => c.TryGetProperty("payments", out var p) && p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 1);
        Assert.That(first.GetProperty("payments")[0].GetProperty("amount").GetProperty("amount").GetDecimal(), Is.EqualTo(5000.00m));
        Assert.That(first.GetProperty("payments")[0].GetProperty("paymentKey").GetString(), Does.StartWith("AT:").And.Not.Contain("vog-2026"), "an opaque key, not Austria's own");

        // The same payment heard again (a fresh signed copy) records nothing more.
        var again = await NodeA.Host.Services.GetRequiredService<CrossBorderSender>().ReplyAsync(claimId,
            _ => new CrossBorderUpdate(claimId, "AT", 1, "compensation-paid", DateTimeOffset.UtcNow, ["amount:5000.00", "currency:EUR", $"payment:{first.GetProperty("payments")[0].GetProperty("paymentKey").GetString()![3..]}"]),
            CancellationToken.None);
        Assert.That(again!.Refusal, Is.Null, again.Refusal?.Detail);
        await Eventually.TrueAsync("the repeated payment accepted by Nigeria's node", async () =>
            await NodeB.Host.Services.GetRequiredService<CrossBorderLedger>().FindAsync(CrossBorderLedger.Received, "AT", again.Sent!.MessageId, CancellationToken.None) is not null, TimeSpan.FromSeconds(30));

        await Decide(austria, caseId, $"claims/{claimId}/payments", new { paymentKey = "vog-2026-0412-2", amount = 10000.00m, currency = "EUR" });
        var paid = await InNigeriaAsync("paid in full in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "paid");
        Assert.That(paid.GetProperty("payments").EnumerateArray().Select(p => p.GetProperty("amount").GetProperty("amount").GetDecimal()), Is.EqualTo(new[] { 5000.00m, 10000.00m }));

        var file = await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}");
        Assert.That(file.GetProperty("migrationFacts").EnumerateArray().Select(f => f.GetString()), Does.Contain("returned-to-GH"));
        var history = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}/history?purpose=audit")).EnumerateArray()
            .Where(h => (h.GetProperty("reasons").GetString() ?? "").Contains("over the cross-border exchange")).ToList();
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[] { "claim_awarded", "payment_recorded", "payment_recorded" }), "each answer once");
        Assert.That(history.Select(h => h.GetProperty("reasons").GetString()), Has.All.Contain("from AT's node"));
        foreach (var entry in history)
        {
            Assert.That(entry.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NG"));
            Assert.That(entry.GetProperty("correlationId").GetString(), Is.EqualTo(claimId.ToString("N")));
            Assert.That(entry.GetProperty("reasons").GetString(), Does.Contain($"message {entry.GetProperty("causationId").GetString()}"));
        }
    }

    [Test]
    public async Task A_claim_Austria_rejects_shows_rejected_in_Nigeria_and_an_appeal_and_its_award_follow()
    {
        var (caseId, claimId) = await ForwardedFromNigeriaAsync();
        using var austria = NodeA.Client("FocalPoint", "AT");
        await Decide(austria, caseId, $"claims/{claimId}/decision", new { outcome = "rejected", reasons = "Not within the fund's scope" });
        var rejected = await InNigeriaAsync("the rejection in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "rejected");
        Assert.That(rejected.GetProperty("decisionOverdue").GetBoolean(), Is.False);
        var sent = (await NodeA.Host.Services.GetRequiredService<CrossBorderLedger>().ListForRequestAsync(claimId, CancellationToken.None)).Single(e => e.Type == "trm.crossborder.outcome.v1");
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Contain("claim-rejected").And.Not.Contain("scope"), "the reasons stay in Austria's audit trail");

        await Decide(austria, caseId, $"claims/{claimId}/appeal", new { by = "victim", reasons = "Appeal to the Federal Administrative Court" });
        var appealed = await InNigeriaAsync("the appeal in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "appealed");
        Assert.That(appealed.GetProperty("decisionDueBy").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow), "a new time limit for the decision on appeal");
        await Decide(austria, caseId, $"claims/{claimId}/decision", new { outcome = "awarded", amount = 8000.00m, currency = "EUR", debtor = "state-fund", reasons = "BVwG W123 2026" });
        var awarded = await InNigeriaAsync("the award on appeal in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "awarded");
        Assert.That(awarded.GetProperty("award").GetProperty("amount").GetDecimal(), Is.EqualTo(8000.00m));
    }
}
