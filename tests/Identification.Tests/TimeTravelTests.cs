namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// "What did the system know when this decision was taken": the state a service returns for <c>?asOf=</c> an instant,
/// or <c>?version=</c>, is exactly what it returned at that moment — recorded during the test, compared afterwards.
/// </summary>
public class TimeTravelTests : IdentificationApiFixture
{
    [Test]
    public async Task The_state_as_of_any_instant_equals_what_the_service_answered_then()
    {
        using var client = Client();
        var (caseId, etag) = await OpenCaseAsync(client);
        var path = $"/api/identification/cases/{caseId}";
        var recorded = new List<(DateTimeOffset At, long Version, string Body)>();

        async Task Record()
        {
            var response = await client.GetAsync(path);
            recorded.Add((DateTimeOffset.UtcNow, long.Parse(response.Headers.ETag!.Tag.Trim('"', 'W', '/')), await response.Content.ReadAsStringAsync()));
            etag = response.Headers.ETag!.Tag;
            await Task.Delay(20);
        }

        async Task Decide(string decision, object body, HttpStatusCode expected = HttpStatusCode.OK)
        {
            await client.DecideAtAsync($"{path}/{decision}", body, etag, expected: expected);
            await Record();
        }

        await Record();
        await Decide("information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" });
        await Decide("reasonable-grounds", new { reasons = "Passport withheld; debt bondage" });
        await Decide("shares", new { granteeOrganisation = "nl-shelter", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Anti-trafficking Act art. 12" }, HttpStatusCode.Created);
        Assert.That(recorded.Select(r => r.Body).Distinct().Count(), Is.EqualTo(recorded.Count), "each decision changed the state");

        foreach (var (at, version, body) in recorded)
        {
            var asOf = await client.GetAsync($"{path}?asOf={Uri.EscapeDataString(at.ToString("O"))}");
            Assert.That(asOf.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(JsonElement.DeepEquals(await asOf.Content.ReadFromJsonAsync<JsonElement>(), JsonDocument.Parse(body).RootElement), Is.True, $"as of {at:O}");
            Assert.That(asOf.Headers.GetValues("Stream-Version").Single(), Is.EqualTo(version.ToString()));

            var atVersion = await client.GetAsync($"{path}?version={version}");
            Assert.That(JsonElement.DeepEquals(await atVersion.Content.ReadFromJsonAsync<JsonElement>(), JsonDocument.Parse(body).RootElement), Is.True, $"version {version}");
        }
    }
}
