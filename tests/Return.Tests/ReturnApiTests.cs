using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Testing;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A return through the Return service's HTTP API, with Identification's facts and a test partner (the
/// country of return) speaking only the published contracts over real RabbitMQ, into real PostgreSQL.
/// </summary>
public class ReturnApiTests
{
    private TestVirtualHost _vhost = null!;
    private HostedService<ReturnCase> _service = null!;
    private HttpClient _focalPoint = null!;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private const string Capture = "partner-capture";

    [OneTimeSetUp]
    public async Task Start()
    {
        _vhost = await TestVirtualHost.CreateAsync();
        await _vhost.CaptureAsync(Capture, [typeof(Contract.ReceptionRequested), typeof(Contract.ReturnBlocked), typeof(Contract.ReturnCompleted)]);
        _service = await HostedService<ReturnCase>.StartAsync("return", _vhost, configure: b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock)));
        _focalPoint = _service.Client("FocalPoint");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _focalPoint.Dispose();
        await _service.DisposeAsync();
        await _vhost.DisposeAsync();
    }

    private Task Publish<T>(T message) where T : class => _service.Host.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = NewId.NextGuid());

    private async Task<JsonElement> State(Guid caseId) => await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}");

    private async Task<HttpResponseMessage> Decide(Guid caseId, string decision, object body)
    {
        var current = await _focalPoint.GetAsync($"/api/return/cases/{caseId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/return/cases/{caseId}/{decision}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(current.Headers.ETag!.Tag));
        return await _focalPoint.SendAsync(request);
    }

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
        (await _vhost.DrainAsync(Capture)).FirstOrDefault(m => m.Contains(what) && m.Contains(caseId.ToString())), TimeSpan.FromSeconds(15));

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
        await Ok(caseId, "reception-request", new { reasons = "Reception by ANITP requested" });

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
        await Ok(caseId, "return-request", new { countryOfReturn = "RO", reason = "reflection-period-ended" });
        await Publish(new InternationalProtectionClaimed(caseId, "AL", DateTimeOffset.UtcNow));
        var blocked = (await Captured("ReturnBlocked", caseId)).Replace(" ", "").Replace("\n", "");
        Assert.That(blocked, Does.Contain("\"gate\":\"non-refoulement-protection-claim\""));
        var preparing = await _focalPoint.GetFromJsonAsync<JsonElement>("/api/return/returns?stage=preparing");
        var row = preparing.EnumerateArray().Single(r => r.GetProperty("caseId").GetGuid() == caseId);
        Assert.That(row.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Contain("non-refoulement-protection-claim"));
        Assert.That((await _focalPoint.GetAsync("/api/return/returns?stage=teleported")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // Only the immigration authority (or the focal point) records the claim's outcome; rejected, the gate opens.
        using var caseWorker = new HttpClient { BaseAddress = _service.Address }.Authorize("CaseWorker");
        using (var forbidden = new HttpRequestMessage(HttpMethod.Post, $"/api/return/cases/{caseId}/protection-claim-outcome") { Content = JsonContent.Create(new { country = "AL", outcome = "rejected", reasons = "x" }) })
        {
            forbidden.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            Assert.That((await caseWorker.SendAsync(forbidden)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        await Ok(caseId, "protection-claim-outcome", new { country = "AL", outcome = "rejected", reasons = "IND decision 2026/4411, appeal period ended" });
        var gates = await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/return/cases/{caseId}/return-gates");
        Assert.That(gates.GetProperty("pendingGates").EnumerateArray().Select(g => g.GetProperty("rule").GetString()), Does.Not.Contain("non-refoulement-protection-claim"));
    }
}
