extern alias Return;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Issue 21's "a victim-witness's return coordinated with the prosecutor", through the gateway of a whole node (the
/// Netherlands) with the country of return's Return service (Romania) on the same bus: the prosecutor names the person as
/// a victim-witness in open proceedings, Return refuses the departure until the coordination with the prosecutor is
/// recorded, and the judicial file shows how the witness is reached after the departure and the arrival.
/// </summary>
public class ReturnCoordinatedWithProsecutionTests
{
    [Test]
    public async Task A_victim_witness_departs_only_after_the_coordination_with_the_prosecutor_and_stays_reachable_for_the_proceedings()
    {
        await using var node = await Node.StartAsync(b => b.UseSetting("Return:MinimumReflectionDays:NL", "0"));
        await using var romania = await HostedService<Return::Program>.StartAsync("return", node.Bus, new Dictionary<string, string?>
        {
            ["Node:Jurisdiction"] = "RO",
            ["Node:Name"] = "ro",
        });
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "nl-officer");
        using var prosecutor = node.Client("JudicialOfficer", "NL", "nl-om", "prosecutor-7");
        using var anitp = new HttpClient { BaseAddress = romania.Address }.Authorize("FocalPoint", "RO", "ro-anitp", "ro-officer");

        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        await focalPoint.DecideOnAsync($"/api/identification/cases/{caseId}", "consents", new { kind = "cross-border-transfer", informedInLanguage = "ro", givenBy = "person", jurisdictions = new[] { "RO" } }, HttpStatusCode.Created);
        await Sharing.ShareWithAsync(focalPoint, caseId, "nl-om", prosecutor);

        // JudicialCooperation: the prosecutor names the person as a victim-witness in the trial against the recruiter.
        var judicial = $"/api/judicial/cases/{caseId}";
        await prosecutor.DecideOnAsync(judicial, "witness-proceedings", new { proceedingsReference = "OM-2026-118", role = "victim-witness", reasons = "Witness for the prosecution" });

        // Return hears it; the return is prepared through every other gate.
        var nl = $"/api/return/cases/{caseId}";
        await Eventually.TrueAsync("the return file with the proceedings and the consent", async () =>
            (await focalPoint.GetAsync(nl)) is { StatusCode: HttpStatusCode.OK } r && await r.Content.ReadFromJsonAsync<JsonElement>() is var file
            && file.GetProperty("proceedings").ValueKind == JsonValueKind.Array && file.GetProperty("transferConsents").ValueKind == JsonValueKind.Array, TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(nl, "return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "She asked to go home" });
        await focalPoint.DecideOnAsync(nl, "return-information", new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        await focalPoint.DecideOnAsync(nl, "return-consent", new { givenBy = "person" });
        await focalPoint.DecideOnAsync(nl, "return-risk-assessments", new { level = "low", factors = Array.Empty<string>(), mitigations = new[] { "met-at-arrival" }, mitigationAccepted = true, receptionCapacity = "available", reasons = "ANITP assessment" });
        await focalPoint.DecideOnAsync(nl, "reception-request", new { }, HttpStatusCode.Created);
        var incoming = await Eventually.GetAsync("the reception request in Romania", async () =>
            (await anitp.GetFromJsonAsync<JsonElement>("/api/return/incoming?stage=received")).EnumerateArray().FirstOrDefault(r => r.GetProperty("caseId").GetGuid() == caseId) is { ValueKind: JsonValueKind.Object } row
                ? row.GetProperty("id").GetGuid().ToString() : null, TimeSpan.FromSeconds(20));
        var ro = $"/api/return/incoming/{incoming}";
        await anitp.DecideOnAsync(ro, "acknowledgement", new { });
        await anitp.DecideOnAsync(ro, "reception-arrangements", new { metBy = "ro-anitp-iasi", shelterOnArrival = true, onwardTransport = true, reasons = "Met at Iasi airport" });
        await Eventually.TrueAsync("the arrangements heard in the Netherlands", async () =>
            (await focalPoint.GetFromJsonAsync<JsonElement>(nl)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(nl, "travel-documents", new { issuedBy = "ro-consulate-hague" });

        // Departure is refused until the coordination with the prosecutor is recorded; then it passes.
        var refused = await focalPoint.DecideOnAsync(nl, "departure", new { }, HttpStatusCode.Conflict);
        var next = await Refusals.AssertNextAsync(refused, "return-coordinated-with-prosecution", $"POST {nl}/prosecution-coordination");
        await focalPoint.DecideAsync(next, new { outcome = "video-testimony-from-country-of-return", prosecutorReference = "OM-2026-118/return-1", reasons = "Trial testimony by video from Romania" }, nl);
        await focalPoint.DecideOnAsync(nl, "departure", new { reasons = "Flight to Iasi" });

        // JudicialCooperation hears the departure, then the arrival: the witness is reached through Romania's focal point, by video.
        await Eventually.TrueAsync("the departure heard by the judicial file", async () =>
            (await prosecutor.GetFromJsonAsync<JsonElement>(judicial)).TryGetProperty("reach", out var reach) && reach.ValueKind == JsonValueKind.Object
            && reach.GetProperty("reach").GetString() == "departing" && reach.GetProperty("throughJurisdiction").GetString() == "RO", TimeSpan.FromSeconds(20));
        await anitp.DecideOnAsync(ro, "arrival", new { });
        var arrived = await Eventually.GetAsync("the arrival heard by the judicial file", async () =>
            (await prosecutor.GetFromJsonAsync<JsonElement>(judicial)).GetProperty("reach") is var reach && reach.GetProperty("reach").GetString() == "through-focal-point" ? reach.ToString() : null,
            TimeSpan.FromSeconds(20));
        var view = JsonDocument.Parse(arrived).RootElement;
        Assert.That(view.GetProperty("throughJurisdiction").GetString(), Is.EqualTo("RO"));
        Assert.That(view.GetProperty("videoTestimony").GetBoolean(), Is.True);
        var file = await prosecutor.GetFromJsonAsync<JsonElement>(judicial);
        Assert.That(file.GetProperty("proceedings")[0].GetProperty("reference").GetString(), Is.EqualTo("OM-2026-118"));

        var history = (await focalPoint.GetFromJsonAsync<JsonElement>($"{nl}/history?purpose=return-and-reintegration")).EnumerateArray().Select(h => h.GetProperty("decision").GetString()).ToList();
        Assert.That(history, Is.SupersetOf(new[] { "victim_witness_noted", "prosecution_coordinated", "return_departed", "arrival_confirmed" }));
        Assert.That(history.IndexOf("prosecution_coordinated"), Is.LessThan(history.IndexOf("return_departed")));
    }
}
