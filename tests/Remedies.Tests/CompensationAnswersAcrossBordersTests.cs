using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.Testing;

namespace TransnationalReferral.Remedies.Tests;

/// <summary>
/// The deciding state's answers to a forwarded claim travel back: Nigeria (where the person lives after returning)
/// forwarded a claim to Austria's state compensation fund over the exchange; Austria's focal point records the award
/// and the payments, and each reaches Nigeria's case signed, recorded once (a payment heard twice records once), with
/// Austria's node and the message in the reasons — the person's return changes nothing. A rejection travels back too.
/// Two nodes that share nothing but the exchange.
/// </summary>
[NonParallelizable]
public class CompensationAnswersAcrossBordersTests
{
    private CrossBorderNodes<RemediesCase> _nodes = null!;
    private HostedService<RemediesCase> _at => _nodes.NodeA;
    private HostedService<RemediesCase> _ng => _nodes.NodeB;

    [OneTimeSetUp]
    public async Task Start() => _nodes = await CrossBorderNodes<RemediesCase>.StartAsync("remedies", "AT", "NG");

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
    }

    private static async Task Decide(HttpClient client, Guid caseId, string decision, object body)
    {
        var current = await client.GetAsync($"/api/remedies/cases/{caseId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/remedies/cases/{caseId}/{decision}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(current.Headers.ETag!.Tag));
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{decision}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> ClaimAsync(HttpClient client, Guid caseId, Guid claimId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}")).GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("claimId").GetGuid() == claimId);

    private async Task<JsonElement> InNigeriaAsync(string what, Guid caseId, Guid claimId, Func<JsonElement, bool> shows)
    {
        using var nigeria = _ng.Client("FocalPoint", "NG");
        var found = await Eventually.GetAsync(what, async () =>
        {
            var claim = await ClaimAsync(nigeria, caseId, claimId);
            return shows(claim) ? claim.GetRawText() : null;
        }, TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(found).RootElement;
    }

    /// <summary>Nigeria's case with a claim before Austria's fund, filed (and so forwarded) by Nigeria's focal point; the request crosses to Austria.</summary>
    private async Task<(Guid CaseId, Guid ClaimId)> ForwardedFromNigeriaAsync(Guid? caseId = null)
    {
        using var nigeria = _ng.Client("FocalPoint", "NG");
        var id = caseId ?? Guid.NewGuid();
        if (caseId is null)
        {
            await _ng.Host.Services.GetRequiredService<IBus>().Publish(new IdentificationCaseOpened(id, Guid.NewGuid(), "NG", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "ng-naptip"),
                c => c.MessageId = NewId.NextGuid());
            await Eventually.TrueAsync("Nigeria's remedies file", async () => (await nigeria.GetAsync($"/api/remedies/cases/{id}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            await Decide(nigeria, id, "remedy-information", new { language = "en" });
        }
        var before = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{id}")).TryGetProperty("claims", out var c0) && c0.ValueKind == JsonValueKind.Array ? c0.GetArrayLength() : 0;
        await Decide(nigeria, id, "claims", new { type = "state-compensation-fund", decidingJurisdiction = "AT", decidingBody = "at-verbrechensopfergesetz", claimedAmount = 20000.00m, currency = "EUR" });
        var claimId = (await nigeria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{id}")).GetProperty("claims")[before].GetProperty("claimId").GetGuid();
        await Decide(nigeria, id, $"claims/{claimId}/filing", new { reasons = "Forwarded to Austria's fund as assisting authority" });

        // What the forwarding step sends (the claim id is the request id, the case id the case reference).
        var request = new CrossBorderRequest(claimId, CrossBorderPurposes.Compensation, "NG", "AT", id, false, ["state-compensation-fund", "deciding-body:at-verbrechensopfergesetz"],
            TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(180), DateTimeOffset.UtcNow);
        var sent = await _ng.Host.Services.GetRequiredService<CrossBorderSender>().SendAsync(request, "AT", TransferGrounds.OnConsent(["AT"], []), CancellationToken.None);
        Assert.That(sent.Refusal, Is.Null, sent.Refusal?.Detail);
        using var austria = _at.Client("FocalPoint", "AT");
        await Eventually.TrueAsync("the claim filed in Austria", async () => (await austria.GetAsync($"/api/remedies/cases/{id}")).StatusCode == HttpStatusCode.OK
            && (await austria.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{id}")).GetProperty("claims").EnumerateArray().Any(c => c.GetProperty("claimId").GetGuid() == claimId), TimeSpan.FromSeconds(30));
        return (id, claimId);
    }

    [Test]
    public async Task Austrias_award_and_payments_reach_the_claim_Nigeria_forwarded_each_once_whatever_the_return()
    {
        var (caseId, claimId) = await ForwardedFromNigeriaAsync();
        using var austria = _at.Client("FocalPoint", "AT");
        using var nigeria = _ng.Client("FocalPoint", "NG");

        await Decide(austria, caseId, $"claims/{claimId}/decision", new { outcome = "awarded", amount = 15000.00m, currency = "EUR", debtor = "state-fund", reasons = "Decision VOG-2026-0412" });
        var awarded = await InNigeriaAsync("the award in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "awarded");
        Assert.That(awarded.GetProperty("award").GetProperty("amount").GetDecimal(), Is.EqualTo(15000.00m));
        Assert.That(awarded.GetProperty("award").GetProperty("currency").GetString(), Is.EqualTo("EUR"));
        Assert.That(awarded.GetProperty("debtor").GetString(), Is.EqualTo("state-fund"));
        Assert.That(awarded.GetProperty("decidingJurisdiction").GetString(), Is.EqualTo("AT"));

        // The person's return is noted in Nigeria's file; it changes nothing in the payments.
        await _ng.Host.Services.GetRequiredService<IBus>().Publish(new Contracts.Return.ReturnDeparted(Guid.NewGuid(), caseId, "GH", false, DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        await Decide(austria, caseId, $"claims/{claimId}/payments", new { paymentKey = "vog-2026-0412-1", amount = 5000.00m, currency = "EUR" });
        await Decide(austria, caseId, $"claims/{claimId}/payments", new { paymentKey = "vog-2026-0412-1", amount = 5000.00m, currency = "EUR" });
        var first = await InNigeriaAsync("the first payment in Nigeria", caseId, claimId, c => c.TryGetProperty("payments", out var p) && p.ValueKind == JsonValueKind.Array && p.GetArrayLength() == 1);
        Assert.That(first.GetProperty("payments")[0].GetProperty("amount").GetProperty("amount").GetDecimal(), Is.EqualTo(5000.00m));
        Assert.That(first.GetProperty("payments")[0].GetProperty("paymentKey").GetString(), Does.StartWith("AT:").And.Not.Contain("vog-2026"), "an opaque key, not Austria's own");

        // The same payment heard again (a fresh signed copy) records nothing more.
        var again = await _at.Host.Services.GetRequiredService<CrossBorderSender>().ReplyAsync(claimId,
            _ => new CrossBorderUpdate(claimId, "AT", 1, "compensation-paid", DateTimeOffset.UtcNow, ["amount:5000.00", "currency:EUR", $"payment:{first.GetProperty("payments")[0].GetProperty("paymentKey").GetString()![3..]}"]),
            CancellationToken.None);
        Assert.That(again!.Refusal, Is.Null, again.Refusal?.Detail);
        await Eventually.TrueAsync("the repeated payment accepted by Nigeria's node", async () =>
            await _ng.Host.Services.GetRequiredService<CrossBorderLedger>().FindAsync(CrossBorderLedger.Received, "AT", again.Sent!.MessageId, CancellationToken.None) is not null, TimeSpan.FromSeconds(30));

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
    public async Task A_claim_Austria_rejects_shows_rejected_in_Nigeria()
    {
        var (caseId, claimId) = await ForwardedFromNigeriaAsync();
        using var austria = _at.Client("FocalPoint", "AT");
        await Decide(austria, caseId, $"claims/{claimId}/decision", new { outcome = "rejected", reasons = "Not within the fund's scope" });
        var rejected = await InNigeriaAsync("the rejection in Nigeria", caseId, claimId, c => c.GetProperty("stage").GetString() == "rejected");
        Assert.That(rejected.GetProperty("decisionOverdue").GetBoolean(), Is.False);
        var sent = (await _at.Host.Services.GetRequiredService<CrossBorderLedger>().ListForRequestAsync(claimId, CancellationToken.None)).Single(e => e.Type == "trm.crossborder.outcome.v1");
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Contain("claim-rejected").And.Not.Contain("scope"), "the reasons stay in Austria's audit trail");
    }
}
