extern alias Return;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The Return issue's "done when": the destination's focal point (the Netherlands, through its gateway) and the
/// country of return's focal point (Romania, its own Return service) run a whole return through their APIs and
/// the bus — request, informed consent, risk assessment, reception arranged, departure, arrival confirmed,
/// reintegration with monitoring contacts and an overdue alert.
/// </summary>
public class ReturnBetweenTwoCountriesTests
{
    [Test]
    public async Task A_focal_point_in_each_country_runs_a_whole_return_through_their_APIs_and_the_bus()
    {
        await using var node = await Node.StartAsync(b => b.UseSetting("Return:MinimumReflectionDays:NL", "0"));
        var romaniaClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var romania = await HostedService<Return::Program>.StartAsync("return", node.Bus, new Dictionary<string, string?>
        {
            ["Node:Jurisdiction"] = "RO",
            ["Node:Name"] = "ro",
            ["Deadlines:PollSeconds"] = "0.2",
        }, b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(romaniaClock)));
        await node.Bus.CaptureAsync("monitoring-capture", [typeof(Contracts.Return.MonitoringContactOverdue)]);

        using var netherlands = node.Client("FocalPoint", "NL", "nl-focal-point", "nl-officer");
        using var anitp = new HttpClient { BaseAddress = romania.Address }.Authorize("FocalPoint", "RO", "ro-anitp", "ro-officer");


        // The Netherlands: the case, the person's consent to transfer to Romania.
        var opened = await netherlands.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await netherlands.DecideOnAsync(identification, "consents", new { kind = "cross-border-transfer", informedInLanguage = "ro", givenBy = "person", jurisdictions = new[] { "RO" } }, HttpStatusCode.Created);

        var nl = $"/api/return/cases/{caseId}";
        await Eventually.TrueAsync("the return file with the consent", async () =>
        {
            var response = await netherlands.GetAsync(nl);
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferConsents").ValueKind == JsonValueKind.Array;
        }, TimeSpan.FromSeconds(20));
        await netherlands.DecideOnAsync(nl, "return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "She asked to go home" });
        await netherlands.DecideOnAsync(nl, "return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        await netherlands.DecideOnAsync(nl, "return-consent", new { givenBy = "person" });
        await netherlands.DecideOnAsync(nl, "return-risk-assessments", new { level = "low", factors = Array.Empty<string>(), mitigations = new[] { "met-at-arrival" }, mitigationAccepted = true, receptionCapacity = "available", reasons = "ANITP assessment" });
        await netherlands.DecideOnAsync(nl, "reception-request", new { }, HttpStatusCode.Created);

        // Romania: the request arrives on the bus; its focal point acknowledges and arranges the reception.
        var incoming = await Eventually.GetAsync("the reception request in Romania", async () =>
        {
            var list = await anitp.GetFromJsonAsync<JsonElement>("/api/return/incoming?stage=received");
            return list.EnumerateArray().FirstOrDefault(r => r.GetProperty("caseId").GetGuid() == caseId) is { ValueKind: JsonValueKind.Object } row ? row.ToString() : null;
        }, TimeSpan.FromSeconds(20));
        var requestId = JsonDocument.Parse(incoming).RootElement.GetProperty("id").GetGuid();
        var ro = $"/api/return/incoming/{requestId}";
        await anitp.DecideOnAsync(ro, "acknowledgement", new { });
        await anitp.DecideOnAsync(ro, "reception-arrangements", new { metBy = "ro-anitp-iasi", shelterOnArrival = true, onwardTransport = true, reasons = "Met at Iasi airport" });
        using (var belgium = new HttpClient { BaseAddress = romania.Address }.Authorize("FocalPoint", "BE", "be-focal-point"))
            Assert.That((await belgium.GetAsync(ro)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only the country of return sees its incoming return");

        // The Netherlands: arranged (heard on the bus), travel documents, departure through every gate.
        await Eventually.TrueAsync("the arrangements heard in the Netherlands", async () =>
            (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(20));
        await netherlands.DecideOnAsync(nl, "travel-documents", new { issuedBy = "ro-consulate-hague" });
        await netherlands.DecideOnAsync(nl, "departure", new { });

        // Romania confirms the arrival; the Netherlands sees it and closes its return.
        await anitp.DecideOnAsync(ro, "arrival", new { });
        await Eventually.TrueAsync("the arrival heard in the Netherlands", async () => (await netherlands.GetFromJsonAsync<JsonElement>(nl)).GetProperty("stage").GetString() == "arrived", TimeSpan.FromSeconds(20));
        await netherlands.DecideOnAsync(nl, "return-closure", new { outcome = "returned", reasons = "Arrival confirmed by ANITP" });

        // Romania: reintegration plan with monitoring over 12 months; a missed contact raises an overdue alert.
        var now = romaniaClock.GetUtcNow();
        await anitp.DecideOnAsync(ro, "reintegration-plan", new
        {
            goals = new[] { "housing", "employment", "psychosocial-support" }, providers = new[] { "ro-adpare", "ro-employment-agency" },
            monitoringContacts = new[] { now.AddDays(30), now.AddDays(180), now.AddDays(360) }, agreedWithPerson = true, reasons = "Agreed at the shelter",
        });
        romaniaClock.Advance(TimeSpan.FromDays(31));
        await Eventually.TrueAsync("the first contact overdue", async () =>
            (await anitp.GetFromJsonAsync<JsonElement>("/api/return/monitoring/upcoming?withinDays=30")).EnumerateArray().Any(c => c.GetProperty("requestId").GetGuid() == requestId && c.GetProperty("overdue").GetBoolean()),
            TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync("the overdue alert on the bus", async () => (await node.Bus.DrainAsync("monitoring-capture")).Any(m => m.Contains(requestId.ToString())), TimeSpan.FromSeconds(15));
        var contactId = (await anitp.GetFromJsonAsync<JsonElement>(ro)).GetProperty("contacts")[0].GetProperty("contactId").GetGuid();
        await anitp.DecideOnAsync(ro, $"monitoring-contacts/{contactId}", new { outcome = "stable", reasons = "Reached by phone a few days late; working" });

        var nlHistory = (await netherlands.GetFromJsonAsync<JsonElement>($"{nl}/history?purpose=return-and-reintegration")).EnumerateArray().Select(h => h.GetProperty("decision").GetString()).ToList();
        Assert.That(nlHistory, Is.SupersetOf(new[] { "return_requested", "return_consent_given", "return_risk_assessed", "reception_requested", "reception_acknowledged", "reception_arranged", "return_departed", "arrival_confirmed", "return_closed" }));
        var roHistory = (await anitp.GetFromJsonAsync<JsonElement>($"{ro}/history?purpose=return-and-reintegration")).EnumerateArray().ToList();
        Assert.That(roHistory.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[]
        {
            "reception_request_received", "reception_acknowledgement_sent", "reception_arrangements_made", "arrival_recorded", "reintegration_plan_agreed", "monitoring_contact_missed", "monitoring_contact_held",
        }));
        Assert.That(roHistory.Where(h => h.GetProperty("actorRole").GetString() != "System").Select(h => h.GetProperty("actorJurisdiction").GetString()), Is.All.EqualTo("RO"));

        var paths = (await netherlands.GetFromJsonAsync<JsonElement>("/openapi/return.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/return/cases/{caseId}/return-request", "/api/return/cases/{caseId}/departure", "/api/return/cases/{caseId}/return-gates", "/api/return/incoming/{requestId}/reintegration-plan", "/api/return/monitoring/upcoming" })
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
    }
}
