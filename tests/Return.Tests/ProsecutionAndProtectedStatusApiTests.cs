using TransnationalReferral.Contracts.Identification;
using Judicial = TransnationalReferral.Contracts.JudicialCooperation;
using Protection = TransnationalReferral.Contracts.Protection;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Tests;

/// <summary>
/// The rules of <see cref="ProsecutionAndProtectedStatusRules"/> through the Return service's HTTP API, with the facts they
/// read heard over real RabbitMQ as JudicialCooperation, Identification and Protection publish them, into real PostgreSQL.
/// </summary>
public class ProsecutionAndProtectedStatusApiTests() : ServiceFixture<ReturnCase>("return")
{
    private HttpClient _focalPoint = null!;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Return:MinimumReflectionDays:NL"] = "0" };

    [OneTimeSetUp]
    public void Clients() => _focalPoint = Client("FocalPoint");

    [OneTimeTearDown]
    public void DisposeClients() => _focalPoint.Dispose();

    private async Task<JsonElement> State(Guid caseId) => await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}");

    private async Task<JsonElement> Refused(Guid caseId, string decision, object body)
    {
        var response = await _focalPoint.DecideOnAsync($"/api/return/cases/{caseId}", decision, body, HttpStatusCode.Conflict);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid> Requested()
    {
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await Eventually.TrueAsync("the return file", async () => (await _focalPoint.GetAsync($"/api/return/cases/{caseId}")).StatusCode == HttpStatusCode.OK);
        var cases = $"/api/return/cases/{caseId}";
        await _focalPoint.DecideOnAsync(cases, "return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Wants to go home" });
        await _focalPoint.DecideOnAsync(cases, "return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        return caseId;
    }

    [Test]
    public async Task Return_coordinated_with_prosecution_through_the_API()
    {
        var caseId = await Requested();
        var cases = $"/api/return/cases/{caseId}";
        await _focalPoint.DecideOnAsync(cases, "return-consent", new { givenBy = "person" });
        await _focalPoint.DecideOnAsync(cases, "return-risk-assessments", new { level = "low", factors = Array.Empty<string>(), mitigations = Array.Empty<string>(), mitigationAccepted = false, receptionCapacity = "available", reasons = "IOM report" });

        // Another jurisdiction's proceedings (a node sharing the bus) are not this return's.
        await Publish(new Judicial.VictimWitnessNamed(caseId, "BE", "BE-PARQUET-17", "victim-witness", DateTimeOffset.UtcNow));
        await Publish(new Judicial.VictimWitnessNamed(caseId, "NL", "OM-2026-118", "victim-witness", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the proceedings noted", async () => (await State(caseId)).GetProperty("proceedings").ValueKind == JsonValueKind.Array);
        Assert.That((await State(caseId)).GetProperty("proceedings").EnumerateArray().Select(p => p.GetProperty("reference").GetString()), Is.EqualTo(new[] { "OM-2026-118" }));

        var gates = await _focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/return-gates");
        Assert.That(gates.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Contain("return-coordinated-with-prosecution"));

        // The prosecution's gate comes before the practical ones (reception, travel documents).
        var next = await Refusals.AssertNextAsync(await _focalPoint.DecideOnAsync(cases, "departure", new { }, HttpStatusCode.Conflict), "return-coordinated-with-prosecution", $"POST {cases}/prosecution-coordination");

        var badReference = await _focalPoint.DecideOnAsync(cases, "prosecution-coordination", new { outcome = "departure-does-not-obstruct", prosecutorReference = "the prosecutor said so" }, HttpStatusCode.UnprocessableEntity);
        Assert.That((await badReference.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("prosecutor-reference-format"));
        await _focalPoint.DecideAsync(next, new { outcome = "video-testimony-from-country-of-return", prosecutorReference = "OM-2026-118/coordination-1", reasons = "Testimony by video from Romania agreed" }, cases);
        var proceedings = (await State(caseId)).GetProperty("proceedings")[0];
        Assert.That(proceedings.GetProperty("coordinated").GetString(), Is.EqualTo("video-testimony-from-country-of-return"));
        Assert.That(proceedings.GetProperty("prosecutorReference").GetString(), Is.EqualTo("OM-2026-118/coordination-1"));
        gates = await _focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/return-gates");
        Assert.That(gates.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Not.Contain("return-coordinated-with-prosecution"));

        // Proceedings named later hold the return again until their own coordination; closed ones no longer do.
        await Publish(new Judicial.VictimWitnessNamed(caseId, "NL", "OM-2026-207", "victim", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the second proceedings noted", async () => (await State(caseId)).GetProperty("proceedings").GetArrayLength() == 2);
        Assert.That((await _focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/return-gates")).GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()),
            Does.Contain("return-coordinated-with-prosecution"));
        await Publish(new Judicial.VictimWitnessProceedingsClosed(caseId, "NL", "OM-2026-207", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the proceedings closed", async () => (await State(caseId)).GetProperty("proceedings").GetArrayLength() == 1);
        Assert.That((await _focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/return-gates")).GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()),
            Does.Not.Contain("return-coordinated-with-prosecution"));

        var history = (await _focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/history?purpose=audit")).EnumerateArray().ToList();
        var coordinated = history.Single(h => h.GetProperty("decision").GetString() == "prosecution_coordinated");
        Assert.That(coordinated.GetProperty("legalBasis").GetString(), Does.Contain("CETS 197 art. 16(1)"));
        Assert.That(coordinated.GetProperty("actorRole").GetString(), Is.EqualTo("FocalPoint"));
    }

    [Test]
    public async Task Forced_return_during_reflection_period_through_the_API()
    {
        var caseId = await Requested();
        await Publish(new ReflectionPeriodStarted(caseId, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30)));
        await Eventually.TrueAsync("the reflection period noted", async () => (await State(caseId)).GetProperty("reflectionPeriod").ValueKind == JsonValueKind.Object);
        var refused = await Refused(caseId, "forced-return-order", new { reasons = "Order IND-2026-4411" });
        Assert.That(refused.GetProperty("type").GetString(), Is.EqualTo("forced-return-during-reflection-period"));
        Assert.That(refused.GetProperty("legalSource").GetString(), Does.Contain("CETS 197 art. 13"));

        await Publish(new ReflectionPeriodEnded(caseId, "expired", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the end noted", async () => (await State(caseId)).GetProperty("reflectionPeriod").GetProperty("endedAt").ValueKind == JsonValueKind.String);
        await _focalPoint.DecideOnAsync($"/api/return/cases/{caseId}", "forced-return-order", new { reasons = "Order IND-2026-4411" });
    }

    [Test]
    public async Task Forced_return_while_residence_permit_valid_through_the_API()
    {
        var caseId = await Requested();
        await Publish(new Protection.ResidencePermitIssued(caseId, DateTimeOffset.UtcNow.AddMonths(6), DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the permit noted", async () => (await State(caseId)).GetProperty("residencePermit").ValueKind == JsonValueKind.Object);
        Assert.That((await Refused(caseId, "forced-return-order", new { reasons = "Order IND-2026-4412" })).GetProperty("type").GetString(), Is.EqualTo("forced-return-while-residence-permit-valid"));

        var renewedUntil = DateTimeOffset.UtcNow.AddYears(1);
        await Publish(new Protection.ResidencePermitRenewed(caseId, renewedUntil, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the renewal noted", async () =>
            (await State(caseId)).GetProperty("residencePermit").GetProperty("expiresAt").GetDateTimeOffset() == renewedUntil);
        Assert.That((await Refused(caseId, "forced-return-order", new { reasons = "Order IND-2026-4412" })).GetProperty("type").GetString(), Is.EqualTo("forced-return-while-residence-permit-valid"));

        await Publish(new Protection.ResidencePermitExpired(caseId, DateTimeOffset.UtcNow.AddSeconds(1)));
        await Eventually.TrueAsync("the expiry noted", async () => (await State(caseId)).GetProperty("residencePermit").GetProperty("endedAt").ValueKind == JsonValueKind.String);
        await _focalPoint.DecideOnAsync($"/api/return/cases/{caseId}", "forced-return-order", new { reasons = "Order IND-2026-4412" });
    }
}
