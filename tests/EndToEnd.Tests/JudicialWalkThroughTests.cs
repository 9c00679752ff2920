using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The JudicialCooperation issue's "done when", through the gateway with a test partner (Romania's central
/// authority) speaking only the contracts on the bus: an MLA request with video testimony, and an extradition
/// with the victim's safety assessed and the victim notified before the surrender.
/// </summary>
public class JudicialWalkThroughTests
{
    [Test]
    public async Task A_prosecutor_runs_an_MLA_request_with_video_testimony_and_an_extradition_with_victim_notification()
    {
        await using var node = await Node.StartAsync();
        await node.Bus.CaptureAsync("partner-capture", [typeof(Contract.JudicialRequestSent), typeof(Contract.JudicialRequestExecuted), typeof(Contract.VictimNotifiedOfOffenderMovement), typeof(Contract.VideoTestimonyScheduled)]);
        var partner = node.Providers["judicial"].GetRequiredService<IBus>();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "nl-officer");
        using var prosecutor = node.Client("JudicialOfficer", "NL", "nl-om", "prosecutor-7");
        var used = new List<string>();
        var captured = new List<string>();

        async Task<HttpResponseMessage> Decide(string path, object body, string template, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var response = await prosecutor.DecideAsync(path, body, path[..(path.IndexOf("/requests/") + "/requests/".Length + 36)], expected);
            used.Add(template);
            return response;
        }

        async Task<string> Heard(string what, Guid id) => await Eventually.GetAsync(what, async () =>
        {
            captured.AddRange(await node.Bus.DrainAsync("partner-capture"));
            return captured.FirstOrDefault(m => m.Contains(what) && m.Contains(id.ToString()));
        }, TimeSpan.FromSeconds(20));

        // The victim's case (Identification) and the suspect's, by pseudonymous ids only.
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "18-24" });
        var victim = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var suspect = Guid.NewGuid();
        await Sharing.ShareWithAsync(focalPoint, victim, "nl-om", prosecutor);

        // 1. MLA: testimony of the victim (who has returned to Romania) by video conference.
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false,
            persons = new object[] { new { caseId = victim, role = "victim-witness" }, new { caseId = suspect, role = "accused" } },
            reasons = "Trial against the recruiter; the victim returned to Romania",
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        used.Add("/api/judicial/requests");
        var mla = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var mlaPath = $"/api/judicial/requests/{mla}";
        var refused = await Decide($"{mlaPath}/sending", new { }, "/api/judicial/requests/{requestId}/sending", HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("victim-impact-assessment-first"));
        await Decide($"{mlaPath}/victim-impact-assessment", new { level = "medium", measures = new[] { "video-testimony", "no-contact-with-suspect", "support-person-present" }, preferredModality = "video-conference", reasons = "Fear of the accused's family" }, "/api/judicial/requests/{requestId}/victim-impact-assessment");
        await Decide($"{mlaPath}/attachments", new { reference = "OM-2026-118/witness-statement", classification = "confidential", handling = "no-court-use-without-permission", containsVictimPersonalData = true, legalBasis = "UNTOC art. 18(3)(a); Directive 2014/41/EU" }, "/api/judicial/requests/{requestId}/attachments", HttpStatusCode.Created);
        await Decide($"{mlaPath}/sending", new { }, "/api/judicial/requests/{requestId}/sending");
        var sent = (await Heard("JudicialRequestSent", mla)).Replace(" ", "").Replace("\n", "");
        Assert.That(sent, Does.Contain("\"reference\":\"OM-2026-118/witness-statement\"").And.Contain("\"handling\":\"no-court-use-without-permission\""));
        Assert.That(sent, Does.Not.Contain("recruiter"), "reasons stay in the audit trail; documents travel as references");

        await partner.Publish(new Contract.JudicialRequestAcknowledged(mla, "RO", DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        await Eventually.TrueAsync("the acknowledgement", async () => (await prosecutor.GetFromJsonAsync<JsonElement>(mlaPath)).GetProperty("stage").GetString() == "acknowledged", TimeSpan.FromSeconds(20));
        var inPerson = await Decide($"{mlaPath}/testimonies", new { caseId = victim, modality = "in-person", scheduledFor = DateTimeOffset.UtcNow.AddDays(21) }, "/api/judicial/requests/{requestId}/testimonies", HttpStatusCode.UnprocessableEntity);
        Assert.That((await inPerson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("victim-testimony-by-video"));
        await Decide($"{mlaPath}/testimonies", new { caseId = victim, modality = "video-conference", scheduledFor = DateTimeOffset.UtcNow.AddDays(21), reasons = "Link Iasi court – Amsterdam court" }, "/api/judicial/requests/{requestId}/testimonies");
        await Heard("VideoTestimonyScheduled", mla);
        await partner.Publish(new Contract.JudicialRequestExecuted(mla, "RO", "executed", DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        await Eventually.TrueAsync("the execution", async () => (await prosecutor.GetFromJsonAsync<JsonElement>(mlaPath)).GetProperty("stage").GetString() == "executed", TimeSpan.FromSeconds(20));
        await Decide($"{mlaPath}/testimonies/held", new { caseId = victim }, "/api/judicial/requests/{requestId}/testimonies/held");
        await Decide($"{mlaPath}/closure", new { reasons = "Testimony taken" }, "/api/judicial/requests/{requestId}/closure");

        // 2. Extradition: Romania asks for the recruiter; the victim lives in Romania.
        var extradition = Guid.NewGuid();
        await partner.Publish(new Contract.JudicialRequestSent(extradition, "extradition", "RO", "NL", true, DateTimeOffset.UtcNow.AddDays(10),
            [new Contract.PersonConcerned(suspect, "person-sought"), new Contract.PersonConcerned(victim, "victim")], [], DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        var x = $"/api/judicial/requests/{extradition}";
        await Eventually.TrueAsync("the incoming extradition request", async () => (await prosecutor.GetAsync(x)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await Decide($"{x}/acknowledgement", new { }, "/api/judicial/requests/{requestId}/acknowledgement");
        await Decide($"{x}/victim-impact-assessment", new { level = "high", measures = new[] { "no-contact-with-suspect" }, preferredModality = "written-statement", reasons = "Threats after the arrest" }, "/api/judicial/requests/{requestId}/victim-impact-assessment");
        await Decide($"{x}/victim-safety-assessments", new { caseId = victim, level = "high", reasons = "She lives 20 km from the recruiter's family" }, "/api/judicial/requests/{requestId}/victim-safety-assessments");
        var early = await Decide($"{x}/offender-movement", new { movement = "surrender", reasons = "Court granted the extradition" }, "/api/judicial/requests/{requestId}/offender-movement", HttpStatusCode.UnprocessableEntity);
        Assert.That((await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("surrender-needs-victim-notification"));
        await Decide($"{x}/victim-notifications", new { caseId = victim, movement = "surrender", through = "focal-point", reasons = "Through ANITP, with her lawyer" }, "/api/judicial/requests/{requestId}/victim-notifications");
        await Heard("VictimNotifiedOfOffenderMovement", extradition);
        await Decide($"{x}/offender-movement", new { movement = "surrender", reasons = "Court granted the extradition" }, "/api/judicial/requests/{requestId}/offender-movement");
        await Decide($"{x}/execution", new { }, "/api/judicial/requests/{requestId}/execution");
        await Decide($"{x}/completion", new { partially = false, reasons = "Surrendered at Schiphol" }, "/api/judicial/requests/{requestId}/completion");
        await Heard("JudicialRequestExecuted", extradition);

        var history = (await prosecutor.GetFromJsonAsync<JsonElement>($"{x}/history?purpose=criminal-proceedings")).EnumerateArray().ToList();
        var surrender = history.Single(h => h.GetProperty("decision").GetString() == "offender_movement_decided");
        Assert.That((surrender.GetProperty("actorRole").GetString(), surrender.GetProperty("actorOrganisation").GetString(), surrender.GetProperty("actorJurisdiction").GetString()), Is.EqualTo(("JudicialOfficer", "nl-om", "NL")));
        Assert.That(surrender.GetProperty("reasons").GetString(), Does.Contain("extradition"));
        var paths = (await prosecutor.GetFromJsonAsync<JsonElement>("/openapi/judicial.json")).GetProperty("paths");
        foreach (var path in used.Distinct()) Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
    }
}
