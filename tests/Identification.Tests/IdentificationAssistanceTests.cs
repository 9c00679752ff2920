using System.Collections.Concurrent;
using TransnationalReferral.Contracts.Identification;
using IdentificationAssistanceRequested = TransnationalReferral.Contracts.Identification.IdentificationAssistanceRequested;

namespace TransnationalReferral.Identification.Tests;

/// <summary>Cross-border identification assistance with a test partner that speaks only through the bus.</summary>
public class IdentificationAssistanceTests : IdentificationApiFixture
{
    private IBusControl _partner = null!;
    private readonly ConcurrentQueue<IdentificationAssistanceRequested> _received = new();

    [OneTimeSetUp]
    public async Task StartPartner()
    {
        _partner = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Bus.AmqpUri);
            cfg.ReceiveEndpoint("test-partner-ro", e => e.Handler<IdentificationAssistanceRequested>(async context =>
            {
                _received.Enqueue(context.Message);
                await context.Publish(new IdentificationAssistanceAnswered(context.Message.RequestId, context.Message.CaseId, "RO", "confirmed", DateTimeOffset.UtcNow));
            }));
        });
        await _partner.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopPartner() => await _partner.StopAsync();

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, object body, string etag) => client.PostWithIfMatchAsync(path, body, etag);

    [Test]
    public async Task A_consent_a_share_and_an_assistance_request_are_created_with_their_id_and_a_Location_to_read_them()
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client);
        var cases = $"/api/identification/cases/{caseId}";
        var (consentId, consent) = await client.CreatesAddressableAsync($"{cases}/consents",
            new { kind = "cross-border-transfer", informedInLanguage = "ro", givenBy = "person", jurisdictions = new[] { "RO" } }, "consentId");
        Assert.That(consent, Is.EqualTo($"{cases}/consents/{consentId}"));
        var (shareId, share) = await client.CreatesAddressableAsync($"{cases}/shares",
            new { granteeOrganisation = "nl-shelter", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Anti-trafficking Act art. 12" }, "shareId");
        Assert.That(share, Is.EqualTo($"{cases}/shares/{shareId}"));
        var (requestId, request) = await client.CreatesAddressableAsync($"{cases}/identification-assistance",
            new { partnerJurisdiction = "RO", questions = new[] { "identity" }, dueInDays = 10 }, "requestId");
        Assert.That(request, Is.EqualTo($"{cases}/identification-assistance/{requestId}"));
        var state = await client.GetFromJsonAsync<JsonElement>(cases);
        Assert.That(state.GetProperty("consents").GetArrayLength(), Is.EqualTo(1), "a replay records nothing twice");
        Assert.That(state.GetProperty("shares").GetArrayLength(), Is.EqualTo(1));
        Assert.That((await client.GetAsync($"{cases}/consents/{shareId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an id the case does not hold as a consent");
    }

    [Test]
    public async Task A_partner_answers_a_minimised_request_over_the_bus_and_the_answer_is_recorded()
    {
        using var client = Client();
        var (caseId, etag) = await OpenCaseAsync(client);
        var withoutBasis = await Post(client, $"/api/identification/cases/{caseId}/identification-assistance", new { partnerJurisdiction = "RO", questions = new[] { "identity" } }, etag);
        Assert.That(withoutBasis.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await withoutBasis.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));

        var consent = await Post(client, $"/api/identification/cases/{caseId}/consents", new { kind = "cross-border-transfer", informedInLanguage = "ro", givenBy = "person", jurisdictions = new[] { "RO" } }, etag);
        Assert.That(consent.StatusCode, Is.EqualTo(HttpStatusCode.Created), await consent.Content.ReadAsStringAsync());
        var requested = await Post(client, $"/api/identification/cases/{caseId}/identification-assistance",
            new { partnerJurisdiction = "RO", questions = new[] { "identity", "travel-route" }, dueInDays = 10 }, consent.Headers.ETag!.Tag);
        Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Created), await requested.Content.ReadAsStringAsync());

        var state = await Eventually.GetAsync("the partner's answer on the case", async () =>
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}");
            var request = current.GetProperty("assistanceRequests").EnumerateArray().SingleOrDefault();
            return request.ValueKind == JsonValueKind.Object && request.GetProperty("outcome").ValueKind == JsonValueKind.String ? current.ToString() : null;
        }, TimeSpan.FromSeconds(20));
        Assert.That(state, Does.Contain("\"outcome\":\"confirmed\""));

        var message = _received.Single(m => m.CaseId == caseId);
        Assert.That(message.PartnerJurisdiction, Is.EqualTo("RO"));
        Assert.That(message.RequestingJurisdiction, Is.EqualTo("NL"));
        Assert.That(message.Questions, Is.EqualTo(new[] { "identity", "travel-route" }));
        Assert.That(message.Basis, Is.EqualTo("consent"));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        var answer = history.EnumerateArray().Last();
        Assert.That(answer.GetProperty("decision").GetString(), Is.EqualTo("identification_assistance_answer_recorded"));
        Assert.That(answer.GetProperty("actorId").GetString(), Is.EqualTo("system:identification"));
    }

    [Test]
    public async Task No_request_goes_to_the_country_the_person_claims_protection_against()
    {
        using var client = Client();
        var (caseId, etag) = await OpenCaseAsync(client);
        var claim = await Post(client, $"/api/identification/cases/{caseId}/international-protection", new { countryOfClaimedPersecution = "RO" }, etag);
        Assert.That(claim.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var refused = await Post(client, $"/api/identification/cases/{caseId}/identification-assistance",
            new { partnerJurisdiction = "RO", questions = new[] { "identity" }, legalBasis = "MLA treaty" }, claim.Headers.ETag!.Tag);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("non-refoulement-no-contact"));
    }
}
