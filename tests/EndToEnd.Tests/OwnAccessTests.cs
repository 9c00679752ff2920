using Microsoft.Extensions.Logging;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The person's own access (GDPR art. 15; CETS 197 art. 12(1)(d)): on a recorded request, the focal point of the case's
/// jurisdiction obtains the person's data and every decision about them from every service, in their language where the
/// catalogue has it, printable — and nobody else does, whichever way in they try.
/// </summary>
public class OwnAccessTests
{
    private static object Rights(string language) => new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language };

    private static async Task<Guid> OpenAsync(HttpClient client, string organisation, Guid? victimId = null, string? reasons = null)
    {
        var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = organisation, jurisdiction = "NL", sex = "female", ageGroup = "25-34", victimId, reasons });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
    }

    private static async Task<Guid> RecordRequestAsync(HttpClient client, Guid caseId, string language = "ro")
    {
        var recorded = await client.DecideAsync($"/api/identification/cases/{caseId}/own-data-requests",
            new { requestedBy = "person", receivedAt = DateTimeOffset.UtcNow.AddDays(-2), language, reasons = "Asked at the follow-up interview" }, expected: HttpStatusCode.Created);
        var body = await recorded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(recorded.Headers.Location!.ToString(), Does.EndWith($"/own-data-requests/{body.GetProperty("requestId").GetGuid()}"));
        return body.GetProperty("requestId").GetGuid();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Test]
    public async Task On_a_recorded_request_the_focal_point_exports_the_persons_data_and_every_decision_in_romanian_printable_and_logged()
    {
        var logs = new CapturingLoggerProvider();
        await using var node = await Node.StartAsync(builder =>
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)));
        using var focalPoint = node.Client(Roles.FocalPoint, "NL", "nl-focal-point", "officer-own");
        using var auditor = node.Client(Roles.Auditor, "NL", "nl-rapporteur", "auditor-own");
        var run = Guid.NewGuid().ToString("N")[..8];
        var name = $"Ioana Own-Access-{run}";
        string Reason(string service) => $"Canary-{service}-{run}";

        var caseId = await OpenAsync(focalPoint, "nl-comensha");
        var identification = $"/api/identification/cases/{caseId}";
        await focalPoint.DecideOnAsync(identification, "information-on-rights", Rights("ro"));
        await focalPoint.DecideAsync($"{identification}/personal-data", new { names = new[] { name }, contact = $"own-{run}@example.invalid", nationality = "RO" }, identification, method: HttpMethod.Put);
        await focalPoint.DecideOnAsync(identification, "reasonable-grounds", new { reasons = $"{Reason("identification")}: passport held by the employer" });
        var protection = $"/api/protection/cases/{caseId}";
        await Eventually.TrueAsync("the protection entitlement", async () =>
            (await focalPoint.GetAsync(protection)) is { StatusCode: HttpStatusCode.OK } r && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() == "entitled", TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(protection, "needs-assessments", new { needs = new[] { "safe-accommodation" }, reasons = $"{Reason("protection")} needs a shelter" });
        var remedies = $"/api/remedies/cases/{caseId}";
        await Eventually.TrueAsync("the remedies file", async () => (await focalPoint.GetAsync(remedies)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await focalPoint.DecideOnAsync(remedies, "remedy-information", new { language = "ro", reasons = $"Explained to {Reason("remedies")}" });

        // No export without a recorded request: the refusal names the decision that unblocks it.
        var refused = await ProblemAsync(await focalPoint.GetAsync($"/api/own-access/cases/{caseId}/requests/{Guid.NewGuid()}/export"), HttpStatusCode.UnprocessableEntity);
        Assert.That(refused.GetProperty("type").GetString(), Is.EqualTo("own-data-export-needs-open-request"));
        Assert.That(refused.GetProperty("next").GetString(), Is.EqualTo($"POST /api/identification/cases/{caseId}/own-data-requests"));

        var requestId = await RecordRequestAsync(focalPoint, caseId);
        var request = await focalPoint.GetFromJsonAsync<JsonElement>($"{identification}/own-data-requests/{requestId}");
        Assert.That(request.GetProperty("dueAt").GetDateTimeOffset() - request.GetProperty("receivedAt").GetDateTimeOffset(), Is.GreaterThanOrEqualTo(TimeSpan.FromDays(28)), "a month to answer");
        var conflict = await ProblemAsync(await focalPoint.DecideAsync($"{identification}/own-data-requests", new { requestedBy = "person", receivedAt = DateTimeOffset.UtcNow, language = "ro" }, expected: null), HttpStatusCode.Conflict);
        Assert.That(conflict.GetProperty("type").GetString(), Is.EqualTo("one-open-own-data-request"));

        var export = $"/api/own-access/cases/{caseId}/requests/{requestId}/export";
        var json = await Eventually.GetAsync("an export with the decisions of three services", async () =>
        {
            var body = await focalPoint.GetStringAsync(export);
            return new[] { "identification", "protection", "remedies" }.All(s => body.Contains(Reason(s))) ? body : null;
        }, TimeSpan.FromSeconds(20));
        var root = JsonDocument.Parse(json).RootElement;
        Assert.That((root.GetProperty("requestedLanguage").GetString(), root.GetProperty("language").GetString()), Is.EqualTo(("ro", "ro")));
        Assert.That(root.GetProperty("personalDataStatus").GetString(), Is.EqualTo("included"));
        Assert.That(root.GetProperty("personalData").GetProperty("names")[0].GetString(), Is.EqualTo(name));
        Assert.That(root.GetProperty("labels").GetProperty("decisions").GetString(), Is.EqualTo("Decizii"));
        Assert.That(root.GetProperty("parts").EnumerateArray().Where(p => p.GetProperty("status").GetString() == "included").Select(p => p.GetProperty("service").GetString()),
            Is.SupersetOf(new[] { "identification", "protection", "remedies" }), "each service answered its part");
        var decisions = root.GetProperty("decisions").EnumerateArray().ToList();
        JsonElement Decision(string service, string code) => decisions.Single(d => d.GetProperty("service").GetString() == service && d.GetProperty("decision").GetString() == code);
        var recognised = Decision("identification", "presumed_victim_recognised");
        Assert.That(recognised.GetProperty("title").GetString(), Is.EqualTo("Recunoscut(ă) ca victimă prezumată"));
        Assert.That(recognised.GetProperty("textLanguage").GetString(), Is.EqualTo("ro"));
        Assert.That(recognised.GetProperty("reasons").GetString(), Does.Contain(Reason("identification")), "the reasons revealed to the authorised reader");
        Assert.That(recognised.GetProperty("legalBasis").GetString(), Does.Contain("CETS 197"));
        Assert.That((recognised.GetProperty("actorId").GetString(), recognised.GetProperty("actorRole").GetString(), recognised.GetProperty("actorJurisdiction").GetString()), Is.EqualTo(("officer-own", "FocalPoint", "NL")));
        var assessed = Decision("protection", "needs_assessed");
        Assert.That((assessed.GetProperty("title").GetString(), assessed.GetProperty("reasons").GetString()), Is.EqualTo(("Nevoile dumneavoastră evaluate", $"{Reason("protection")} needs a shelter")));
        Assert.That(assessed.GetProperty("legalBasis").GetString(), Is.Not.Empty);
        var informed = Decision("remedies", "remedy_information_provided");
        Assert.That((informed.GetProperty("title").GetString(), informed.GetProperty("reasons").GetString()), Is.EqualTo(("Informare privind despăgubirile", $"Explained to {Reason("remedies")}")));
        Assert.That(Decision("identification", "own_data_request_recorded").GetProperty("title").GetString(), Is.EqualTo("Cererea dumneavoastră privind datele"));
        Assert.That(decisions.Select(d => d.GetProperty("recordedAt").GetDateTimeOffset()), Is.Ordered);

        // Printable, in Romanian, encoded, no script.
        var document = await focalPoint.GetAsync($"{export}.html");
        Assert.That(document.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        var html = await document.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<html lang=\"ro\">").And.Contain("Datele dumneavoastră și deciziile care vă privesc").And.Contain("@media print")
            .And.Contain(name).And.Contain(Reason("protection")).And.Contain("Temei legal").And.Not.Contain("<script"));

        // Every read is in each service's access log, for the person's own request.
        foreach (var service in new[] { "identification", "protection", "remedies" })
        {
            var log = await auditor.GetFromJsonAsync<JsonElement>($"/api/{service}/access-log?caseId={caseId}");
            Assert.That(log.EnumerateArray().Any(e => e.GetProperty("actorId").GetString() == "officer-own" && e.GetProperty("purpose").GetString() == "victim-request"), Is.True, $"{service}: {log}");
        }

        // Answered: recorded once, the deadline cancelled, the request closed (a new export needs a new request).
        await focalPoint.DecideAsync($"{identification}/own-data-requests/{requestId}/answer", new { format = "html", language = "ro", exportedAt = root.GetProperty("producedAt").GetDateTimeOffset() }, identification);
        Assert.That((await focalPoint.GetFromJsonAsync<JsonElement>($"{identification}/own-data-requests/{requestId}")).GetProperty("answeredAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That((await ProblemAsync(await focalPoint.GetAsync(export), HttpStatusCode.UnprocessableEntity)).GetProperty("type").GetString(), Is.EqualTo("own-data-export-needs-open-request"));
        var answeredTwice = await ProblemAsync(await focalPoint.DecideAsync($"{identification}/own-data-requests/{requestId}/answer", new { format = "json", language = "ro", exportedAt = DateTimeOffset.UtcNow }, identification, expected: null), HttpStatusCode.UnprocessableEntity);
        Assert.That(answeredTwice.GetProperty("type").GetString(), Is.EqualTo("own-data-export-needs-open-request"));
        var history = await focalPoint.GetStringAsync($"{identification}/history?purpose=victim-request");
        Assert.That(history, Does.Contain("own_data_request_recorded").And.Contain("own_data_request_answered"));

        // A language the catalogue lacks: in English, saying so.
        var english = await RecordRequestAsync(focalPoint, caseId, language: "ti");
        var inEnglish = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/own-access/cases/{caseId}/requests/{english}/export");
        Assert.That((inEnglish.GetProperty("requestedLanguage").GetString(), inEnglish.GetProperty("language").GetString()), Is.EqualTo(("ti", "en")));
        Assert.That(inEnglish.GetProperty("languageNote").GetString(), Does.Contain("English"));
        Assert.That(inEnglish.GetProperty("labels").GetProperty("decisions").GetString(), Is.EqualTo("Decisions"));

        // Nothing of it in any log of the node: not the name, not the contact, not a reason.
        var lines = logs.Lines.ToList();
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines.Where(l => l.Contains(name) || l.Contains($"own-{run}@") || l.Contains($"Canary-") && l.Contains(run)), Is.Empty);
    }

    [Test]
    public async Task Only_the_focal_point_of_the_cases_jurisdiction_exports_and_neither_a_grantee_a_foreign_caller_nor_a_second_case_elsewhere_opens_it()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client(Roles.FocalPoint, "NL", "nl-focal-point", "officer-own-2");
        using var auditor = node.Client(Roles.Auditor, "NL", "nl-rapporteur", "auditor-own-2");
        using var otherOrganisation = node.Client(Roles.CaseWorker, "NL", "nl-ngo-c", "worker-c");
        using var unshared = node.Client(Roles.CaseWorker, "NL", "nl-ngo-x", "worker-x");
        using var foreignFocalPoint = node.Client(Roles.FocalPoint, "BE", "be-focal-point", "officer-be");
        using var provider = node.Client(Roles.ServiceProvider, "NL", "nl-ngo-c", "provider-c");
        var name = $"Second-Case-{Guid.NewGuid():N}"[..24];

        var first = await OpenAsync(focalPoint, "nl-comensha");
        var identification = $"/api/identification/cases/{first}";
        await focalPoint.DecideAsync($"{identification}/personal-data", new { names = new[] { name } }, identification, method: HttpMethod.Put);
        var victimId = (await focalPoint.GetFromJsonAsync<JsonElement>(identification)).GetProperty("victimId").GetGuid();
        var requestId = await RecordRequestAsync(focalPoint, first);
        var export = $"/api/own-access/cases/{first}/requests/{requestId}/export";

        // Another organisation sees the case through a share, and opens a second case of the same person, which it holds.
        await focalPoint.DecideAsync($"{identification}/shares", new { granteeOrganisation = "nl-ngo-c", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Assistance referral under the national referral mechanism" },
            expected: HttpStatusCode.Created);
        var second = await OpenAsync(otherOrganisation, "nl-ngo-c", victimId, "The same person came to our office and showed the first case's reference");
        var secondRequest = await RecordRequestAsync(otherOrganisation, second);

        // The grantee (a case worker), through the shared case or through its own second case: refused before anything is
        // read — the export is the focal point's permission (export-own-data), and the rule own-data-export-by-focal-point
        // refuses anyone else the case reaches (a decision's rule test holds it: OwnDataRequestRules).
        foreach (var (caseId, request) in new[] { (first, requestId), (second, secondRequest) })
        {
            var grantee = await otherOrganisation.GetAsync($"/api/own-access/cases/{caseId}/requests/{request}/export");
            Assert.That(grantee.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await grantee.Content.ReadAsStringAsync(), Does.Not.Contain(name));
        }
        Assert.That((await otherOrganisation.GetAsync($"/api/identification/cases/{first}/own-data-requests/{requestId}/own-data")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await otherOrganisation.GetAsync($"/api/protection/cases/{first}/own-data")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "each service holds the permission");

        // A foreign jurisdiction, an organisation the case was never shared with: the case does not exist for them.
        Assert.That((await foreignFocalPoint.GetAsync(export)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await foreignFocalPoint.GetAsync($"/api/identification/cases/{first}/own-data-requests/{requestId}/own-data")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await unshared.GetAsync(export)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a case worker: not the focal point's permission");
        Assert.That((await unshared.GetAsync($"/api/own-access/cases/{second}/requests/{secondRequest}/export")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await provider.GetAsync(export)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a role without the permission");
        // A request id of another case does not open this one.
        Assert.That((await ProblemAsync(await focalPoint.GetAsync($"/api/own-access/cases/{first}/requests/{secondRequest}/export"), HttpStatusCode.UnprocessableEntity))
            .GetProperty("type").GetString(), Is.EqualTo("own-data-export-needs-open-request"));

        // The focal point: every case of the person it holds, whichever case the request came through.
        var whole = await focalPoint.GetFromJsonAsync<JsonElement>(export);
        Assert.That(whole.GetProperty("cases").EnumerateArray().Select(c => c.GetGuid()), Is.EquivalentTo(new[] { first, second }));
        Assert.That(whole.GetProperty("personalData").GetProperty("names")[0].GetString(), Is.EqualTo(name));
        Assert.That(whole.GetProperty("decisions").EnumerateArray().Any(d => d.GetProperty("caseId").GetGuid() == second && d.GetProperty("decision").GetString() == "case_opened"), Is.True);

        // The refused attempts read nothing: no access-log entry of theirs for the person's request; the focal point's read is on both cases.
        foreach (var caseId in new[] { first, second })
        {
            var log = (await auditor.GetFromJsonAsync<JsonElement>($"/api/identification/access-log?caseId={caseId}")).EnumerateArray().Where(e => e.GetProperty("purpose").GetString() == "victim-request").ToList();
            Assert.That(log.Select(e => e.GetProperty("actorId").GetString()).Distinct(), Is.EqualTo(new[] { "officer-own-2" }), $"case {caseId}");
        }
    }
}
