extern alias Gateway;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Free text that may name a person — a decision's reasons in every service, the signaller's free name, a judicial
/// request's reasons — is personal data: never stored in clear, readable by those who may read the case, and erased
/// with the person's data while every hash chain still verifies.
/// </summary>
public class FreeTextErasureTests
{
    [Test]
    public async Task A_canary_in_every_free_text_field_is_readable_before_erasure_and_gone_everywhere_after_while_every_chain_verifies()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-8");
        using var auditor = node.Client("Auditor", "NL", "nl-rapporteur", "auditor-8");
        using var prosecutor = node.Client("JudicialOfficer", "NL", "nl-public-prosecution", "prosecutor-8");
        var run = Guid.NewGuid().ToString("N")[..8];
        string Canary(string field) => $"Canary-{field}-{run}";
        var canaries = new[] { "signaller", "identification", "protection", "return", "remedies", "judicial", "erasure" }.ToDictionary(f => f, Canary);

        // Facts from Identification keep arriving in the other services: DecideAsync reads a stale ETag again, as a client would.

        // A case whose free text names the person in every service.
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "social-services", signallingOrganisation = canaries["signaller"], jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await focalPoint.DecideOnAsync(identification, "information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" });
        await focalPoint.DecideOnAsync(identification, "reasonable-grounds", new { reasons = $"{canaries["identification"]} was held in a nail salon" });

        var protection = $"/api/protection/cases/{caseId}";
        await Eventually.TrueAsync("the protection entitlement", async () =>
            (await focalPoint.GetAsync(protection)) is { StatusCode: HttpStatusCode.OK } r && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() == "entitled", TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(protection, "needs-assessments", new { needs = new[] { "safe-accommodation" }, reasons = $"{canaries["protection"]} needs a shelter" });

        var ret = $"/api/return/cases/{caseId}";
        await Eventually.TrueAsync("the return file", async () => (await focalPoint.GetAsync(ret)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(ret, "return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = $"{canaries["return"]} asked to go home" });

        var remedies = $"/api/remedies/cases/{caseId}";
        await Eventually.TrueAsync("the remedies file", async () => (await focalPoint.GetAsync(remedies)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(remedies, "remedy-information", new { language = "en", reasons = $"Explained to {canaries["remedies"]}" });

        await Sharing.ShareWithAsync(focalPoint, caseId, "nl-public-prosecution", prosecutor);
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false,
            persons = new object[] { new { caseId, role = "victim-witness" } },
            reasons = $"Testimony of {canaries["judicial"]}",
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());

        // Before erasure: whoever may read the case reads every canary (history, timeline JSON and HTML, the case itself).
        var timeline = await Eventually.GetAsync("a timeline with every canary", async () =>
        {
            var t = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit");
            return canaries.Where(c => c.Key is not "erasure" and not "signaller").All(c => t.Contains(c.Value)) ? t : null;
        }, TimeSpan.FromSeconds(20));
        Assert.That(JsonDocument.Parse(timeline).RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("status").GetString()), Is.All.EqualTo("included"));
        var html = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/timeline.html?purpose=audit");
        Assert.That(html, Does.Contain(canaries["identification"]).And.Contain(canaries["judicial"]));
        Assert.That(await focalPoint.GetStringAsync(identification), Does.Contain(canaries["signaller"]), "the signaller's name, to those who may read the case");
        Assert.That(await focalPoint.GetStringAsync($"{identification}/history?purpose=identification"), Does.Contain(canaries["signaller"]).And.Contain(canaries["identification"]));

        // Never in clear at rest, not even before erasure: every database is searched as pg_dump writes it.
        await AssertNoCanaryInAnyDatabase(node, canaries, "before erasure");

        // The person's data is erased (with the erasure's own reasons, which name the person too).
        await focalPoint.DecideOnAsync(identification, "erasure", new { legalBasis = "GDPR art. 17(1)(b)", reasons = $"{canaries["erasure"]} withdrew her consent" });

        // Every service destroys its keys on hearing it: history, timeline (JSON and HTML), the case and the exports read no canary.
        await Eventually.TrueAsync("no canary left in the timeline", async () =>
        {
            var t = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit");
            return !canaries.Values.Any(t.Contains) && JsonDocument.Parse(t).RootElement.GetProperty("services").EnumerateArray().All(s => s.GetProperty("status").GetString() == "included");
        }, TimeSpan.FromSeconds(30));
        var after = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit");
        var erasedReasons = JsonDocument.Parse(after).RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => e.TryGetProperty("reasons", out var r) && r.ValueKind == JsonValueKind.String).Select(e => e.GetProperty("reasons").GetString()).ToList();
        Assert.That(erasedReasons, Has.Some.EqualTo("[erased with the person's personal data]"), "the reasons read as erased, the decisions stay");
        Assert.That(JsonDocument.Parse(after).RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("decision").GetString()),
            Does.Contain("presumed_victim_recognised").And.Contain("request_drafted").And.Contain("personal_data_erased"));
        var htmlAfter = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/timeline.html?purpose=audit");
        Assert.That(canaries.Values.Where(htmlAfter.Contains), Is.Empty, "timeline.html");
        foreach (var (service, path) in new[] { ("identification", identification), ("protection", protection), ("return", ret), ("remedies", remedies), ("judicial", $"/api/judicial/cases/{caseId}") })
        {
            var history = await focalPoint.GetStringAsync($"{path}/history?purpose=identification");
            Assert.That(canaries.Values.Where(history.Contains), Is.Empty, $"{service} history");
        }
        Assert.That(canaries.Values.Where((await focalPoint.GetStringAsync(identification)).Contains), Is.Empty, "the identification case");
        var export = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/export?purpose=audit");
        Assert.That(canaries.Values.Where(export.Contains), Is.Empty, "the export");
        await AssertNoCanaryInAnyDatabase(node, canaries, "after erasure");

        // The chains still verify: the sealed text they cover is still there, only its keys are gone.
        foreach (var service in new[] { "identification", "protection", "return", "remedies", "judicial" })
        {
            var verification = await auditor.GetFromJsonAsync<JsonElement>($"/api/{service}/verification");
            Assert.That((verification.GetProperty("broken").GetInt32(), verification.GetProperty("streams").GetInt32()), Is.EqualTo((0, verification.GetProperty("streams").GetInt32())),
                $"{service}: {verification}");
        }
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"erased-export-{caseId:N}.json");
        await File.WriteAllTextAsync(file, export);
        var report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run([file], report), Is.Zero, report.ToString());
    }

    [Test]
    public async Task Reasons_that_look_sealed_are_sealed_as_text_and_never_read_as_another_streams_token()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-9");
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await focalPoint.DecideAsync($"{identification}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" }, identification);
        // A forged token (a key id that may exist, bytes that decrypt under nothing) written as reasons by a caller.
        var forged = $"sealed:v1:{Guid.NewGuid():N}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        await focalPoint.DecideAsync($"{identification}/reasonable-grounds", new { reasons = forged }, identification);

        var history = await focalPoint.GetAsync($"{identification}/history?purpose=identification");
        Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.OK), await history.Content.ReadAsStringAsync());
        var entry = (await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(e => e.GetProperty("decision").GetString() == "presumed_victim_recognised");
        Assert.That(entry.GetProperty("reasons").GetString(), Is.EqualTo(forged), "the caller's text, as written: sealed like any other, not read as a token");
    }

    private static async Task AssertNoCanaryInAnyDatabase(Node node, IReadOnlyDictionary<string, string> canaries, string when)
    {
        foreach (var (service, database) in node.Databases)
        {
            var dump = await database.DumpAsync();
            Assert.That(canaries.Values.Where(dump.Contains), Is.Empty, $"pg_dump of {service}'s database {when}");
        }
    }
}
