using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// The claimed-protection gate on judicial cooperation between two nodes (Austria and Nigeria, sharing nothing but the
/// exchange): a victim in Austria claims international protection from Nigeria (recorded in Identification, heard by the
/// judicial service). Austria's prosecutor's request naming her is refused when sent to Nigeria; and a request that
/// reaches the border anyway (the bus event alone) is refused there: nothing leaves Austria, nothing reaches Nigeria. A
/// claim against another country stops nothing.
/// </summary>
[NonParallelizable]
public class ClaimedProtectionAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    [Test]
    public async Task A_mutual_legal_assistance_request_about_a_person_who_claims_protection_from_the_requested_country_is_refused_at_the_decision_and_at_the_border()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await ClaimingProtectionAsync("NG");

        // At the decision: Austria's prosecutor cannot send it.
        var requestId = await DraftAssessedAsync(prosecutor, victim);
        var refused = await prosecutor.DecideAsync($"/api/judicial/requests/{requestId}/sending", new { }, $"/api/judicial/requests/{requestId}", expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That((await prosecutor.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{requestId}")).GetProperty("stage").GetString(), Is.EqualTo("drafted"));

        // At the border: a request the node's bus says was sent (whoever published it) does not cross either.
        var slipped = Guid.NewGuid();
        await NodeA.Host.Services.GetRequiredService<IBus>().Publish(new Contract.JudicialRequestSent(slipped, "mla-video-testimony", "AT", "NG", false, DateTimeOffset.UtcNow.AddDays(90),
            [new Contract.PersonConcerned(Guid.NewGuid(), "suspect"), new Contract.PersonConcerned(victim, "victim-witness")], [], DateTimeOffset.UtcNow));
        var faults = await Eventually.GetAsync("the request refused at the border, in the crossing's error queue", async () =>
        {
            var queue = await ErrorQueueAsync("mutual-legal-assistance-crossing-border_error");
            return queue is null ? null : await Broker.DrainAsync(BusA.Name, queue) is { Count: > 0 } drained ? drained : null;
        }, TimeSpan.FromSeconds(30));
        var fault = faults.Single().Properties.ToString();
        Assert.That(fault, Does.Contain("never-to-country-of-claimed-protection").And.Contain(slipped.ToString()), "the fault names the rule and the request");

        var ledger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sent = await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None);
        Assert.That(sent.Select(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.CaseReference), Has.No.Member(victim), "nothing left Austria");
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        Assert.That((await nigeria.GetAsync($"/api/judicial/requests/{slipped}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing reached Nigeria");
    }

    [Test]
    public async Task A_claim_against_another_country_stops_nothing()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await ClaimingProtectionAsync("SY");
        var requestId = await DraftAssessedAsync(prosecutor, victim);
        await prosecutor.DecideAsync($"/api/judicial/requests/{requestId}/sending", new { }, $"/api/judicial/requests/{requestId}");
        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var registered = await nigeria.WhenFoundAsync("Austria's request registered in Nigeria", $"/api/judicial/requests/{requestId}");
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
    }

    /// <summary>A victim's case in Austria whose person claims protection from <paramref name="country"/>, as the judicial file noted it.</summary>
    private async Task<Guid> ClaimingProtectionAsync(string country)
    {
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        await NodeA.Host.Services.GetRequiredService<IBus>().Publish(new InternationalProtectionClaimed(victim, country, DateTimeOffset.UtcNow));
        using var reader = NodeA.Client("JudicialOfficer", "AT");
        await Eventually.TrueAsync("the claim noted on the judicial file", async () =>
            (await reader.GetFromJsonAsync<JsonElement>($"/api/judicial/cases/{victim}")).TryGetProperty("protectionClaimedFrom", out var c)
            && c.ValueKind == JsonValueKind.Array && c.EnumerateArray().Any(x => x.GetString() == country), TimeSpan.FromSeconds(30));
        return victim;
    }

    private static async Task<Guid> DraftAssessedAsync(HttpClient prosecutor, Guid victim)
    {
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-video-testimony", counterpartJurisdiction = "NG", urgent = false,
            persons = new[] { new { caseId = victim, role = "victim-witness" } } });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        await prosecutor.DecideAsync($"/api/judicial/requests/{requestId}/victim-impact-assessment",
            new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Testifies by video." }, $"/api/judicial/requests/{requestId}");
        return requestId;
    }
}
