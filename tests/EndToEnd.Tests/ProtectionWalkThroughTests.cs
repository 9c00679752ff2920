namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The Protection issue's "done when", through the gateway only: a case worker and a service provider run a
/// case from Identification's reasonable-grounds decision to a closed support plan, with every operation they
/// use in the OpenAPI document and every decision carrying who took it, on what basis and why.
/// </summary>
public class ProtectionWalkThroughTests
{
    [Test]
    public async Task A_case_worker_and_a_provider_run_a_case_from_entitlement_to_a_closed_support_plan_through_the_gateway()
    {
        await using var node = await Node.StartAsync();
        HttpClient Client(string role, string organisation, string user) => node.Client(role, "NL", organisation, user);
        using var focalPoint = Client("FocalPoint", "nl-focal-point", "officer-1");
        using var worker = Client("CaseWorker", "nl-la-strada", "worker-7");
        using var shelter = Client("ServiceProvider", "nl-womens-shelter", "intake-3");
        var used = new List<(string Service, string Path)>();

        async Task<HttpResponseMessage> Decide(HttpClient client, string path, object body, string read, string template, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var response = await client.DecideAsync(path, body, read, expected, idempotencyKey: Guid.NewGuid().ToString());
            used.Add((template.Split('/')[2], template));
            return response;
        }

        // Identification: signal, information on rights, consents, reasonable grounds, and a share with the NGO that runs the case.
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await Decide(focalPoint, $"{identification}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" }, identification, "/api/identification/cases/{caseId}/information-on-rights");
        await Decide(focalPoint, $"{identification}/consents", new { kind = "sharing-with-organisations", informedInLanguage = "ro", givenBy = "person", organisations = new[] { "nl-la-strada" } }, identification, "/api/identification/cases/{caseId}/consents", HttpStatusCode.Created);
        await Decide(focalPoint, $"{identification}/consents", new { kind = "referral-to-services", informedInLanguage = "ro", givenBy = "person", organisations = new[] { "nl-womens-shelter" } }, identification, "/api/identification/cases/{caseId}/consents", HttpStatusCode.Created);
        await Decide(focalPoint, $"{identification}/shares", new { granteeOrganisation = "nl-la-strada", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(180) }, identification, "/api/identification/cases/{caseId}/shares", HttpStatusCode.Created);
        await Decide(focalPoint, $"{identification}/reasonable-grounds", new { reasons = "Recruited with a false job offer, debts imposed, documents withheld" }, identification, "/api/identification/cases/{caseId}/reasonable-grounds");

        // The focal point keeps the provider catalogue.
        var registered = await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-womens-shelter", new
        {
            name = "Women's shelter Utrecht", type = "ngo", services = new[] { "safe-accommodation", "psychological" }, capacity = 12, sexServed = "female",
            ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl", "en", "ro" }, responseTimeHours = 24,
        });
        Assert.That(registered.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await registered.Content.ReadAsStringAsync());
        used.Add(("protection", "/api/protection/providers/{organisation}"));

        // Protection: entitled from Identification's decision, with the consents and the share, as the case worker sees it.
        var protection = $"/api/protection/cases/{caseId}";
        await Eventually.TrueAsync("the case worker sees the entitled protection case with the consents", async () =>
        {
            var response = await worker.GetAsync(protection);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return state.GetProperty("stage").GetString() == "entitled" && state.GetProperty("consents") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 2
                && state.GetProperty("reflectionPeriod").ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(20));
        used.Add(("protection", "/api/protection/cases/{caseId}"));

        await Decide(worker, $"{protection}/needs-assessments", new { needs = new[] { "safe-accommodation", "psychological", "legal-aid", "interpretation" }, reasons = "First interview" }, protection, "/api/protection/cases/{caseId}/needs-assessments");
        await Decide(worker, $"{protection}/risk-assessments", new { level = "high", factors = new[] { "re-trafficking", "threats-to-family" }, familyAtRisk = true, reasons = "Recruiter knows the home address" }, protection, "/api/protection/cases/{caseId}/risk-assessments");
        await Decide(worker, $"{protection}/safety-plans", new
        {
            actions = new[] { new { action = "secure-communication", owner = "nl-la-strada", dueBy = DateTimeOffset.UtcNow.AddDays(1) }, new { action = "family-safety-check", owner = "nl-police", dueBy = DateTimeOffset.UtcNow.AddDays(7) } },
            agreedWithPerson = true, reasons = "Agreed at the first interview, with an interpreter",
        }, protection, "/api/protection/cases/{caseId}/safety-plans");
        var matches = await worker.GetFromJsonAsync<JsonElement>($"{protection}/shelter-matches?sex=female&language=ro");
        used.Add(("protection", "/api/protection/cases/{caseId}/shelter-matches"));
        Assert.That(matches[0].GetProperty("provider").GetProperty("organisation").GetString(), Is.EqualTo("nl-womens-shelter"));
        await Decide(worker, $"{protection}/referrals", new { providerOrganisation = "nl-womens-shelter", service = "safe-accommodation", genderSpecific = "female", reasons = "Safe accommodation, women-only at her request" }, protection, "/api/protection/cases/{caseId}/referrals", HttpStatusCode.Created);

        // The provider finds the referral in its inbox and answers it; it never sees the case itself.
        var inbox = await Eventually.GetAsync("the referral in the provider's inbox", async () =>
        {
            var page = await shelter.GetFromJsonAsync<JsonElement>("/api/protection/referrals?status=requested");
            return page.GetProperty("items").GetArrayLength() > 0 ? page.ToString() : null;
        });
        used.Add(("protection", "/api/protection/referrals"));
        var referralId = JsonDocument.Parse(inbox).RootElement.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.That((await shelter.GetAsync(protection)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a provider sees its referral, not the case");
        var referral = $"/api/protection/referrals/{referralId}";
        used.Add(("protection", "/api/protection/referrals/{referralId}"));
        await Decide(shelter, $"{referral}/answer", new { accepted = true, reasons = "Room available" }, referral, "/api/protection/referrals/{referralId}/answer");
        await Decide(shelter, $"{referral}/start", new { reasons = "Arrived at the shelter" }, referral, "/api/protection/referrals/{referralId}/start");
        await Decide(shelter, $"{referral}/outcome", new { successful = true, reasons = "Stayed four months; moved to independent housing" }, referral, "/api/protection/referrals/{referralId}/outcome");

        // Long-term support: a plan agreed with the person, a review that finds the goals achieved, the case closed.
        await Decide(worker, $"{protection}/support-plans", new { goals = new[] { "safe-housing", "employment", "language-learning" }, services = new[] { "employment-and-training" }, nextReviewBy = DateTimeOffset.UtcNow.AddMonths(3), agreedWithPerson = true, reasons = "Plan agreed with the person" }, protection, "/api/protection/cases/{caseId}/support-plans");
        await Decide(worker, $"{protection}/support-plans/reviews", new { outcome = "goals-achieved", reasons = "Employed, own flat, Dutch course completed" }, protection, "/api/protection/cases/{caseId}/support-plans/reviews");
        await Decide(worker, $"{protection}/closure", new { reason = "goals-achieved", reasons = "Independent; knows how to reach us" }, protection, "/api/protection/cases/{caseId}/closure");

        var final = await worker.GetFromJsonAsync<JsonElement>(protection);
        Assert.That(final.GetProperty("stage").GetString(), Is.EqualTo("closed"));
        Assert.That(final.GetProperty("closure").GetProperty("reason").GetString(), Is.EqualTo("goals-achieved"));
        Assert.That(final.GetProperty("referrals")[0].GetProperty("status").GetString(), Is.EqualTo("completed"));

        // Every decision carries who took it, in which role, organisation and jurisdiction, on what basis.
        var history = (await worker.GetFromJsonAsync<JsonElement>($"{protection}/history?purpose=assistance")).EnumerateArray().ToList();
        used.Add(("protection", "/api/protection/cases/{caseId}/history"));
        var byDecision = history.ToLookup(h => h.GetProperty("decision").GetString());
        foreach (var decision in new[] { "needs_assessed", "risk_assessed", "safety_plan_agreed", "referral_requested", "support_plan_agreed", "support_plan_reviewed", "protection_case_closed" })
        {
            var entry = byDecision[decision].Single();
            Assert.That(entry.GetProperty("actorId").GetString(), Is.EqualTo("worker-7"), decision);
            Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("CaseWorker"), decision);
            Assert.That(entry.GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-la-strada"), decision);
            Assert.That(entry.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NL"), decision);
            Assert.That(entry.GetProperty("legalBasis").GetString(), Is.Not.Empty, decision);
            Assert.That(entry.GetProperty("reasons").GetString(), Is.Not.Empty, decision);
        }
        foreach (var decision in new[] { "referral_answered", "referral_started", "referral_concluded" })
            Assert.That(byDecision[decision].Single().GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-womens-shelter"), decision);
        foreach (var decision in new[] { "protection_case_opened", "assistance_entitled", "consent_noted" })
            Assert.That(byDecision[decision].First().GetProperty("actorId").GetString(), Is.EqualTo("system:protection"), decision);

        // Every operation used is in the OpenAPI documents the gateway publishes.
        foreach (var service in used.Select(u => u.Service).Distinct())
        {
            var paths = (await focalPoint.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json")).GetProperty("paths");
            foreach (var (_, path) in used.Where(u => u.Service == service).Distinct())
                Assert.That(paths.TryGetProperty(path, out _), Is.True, $"{path} in /openapi/{service}.json");
        }
    }
}
