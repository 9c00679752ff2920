using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Remedies.Tests;

/// <summary>The Remedies service over HTTP, with facts arriving over real RabbitMQ, into real PostgreSQL.</summary>
public class RemediesApiTests() : ServiceFixture<RemediesCase>("remedies")
{
    private HttpClient _focalPoint = null!;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private static readonly CapturingLoggerProvider Logs = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Deadlines:PollSeconds"] = "0.2", ["Remedies:DecisionDays:DE"] = "90" };

    protected override Task BeforeStartAsync(TestVirtualHost bus) =>
        bus.CaptureAsync("remedies-capture", [typeof(Contracts.Remedies.ClaimDecisionOverdue), typeof(Contracts.Remedies.ClaimForwarded), typeof(Contracts.Remedies.PaymentMade)]);

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock)).ConfigureLogging(l => l.AddProvider(Logs));

    [OneTimeSetUp]
    public void Clients() => _focalPoint = Client("FocalPoint");

    [OneTimeTearDown]
    public void DisposeClients() => _focalPoint.Dispose();

    private async Task<JsonElement> State(Guid caseId) => await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}");

    private Task<HttpResponseMessage> Decide(Guid caseId, string decision, object body, HttpStatusCode expected = HttpStatusCode.OK) => _focalPoint.DecideOnAsync($"/api/remedies/cases/{caseId}", decision, body, expected);

    private async Task<Guid> OpenedCase()
    {
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await Eventually.TrueAsync("the remedies file", async () => (await _focalPoint.GetAsync($"/api/remedies/cases/{caseId}")).StatusCode == HttpStatusCode.OK);
        return caseId;
    }

    [Test]
    public async Task A_claim_and_a_proceeds_return_request_are_created_with_their_id_and_a_Location_to_read_them()
    {
        var caseId = await OpenedCase();
        await Decide(caseId, "remedy-information", new { language = "ro" });
        var cases = $"/api/remedies/cases/{caseId}";
        var (claimId, claim) = await _focalPoint.CreatesAddressableAsync($"{cases}/claims",
            new { type = "civil-claim", decidingJurisdiction = "NL", decidingBody = "nl-court-amsterdam", claimedAmount = 500m, currency = "EUR" }, "claimId");
        Assert.That(claim, Is.EqualTo($"{cases}/claims/{claimId}"));
        Assert.That((await State(caseId)).GetProperty("claims").EnumerateArray().Select(c => c.GetProperty("claimId").GetGuid()), Is.EqualTo(new[] { claimId }), "one claim, however often the request was replayed");
        var (requestId, request) = await _focalPoint.CreatesAddressableAsync($"{cases}/proceeds-return-requests",
            new { toJurisdiction = "DE", amount = 3000m, currency = "EUR", reasons = "Proceeds confiscated in Berlin" }, "requestId");
        Assert.That(request, Is.EqualTo($"{cases}/proceeds-return-requests/{requestId}"));
        Assert.That((await _focalPoint.GetAsync($"{cases}/claims/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_claim_without_a_decision_in_time_raises_an_overdue_alert_and_a_cross_border_claim_is_forwarded()
    {
        var caseId = await OpenedCase();
        await Decide(caseId, "remedy-information", new { language = "ro" });
        await Decide(caseId, "claims", new { type = "civil-claim", decidingJurisdiction = "DE", decidingBody = "de-lg-berlin", claimedAmount = 20000.00m, currency = "EUR" }, HttpStatusCode.Created);
        var claimId = (await State(caseId)).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        await Decide(caseId, $"claims/{claimId}/filing", new { reasons = "Forwarded to Berlin as assisting authority" });
        var due = (await State(caseId)).GetProperty("claims")[0].GetProperty("decisionDueBy").GetDateTimeOffset();
        Assert.That(due - _clock.GetUtcNow(), Is.EqualTo(TimeSpan.FromDays(90)).Within(TimeSpan.FromSeconds(1)), "Germany's decision time (per jurisdiction)");

        _clock.Advance(TimeSpan.FromDays(91));
        await Eventually.TrueAsync("the overdue claim listed", async () =>
            (await _focalPoint.GetFromJsonAsync<JsonElement>("/api/remedies/claims?overdue=true")).EnumerateArray().Any(r => r.GetProperty("claimId").GetGuid() == claimId), TimeSpan.FromSeconds(15));
        var messages = new List<string>();
        await Eventually.TrueAsync("the overdue and forwarding messages", async () =>
        {
            messages.AddRange(await Bus.DrainAsync("remedies-capture"));
            return messages.Any(m => m.Contains("ClaimDecisionOverdue") && m.Contains(claimId.ToString()));
        }, TimeSpan.FromSeconds(15));
        Assert.That(messages.Any(m => m.Contains("ClaimForwarded") && m.Contains(claimId.ToString())), Is.True);
        Assert.That(string.Join("\n", messages), Does.Not.Contain("assisting authority"), "reasons stay in the audit trail");

        await Decide(caseId, $"claims/{claimId}/decision", new { outcome = "awarded", amount = 15000.00m, currency = "EUR", debtor = "offender", reasons = "LG Berlin judgment" });
        var row = (await _focalPoint.GetFromJsonAsync<JsonElement>("/api/remedies/claims?stage=awarded")).EnumerateArray().Single(r => r.GetProperty("claimId").GetGuid() == claimId);
        Assert.That(row.GetProperty("decisionOverdue").GetBoolean(), Is.False, "decided: no longer overdue");
    }

    [Test]
    public async Task Assets_from_the_judicial_service_are_allocated_within_their_value_and_payments_survive_a_return()
    {
        var caseId = await OpenedCase();
        await Decide(caseId, "remedy-information", new { language = "bg" });
        await Decide(caseId, "claims", new { type = "criminal-compensation", decidingJurisdiction = "NL", decidingBody = "nl-court-amsterdam", claimedAmount = 12500m, currency = "EUR" }, HttpStatusCode.Created);
        var claimId = (await State(caseId)).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        await Decide(caseId, $"claims/{claimId}/filing", new { });
        await Decide(caseId, $"claims/{claimId}/decision", new { outcome = "awarded", amount = 12500.00m, currency = "EUR", debtor = "offender", reasons = "Judgment 2026/118" });

        var assetId = Guid.NewGuid();
        await Publish(new Contracts.JudicialCooperation.AssetConfiscated(assetId, caseId, "NL", 8000.00m, "EUR", DateTimeOffset.UtcNow));
        await Publish(new Contracts.Return.ReturnDeparted(Guid.NewGuid(), caseId, "BG", false, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the asset and the return noted", async () =>
            (await State(caseId)) is var s && s.GetProperty("assets").ValueKind == JsonValueKind.Array && s.GetProperty("migrationFacts").ValueKind == JsonValueKind.Array);

        await Decide(caseId, "allocations", new { assetId, claimId, amount = 5000.00m, currency = "EUR" });
        var refused = await _focalPoint.DecideOnAsync($"/api/remedies/cases/{caseId}", "allocations", new { assetId, claimId, amount = 3000.01m, currency = "EUR" }, HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("allocation-exceeds-confiscated-value"));

        await Decide(caseId, "payment-channel", new { kind = "partner-focal-point", viaJurisdiction = "BG", reference = "BG-NCCTHB-PAY-0042" });
        await Decide(caseId, $"claims/{claimId}/payments", new { paymentKey = "confiscated-1", amount = 5000.00m, currency = "EUR", channel = "partner-focal-point" });
        await Decide(caseId, $"claims/{claimId}/payments", new { paymentKey = "confiscated-1", amount = 5000.00m, currency = "EUR", channel = "partner-focal-point" });
        var totals = (await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/remedies/cases/{caseId}/totals"))[0];
        Assert.That((totals.GetProperty("awarded").GetDecimal(), totals.GetProperty("paid").GetDecimal(), totals.GetProperty("outstanding").GetDecimal(), totals.GetProperty("allocated").GetDecimal()),
            Is.EqualTo((12500.00m, 5000.00m, 7500.00m, 5000.00m)), "one payment for the repeated key; awarded = paid + outstanding");
        var channel = await Decide(caseId, "payment-channel", new { kind = "partner-focal-point", viaJurisdiction = "BG", reference = "BG-NCCTHB-PAY-0043" });
        Assert.That(channel.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _focalPoint.DecideOnAsync($"/api/remedies/cases/{caseId}", "payment-channel", new { kind = "direct", reference = "NL91ABNA0417164300" }, expected: null)).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest), "no account number ever enters the service");
    }

    [TestCase("", "why the claim closes.")]
    [TestCase("   ", "why the claim closes.")]
    [TestCase(null, "at most 4000 characters.")]
    public async Task A_decision_without_reasons_or_with_too_long_reasons_is_400_naming_reasons_and_changes_nothing(string? reasons, string expected)
    {
        var caseId = await OpenedCase();
        await Decide(caseId, "remedy-information", new { language = "ro" });
        await Decide(caseId, "claims", new { type = "civil-claim", decidingJurisdiction = "NL", decidingBody = "nl-court-amsterdam", claimedAmount = 1000m, currency = "EUR" }, HttpStatusCode.Created);
        var before = await _focalPoint.GetAsync($"/api/remedies/cases/{caseId}");
        var claimId = (await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/remedies/cases/{caseId}/claims/{claimId}/closure") { Content = JsonContent.Create(new { reasons = reasons ?? new string('r', 4001) }) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(before.Headers.ETag!.Tag));
        var refused = await _focalPoint.SendAsync(request);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty("reasons")[0].GetString(), Is.EqualTo(expected), errors.ToString());
        var after = await _focalPoint.GetAsync($"/api/remedies/cases/{caseId}");
        Assert.That(after.Headers.ETag!.Tag, Is.EqualTo(before.Headers.ETag.Tag), "nothing was decided");
        Assert.That((await State(caseId)).GetProperty("claims")[0].GetProperty("stage").GetString(), Is.Not.EqualTo("closed"));
    }

    [Test]
    public async Task Every_write_endpoint_answers_bad_input_with_a_4xx_problem_never_a_500()
    {
        var caseId = await OpenedCase();
        var before = (await State(caseId)).ToString();
        var (endpoints, failures) = await BadInputSweep.RunAsync(Services, _focalPoint, "/api/remedies",
            new Dictionary<string, string> { ["{caseId:guid}"] = caseId.ToString(), ["{claimId:guid}"] = Guid.NewGuid().ToString() },
            [.. BadInputSweep.CommonBodies, """{"language":"romanian"}""", """{"organisation":"NOT A CODE"}""", """{"type":"vengeance","decidingJurisdiction":"NL","decidingBody":"nl-court"}""",
                """{"type":"civil-claim","decidingJurisdiction":"NL","decidingBody":"nl-court","claimedAmount":12.345,"currency":"EUR"}""", """{"type":"civil-claim","decidingJurisdiction":"NL","decidingBody":"nl-court","claimedAmount":1e3,"currency":"EURO"}""",
                """{"paymentKey":"k","amount":-5,"currency":"EUR"}""", """{"paymentKey":"k","amount":0.1,"currency":"JPY"}""", """{"paymentKey":"k","amount":"ten","currency":"EUR"}""",
                """{"outcome":"awarded","reasons":"x","amount":10,"currency":"EUR","debtor":"santa"}""", """{"kind":"direct","reference":"4111111111111111"}""",
                """{"assetId":"not-a-guid","claimId":"00000000-0000-0000-0000-000000000000","amount":1,"currency":"EUR"}""", """{"toJurisdiction":"ZZ","amount":1,"currency":"EUR","reasons":"x"}"""],
            _ => _focalPoint.ETagOfAsync($"/api/remedies/cases/{caseId}"));
        Assert.That(endpoints, Is.GreaterThanOrEqualTo(12));
        Assert.That(failures, Is.Empty, string.Join("\n", failures) + string.Join("\n", Logs.Lines.Where(l => l.Contains("Error ")).Take(3)));
        Assert.That((await State(caseId)).ToString(), Is.EqualTo(before), "no bad input changed the file");
    }

    [Test]
    public async Task Evidence_of_damage_is_attached_by_reference_redacted_and_withdrawn_with_the_cases_ETags()
    {
        var caseId = await OpenedCase();
        await _focalPoint.AttachRedactWithdrawAsync($"/api/remedies/cases/{caseId}", "NL-CJIB-2026-512/evidence-of-damage");
    }

}
