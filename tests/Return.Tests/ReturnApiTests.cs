using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A return through the Return service's HTTP API, with Identification's facts and a test partner (the
/// country of return) speaking only the published contracts over real RabbitMQ, into real PostgreSQL.
/// </summary>
public class ReturnApiTests() : ServiceFixture<ReturnCase>("return")
{
    private HttpClient _focalPoint = null!;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private const string Capture = "partner-capture";

    protected override Task BeforeStartAsync(TestVirtualHost bus) =>
        bus.CaptureAsync(Capture, [typeof(Contract.ReceptionRequested), typeof(Contract.ReturnBlocked), typeof(Contract.ReturnCompleted)]);

    protected override void Configure(IWebHostBuilder builder) => builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeSetUp]
    public void Clients() => _focalPoint = Client("FocalPoint");

    [OneTimeTearDown]
    public void DisposeClients() => _focalPoint.Dispose();

    private async Task<JsonElement> State(Guid caseId) => await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}");

    private Task<HttpResponseMessage> Decide(Guid caseId, string decision, object body) =>
        _focalPoint.DecideOnAsync($"/api/return/cases/{caseId}", decision, body, expected: null);

    private async Task Ok(Guid caseId, string decision, object body)
    {
        var response = await Decide(caseId, decision, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{decision}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<string> Refused(Guid caseId, string decision, object body, HttpStatusCode status)
    {
        var response = await Decide(caseId, decision, body);
        Assert.That(response.StatusCode, Is.EqualTo(status), $"{decision}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString()!;
    }

    private async Task<Guid> OpenedCase()
    {
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await Publish(new ConsentRecorded(caseId, Guid.NewGuid(), "cross-border-transfer", [], ["RO"], "person", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the return file with the transfer consent", async () =>
        {
            var response = await _focalPoint.GetAsync($"/api/return/cases/{caseId}");
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferConsents").ValueKind == JsonValueKind.Array;
        });
        return caseId;
    }

    private async Task<string> Captured(string what, Guid caseId) => await Eventually.GetAsync(what, async () =>
        (await Bus.DrainAsync(Capture)).FirstOrDefault(m => m.Contains(what) && m.Contains(caseId.ToString())), TimeSpan.FromSeconds(15));

    [Test]
    public async Task Unknown_child_status_codes_are_read_as_a_presumed_child_never_dead_lettered()
    {
        // Codes from a newer Identification: the return file still opens, and both the opening and a later age assessment
        // are read the protective way (a presumed child: the child's gates apply), saying so in their reasons.
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "12-17", "age-disputed", DateTimeOffset.UtcNow, "nl-focal-point"));
        await Eventually.TrueAsync("the return file, a presumed child", async () =>
            (await _focalPoint.GetAsync($"/api/return/cases/{caseId}")) is { StatusCode: HttpStatusCode.OK } r
            && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("childStatus").GetString() == "presumed-child");
        await Publish(new ChildStatusDetermined(caseId, "minor-unaccompanied", DateTimeOffset.UtcNow));
        var reasons = await Eventually.GetAsync("the age assessment noted", async () =>
        {
            var history = await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}/history?purpose=audit");
            return history.GetArrayLength() == 2 ? history.EnumerateArray().Select(e => e.GetProperty("reasons").GetString()).ToList() : null;
        });
        Assert.That(reasons, Has.Some.Contains("'age-disputed' is not known here: read as presumed-child")
            .And.Some.Contains("'minor-unaccompanied' is not known here: read as presumed-child"));
        Assert.That((await State(caseId)).GetProperty("childStatus").GetString(), Is.EqualTo("presumed-child"));
    }

    [Test]
    public async Task A_return_goes_through_its_gates_to_an_arrival_confirmed_by_the_partner()
    {
        var caseId = await OpenedCase();
        Assert.That((await State(caseId)).GetProperty("stage").GetString(), Is.EqualTo("not-requested"));
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Wants to go home to her daughter" });
        await Ok(caseId, "return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        Assert.That(await Refused(caseId, "return-consent", new { givenBy = "person" }, HttpStatusCode.UnprocessableEntity), Is.EqualTo("return-minimum-reflection-time"));
        _clock.Advance(TimeSpan.FromDays(7));
        await Ok(caseId, "return-consent", new { givenBy = "person", reasons = "Confirmed after a week, with the interpreter" });

        var gates = await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}/return-gates");
        Assert.That(gates.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()),
            Is.EqualTo(new[] { "return-needs-risk-assessment", "reception-arranged", "travel-documents" }));
        Assert.That(await Refused(caseId, "departure", new { }, HttpStatusCode.Conflict), Is.EqualTo("return-needs-risk-assessment"));
        Assert.That(await Refused(caseId, "reception-request", new { }, HttpStatusCode.Conflict), Is.EqualTo("return-needs-risk-assessment"));

        await Ok(caseId, "return-risk-assessments", new { level = "medium", factors = new[] { "stigma", "debt" }, mitigations = new[] { "met-at-arrival", "debt-counselling" }, mitigationAccepted = true, receptionCapacity = "available", reasons = "IOM country report; NGO in Iasi" });
        var (receptionId, reception) = await _focalPoint.CreatesAddressableAsync($"/api/return/cases/{caseId}/reception-request", new { reasons = "Reception by ANITP requested" }, "requestId");
        Assert.That(reception, Is.EqualTo($"/api/return/cases/{caseId}/reception-request"));
        Assert.That((await State(caseId)).GetProperty("reception").GetProperty("requestId").GetGuid(), Is.EqualTo(receptionId));

        // The test partner (Romania) hears the request and answers in the published contracts only.
        var request = await Captured("ReceptionRequested", caseId);
        Assert.That(request, Does.Not.Contain("ANITP requested").And.Not.Contain("daughter"), "reasons stay in the audit trail");
        var requestId = (await State(caseId)).GetProperty("reception").GetProperty("requestId").GetGuid();
        await Publish(new Contract.ReceptionAcknowledged(requestId, caseId, "RO", DateTimeOffset.UtcNow));
        await Publish(new Contract.ReceptionArranged(requestId, caseId, "RO", "ro-anitp", true, true, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the reception arranged", async () => (await State(caseId)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String);

        await Ok(caseId, "travel-documents", new { issuedBy = "ro-consulate-hague" });
        await Ok(caseId, "departure", new { reasons = "Flight to Iasi, met by ANITP" });
        await Publish(new Contract.ArrivalConfirmed(requestId, caseId, "RO", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the arrival", async () => (await State(caseId)).GetProperty("stage").GetString() == "arrived");
        var completed = (await Captured("ReturnCompleted", caseId)).Replace(" ", "").Replace("\n", "");
        Assert.That(completed, Does.Contain("\"contactThroughJurisdiction\":\"RO\"").And.Contain("\"videoConferenceTestimony\":true"));

        await Ok(caseId, "return-closure", new { outcome = "returned", reasons = "Arrived; reintegration by ANITP" });
        var history = (await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}/history?purpose=return-and-reintegration")).EnumerateArray().ToList();
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()), Is.SupersetOf(new[]
        {
            "return_file_opened", "return_requested", "return_information_provided", "return_consent_given", "return_risk_assessed", "reception_requested",
            "reception_acknowledged", "reception_arranged", "travel_documents_issued", "return_departed", "arrival_confirmed", "continuity_of_rights_secured", "return_closed",
        }));
        var departed = history.Single(h => h.GetProperty("decision").GetString() == "return_departed");
        Assert.That(departed.GetProperty("actorRole").GetString(), Is.EqualTo("FocalPoint"));
        Assert.That(departed.GetProperty("legalBasis").GetString(), Does.Contain("art. 8"));
    }

    [Test]
    public async Task A_protection_claim_from_Identification_blocks_a_return_in_preparation()
    {
        var caseId = await OpenedCase();
        Assert.That(await Refused(caseId, "return-request", new { countryOfReturn = "RO", reason = "reflection-period-ended" }, HttpStatusCode.UnprocessableEntity), Is.EqualTo("return-reason-recorded"));
        await Publish(new ReflectionPeriodEnded(caseId, "expired", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the ended reflection period noted", async () => (await State(caseId)).GetProperty("endedStatuses").ValueKind == JsonValueKind.Array);
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "reflection-period-ended" });
        await Publish(new InternationalProtectionClaimed(caseId, "AL", DateTimeOffset.UtcNow));
        var blocked = (await Captured("ReturnBlocked", caseId)).Replace(" ", "").Replace("\n", "");
        Assert.That(blocked, Does.Contain("\"gate\":\"non-refoulement-protection-claim\""));
        var preparing = await _focalPoint.GetFromJsonAsync<JsonElement>("/api/return/returns?stage=preparing");
        var row = preparing.EnumerateArray().Single(r => r.GetProperty("caseId").GetGuid() == caseId);
        Assert.That(row.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Contain("non-refoulement-protection-claim"));
        Assert.That((await _focalPoint.GetAsync("/api/return/returns?stage=teleported")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // Only the immigration authority (or the focal point) records the claim's outcome; rejected, the gate opens.
        using var caseWorker = new HttpClient { BaseAddress = Service.Address }.Authorize("CaseWorker");
        Assert.That((await caseWorker.PostWithIfMatchAsync($"/api/return/cases/{caseId}/protection-claim-outcome", new { country = "AL", outcome = "rejected", reasons = "x" }, "\"1\"")).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden));
        await Ok(caseId, "protection-claim-outcome", new { country = "AL", outcome = "rejected", reasons = "IND decision 2026/4411, appeal period ended" });
        var gates = await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}/return-gates");
        Assert.That(gates.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Not.Contain("non-refoulement-protection-claim"));
    }

    [TestCase("escort", "escortOrganisation", "the escorting organisation's code")]
    [TestCase("travel-documents", "issuedBy", "the consulate's organisation code")]
    public async Task An_organisation_field_that_is_not_an_organisation_code_is_400_naming_the_field_and_changes_nothing(string decision, string field, string whose)
    {
        var caseId = await OpenedCase();
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "persons-wish" });
        var before = await _focalPoint.ETagOfAsync($"/api/return/cases/{caseId}");
        var refused = await Decide(caseId, decision, new Dictionary<string, object> { [field] = "Not A Code!", ["reasons"] = "x" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await refused.Content.ReadAsStringAsync());
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.GetProperty(field)[0].GetString(), Does.StartWith(whose + ": lower-case letters"), errors.ToString());
        Assert.That(await _focalPoint.ETagOfAsync($"/api/return/cases/{caseId}"), Is.EqualTo(before), "nothing was decided");
    }

    [Test]
    public async Task Every_write_endpoint_answers_bad_input_with_a_4xx_problem_never_a_500()
    {
        var caseId = await OpenedCase();
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "persons-wish" });
        var before = (await State(caseId)).ToString();
        var (endpoints, failures) = await BadInputSweep.RunAsync(Services, _focalPoint, "/api/return",
            new Dictionary<string, string> { ["{caseId:guid}"] = caseId.ToString(), ["{requestId:guid}"] = Guid.NewGuid().ToString(), ["{contactId:guid}"] = Guid.NewGuid().ToString() },
            [.. BadInputSweep.CommonBodies, """{"countryOfReturn":"XX","reason":"persons-wish"}""", """{"countryOfReturn":"RO","reason":"bored"}""", """{"language":"","options":[],"rightsExplained":true,"servicesInCountryExplained":true,"risksExplained":true}""",
                """{"givenBy":"neighbour"}""", """{"level":"high","factors":["ghosts"],"mitigations":[],"mitigationAccepted":false,"receptionCapacity":"available","reasons":"x"}""",
                """{"issuedBy":"NOT A CODE"}""", """{"escortOrganisation":""}""", """{"outcome":"returned","reasons":""}""", """{"country":"AL","outcome":"pending","reasons":"x"}"""],
            _ => _focalPoint.ETagOfAsync($"/api/return/cases/{caseId}"));
        Assert.That(endpoints, Is.GreaterThanOrEqualTo(17));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That((await State(caseId)).ToString(), Is.EqualTo(before), "no bad input changed the return");
    }

    [Test]
    public async Task An_arrival_for_a_return_that_never_departed_goes_to_the_error_queue_and_changes_nothing()
    {
        var caseId = await OpenedCase();
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "persons-wish" });
        await Ok(caseId, "return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        _clock.Advance(TimeSpan.FromDays(8));
        await Ok(caseId, "return-consent", new { givenBy = "person" });
        await Ok(caseId, "return-risk-assessments", new { level = "low", factors = Array.Empty<string>(), mitigations = Array.Empty<string>(), mitigationAccepted = false, receptionCapacity = "available", reasons = "x" });
        var (requestId, _) = await Decide(caseId, "reception-request", new { }).CreatedAsync("requestId");
        var errorsBefore = await Bus.MessagesInQueueAsync("return-arrival-confirmed_error");

        await Publish(new Contract.ArrivalConfirmed(requestId, caseId, "RO", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the arrival in the error queue", async () => await Bus.MessagesInQueueAsync("return-arrival-confirmed_error") > errorsBefore, TimeSpan.FromSeconds(20));
        Assert.That((await State(caseId)).GetProperty("stage").GetString(), Is.EqualTo("preparing"), "an arrival never bypasses the departure's gates");

        // The consumer keeps going: a well-formed answer right after is applied.
        await Publish(new Contract.ReceptionAcknowledged(requestId, caseId, "RO", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the acknowledgement", async () => (await State(caseId)).GetProperty("reception").GetProperty("acknowledgedAt").ValueKind == JsonValueKind.String);
    }

    [Test]
    public async Task A_travel_document_is_attached_by_reference_redacted_and_withdrawn_with_the_cases_ETags()
    {
        var caseId = await OpenedCase();
        await _focalPoint.AttachRedactWithdrawAsync($"/api/return/cases/{caseId}", "NL-IOM-2026-77/travel-document");
    }

}
