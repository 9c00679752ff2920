using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.Protection.Tests;

/// <summary>The provider catalogue and referrals over HTTP, with the case's facts arriving over real RabbitMQ, into real PostgreSQL.</summary>
public class ReferralApiTests() : ServiceFixture<ProtectionCase>("protection")
{
    private HttpClient _worker = null!;
    private HttpClient _focalPoint = null!;
    private ProtectionApi _api = null!;

    [OneTimeSetUp]
    public void Clients()
    {
        _worker = Client("CaseWorker");
        _focalPoint = Client("FocalPoint");
        _api = new ProtectionApi(Services, _worker);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _worker.Dispose();
        _focalPoint.Dispose();
    }

    private HttpClient Provider(string organisation) => new HttpClient { BaseAddress = Service.Address }.Authorize("ServiceProvider", "NL", organisation, $"{organisation}-intake");

    private async Task Register(string organisation, object provider) =>
        Assert.That((await _focalPoint.PutAsJsonAsync($"/api/protection/providers/{organisation}", provider)).StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK));

    [Test]
    public async Task A_provider_answers_its_own_referral_through_cooperation_withdrawn_and_no_other_provider_sees_it()
    {
        await Register("nl-womens-shelter", Shelter("Women's shelter", sexServed: "female", capacity: 1));
        var caseId = await _api.EntitledCaseAsync(consents: Consent());

        // The person asks for a women-only (sex: female) shelter: a mixed one is refused, the women's shelter is matched.
        await Register("nl-mixed-shelter", Shelter("Mixed shelter"));
        Assert.That(await RefusedRule(_api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-mixed-shelter", service = "safe-accommodation", genderSpecific = "female" })),
            Is.EqualTo("shelter-gender-match"));
        var matches = await _worker.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/shelter-matches?sex=female&language=ro");
        Assert.That(matches.EnumerateArray().Select(m => m.GetProperty("provider").GetProperty("organisation").GetString()), Is.EqualTo(new[] { "nl-womens-shelter" }));
        await _api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-womens-shelter", service = "safe-accommodation", genderSpecific = "female", reasons = "Asked for a women-only (sex: female) shelter" }).CreatedAsync("referralId");

        using var shelter = Provider("nl-womens-shelter");
        using var other = Provider("nl-mixed-shelter");
        var inbox = await shelter.GetFromJsonAsync<JsonElement>("/api/protection/referrals?status=requested");
        var referral = inbox.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("caseId").GetGuid() == caseId);
        var referralId = referral.GetProperty("id").GetGuid();
        Assert.That(referral.GetProperty("genderSpecific").GetString(), Is.EqualTo("female"));
        Assert.That(referral.GetProperty("respondBy").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddHours(47)));

        // The provider sees its referral, never the case; another provider sees neither.
        Assert.That((await shelter.GetAsync($"/api/protection/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await other.GetAsync($"/api/protection/referrals/{referralId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await other.GetFromJsonAsync<JsonElement>("/api/protection/referrals")).GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That((await other.PostWithIfMatchAsync($"/api/protection/referrals/{referralId}/answer", new { accepted = true }, "\"1\"")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The judicial service reports that the person withdrew from cooperating: the referral goes on as before.
        var before = (await _api.StateAsync(caseId))!.Value;
        await _api.Publish(new CooperationStatusChanged(caseId, "withdrawn", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the cooperation status noted", async () => (await _api.StateAsync(caseId))!.Value.GetProperty("cooperation").ValueKind == JsonValueKind.String);
        var after = (await _api.StateAsync(caseId))!.Value;
        foreach (var property in new[] { "stage", "entitledAt", "referrals", "consents" })
            Assert.That(after.GetProperty(property).ToString(), Is.EqualTo(before.GetProperty(property).ToString()), $"{property} unchanged by the cooperation status");

        Assert.That(await RefusedRule(_api.OnReferralAsync(referralId, "answer", new { accepted = false, reasons = "Full" }, shelter)), Is.EqualTo("referral-decline-reason"));
        await Ok(_api.OnReferralAsync(referralId, "answer", new { accepted = true, reasons = "Room available on the first floor" }, shelter));
        await Ok(_api.OnReferralAsync(referralId, "start", new { }, shelter));
        await Ok(_api.OnReferralAsync(referralId, "outcome", new { successful = true, reasons = "Placed; stayed for 3 months" }, shelter));

        var state = (await _api.StateAsync(caseId))!.Value;
        Assert.That(state.GetProperty("referrals")[0].GetProperty("status").GetString(), Is.EqualTo("completed"));
        var history = (await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit")).EnumerateArray().ToList();
        var answered = history.Single(h => h.GetProperty("decision").GetString() == "referral_answered");
        Assert.That(answered.GetProperty("actorRole").GetString(), Is.EqualTo("ServiceProvider"));
        Assert.That(answered.GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-womens-shelter"));
        Assert.That(answered.GetProperty("reasons").GetString(), Does.Contain("first floor"));
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()), Is.SupersetOf(new[] { "referral_requested", "cooperation_status_noted", "referral_answered", "referral_started", "referral_concluded" }));
    }

    [Test]
    public async Task A_referral_is_created_addressable_and_carries_its_own_version_which_facts_about_the_case_do_not_move()
    {
        await Register("nl-day-clinic", Shelter("Day clinic"));
        var caseId = await _api.EntitledCaseAsync(consents: Consent());
        var (referralId, location) = await _worker.CreatesAddressableAsync($"/api/protection/cases/{caseId}/referrals",
            new { providerOrganisation = "nl-day-clinic", service = "psychological", reasons = "Counselling" }, "referralId");
        Assert.That(location, Is.EqualTo($"/api/protection/referrals/{referralId}"));

        using var clinic = Provider("nl-day-clinic");
        var (_, read) = await clinic.GetWithETagAsync(location);
        Assert.That(read, Is.EqualTo("\"1\""), "a referral's version counts the events about it: requested is 1");

        // A fact heard from Identification moves the case's version, not the referral's: the provider's ETag stays good.
        var caseVersionBefore = await _worker.ETagOfAsync($"/api/protection/cases/{caseId}");
        await _api.Publish(new CooperationStatusChanged(caseId, "cooperating", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the cooperation status noted", async () => await _worker.ETagOfAsync($"/api/protection/cases/{caseId}") != caseVersionBefore);
        Assert.That(await clinic.ETagOfAsync(location), Is.EqualTo(read));
        var answered = await clinic.PostWithIfMatchAsync($"{location}/answer", new { accepted = true }, read);
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answered.Content.ReadAsStringAsync());
        Assert.That(answered.Headers.ETag!.Tag, Is.EqualTo("\"2\""), "the answer's ETag is the referral's new version");
        var body = await answered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("referralId").GetGuid(), Is.EqualTo(referralId));
        Assert.That(body.GetProperty("version").GetInt64(), Is.EqualTo(2));
        Assert.That(await clinic.ETagOfAsync(location), Is.EqualTo("\"2\""));

        // An ETag of the referral that is no longer current: 409 about the referral, never "the case" the provider cannot see.
        var stale = await clinic.PostWithIfMatchAsync($"{location}/start", new { }, read);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The referral has changed since you read it"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Not.Contain("case"));
        Assert.That((await clinic.PostWithIfMatchAsync($"{location}/start", new { }, "\"2\"")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var missing = await clinic.PostAsJsonAsync($"{location}/outcome", new { successful = true, reasons = "Done" });
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionRequired));
        Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("referral's current ETag").And.Not.Contain("case"));
    }

    [Test]
    public async Task Two_concurrent_answers_to_one_referral_record_one_and_the_other_is_told_the_referral_changed()
    {
        await Register("nl-night-shelter", Shelter("Night shelter", capacity: 10));
        var caseId = await _api.EntitledCaseAsync(consents: Consent());
        var (referralId, location) = await _api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-night-shelter", service = "safe-accommodation" }).CreatedAsync("referralId");
        using var first = Provider("nl-night-shelter");
        using var second = new HttpClient { BaseAddress = Service.Address }.Authorize("ServiceProvider", "NL", "nl-night-shelter", "nl-night-shelter-duty");
        var etag = await first.ETagOfAsync(location);

        var answers = await Task.WhenAll(
            first.PostWithIfMatchAsync($"{location}/answer", new { accepted = true }, etag),
            second.PostWithIfMatchAsync($"{location}/answer", new { accepted = false, declineReason = "no-capacity", reasons = "Full tonight" }, etag));
        Assert.That(answers.Select(a => a.StatusCode), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var conflict = await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(conflict.GetProperty("title").GetString(), Does.Contain("referral").And.Not.Contain("case"), conflict.ToString());
        var history = (await _focalPoint.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit")).EnumerateArray();
        Assert.That(history.Count(h => h.GetProperty("decision").GetString() == "referral_answered"), Is.EqualTo(1));
        Assert.That(referralId, Is.Not.EqualTo(Guid.Empty));
    }

    [Test]
    public async Task A_full_shelter_is_not_matched_and_refuses_a_further_referral()
    {
        await Register("nl-small-shelter", Shelter("Small shelter", capacity: 1));
        var first = await _api.EntitledCaseAsync(consents: Consent());
        var second = await _api.EntitledCaseAsync(consents: Consent());
        await _api.OnCaseAsync(first, "referrals", new { providerOrganisation = "nl-small-shelter", service = "safe-accommodation" }).CreatedAsync("referralId");
        using var shelter = Provider("nl-small-shelter");
        var referralId = (await shelter.GetFromJsonAsync<JsonElement>("/api/protection/referrals")).GetProperty("items")[0].GetProperty("id").GetGuid();
        await Ok(_api.OnReferralAsync(referralId, "answer", new { accepted = true }, shelter));

        var place = await _worker.GetFromJsonAsync<JsonElement>("/api/protection/providers/nl-small-shelter");
        Assert.That(place.GetProperty("freePlaces").GetInt32(), Is.Zero);
        var matches = await _worker.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{second}/shelter-matches");
        Assert.That(matches.EnumerateArray().Select(m => m.GetProperty("provider").GetProperty("organisation").GetString()), Does.Not.Contain("nl-small-shelter"));
        Assert.That(await RefusedRule(_api.OnCaseAsync(second, "referrals", new { providerOrganisation = "nl-small-shelter", service = "safe-accommodation" }), HttpStatusCode.Conflict),
            Is.EqualTo("provider-no-free-places"));
    }

    [Test]
    public async Task A_childs_referral_waits_for_the_best_interests_assessment_and_goes_to_a_child_appropriate_provider()
    {
        await Register("nl-youth-shelter", Shelter("Youth shelter", child: true));
        await Register("nl-adult-shelter", Shelter("Adult shelter"));
        var caseId = await _api.EntitledCaseAsync(ChildStatuses.Child, Consent(givenBy: "guardian"));
        Assert.That(await RefusedRule(_api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-youth-shelter", service = "safe-accommodation" })),
            Is.EqualTo("child-best-interests-first"));

        await _api.Publish(new GuardianAppointed(caseId, "nl-guardianship", DateTimeOffset.UtcNow));
        await _api.Publish(new BestInterestsAssessed(caseId, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the child facts noted", async () =>
            (await _api.StateAsync(caseId))!.Value is var s && s.GetProperty("bestInterestsAssessedAt").ValueKind == JsonValueKind.String && s.GetProperty("guardianOrganisation").ValueKind == JsonValueKind.String);

        Assert.That(await RefusedRule(_api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-adult-shelter", service = "safe-accommodation" })),
            Is.EqualTo("child-appropriate-services"));
        await _api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-youth-shelter", service = "safe-accommodation" }).CreatedAsync("referralId");
        using var youth = Provider("nl-youth-shelter");
        var referral = (await youth.GetFromJsonAsync<JsonElement>("/api/protection/referrals")).GetProperty("items").EnumerateArray().Single(r => r.GetProperty("caseId").GetGuid() == caseId);
        Assert.That(referral.GetProperty("childCase").GetBoolean(), Is.True);
    }

    [Test]
    public async Task The_catalogue_is_kept_by_the_focal_point_with_clear_answers_to_bad_input()
    {
        Assert.That((await _worker.PutAsJsonAsync("/api/protection/providers/nl-x", Shelter("X"))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var badCode = await _focalPoint.PutAsJsonAsync("/api/protection/providers/NL_Shelter", Shelter("X"));
        Assert.That(badCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await badCode.Content.ReadAsStringAsync(), Does.Contain("lower-case"));
        var childNotServed = await _focalPoint.PutAsJsonAsync("/api/protection/providers/nl-x", new { name = "X", type = "ngo", services = new[] { "medical" }, capacity = (int?)null, sexServed = "any", ageGroups = new[] { "adults" }, childAppropriate = true, languages = new[] { "nl" }, responseTimeHours = 24 });
        Assert.That(childNotServed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var unknownService = await _focalPoint.PutAsJsonAsync("/api/protection/providers/nl-x", new { name = "X", type = "ngo", services = new[] { "haircut" }, sexServed = "any", ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl" }, responseTimeHours = 24 });
        Assert.That(unknownService.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await Register("nl-legal-clinic", new { name = "Legal clinic", type = "ngo", services = new[] { "legal-aid", "legal-counselling" }, sexServed = "any", ageGroups = new[] { "adults", "children" }, childAppropriate = true, languages = new[] { "nl", "uk" }, responseTimeHours = 72 });
        var legal = await _worker.GetFromJsonAsync<JsonElement>("/api/protection/providers?service=legal-aid&language=uk");
        Assert.That(legal.EnumerateArray().Select(p => p.GetProperty("provider").GetProperty("organisation").GetString()), Does.Contain("nl-legal-clinic"));
        Assert.That(legal.EnumerateArray().Single(p => p.GetProperty("provider").GetProperty("organisation").GetString() == "nl-legal-clinic").GetProperty("freePlaces").ValueKind, Is.EqualTo(JsonValueKind.Null));
        using var belgium = new HttpClient { BaseAddress = Service.Address }.Authorize("FocalPoint", "BE", "be-focal-point");
        Assert.That((await belgium.GetFromJsonAsync<JsonElement>("/api/protection/providers")).GetArrayLength(), Is.Zero, "each jurisdiction has its own catalogue");
        Assert.That((await _worker.GetAsync("/api/protection/providers?service=haircut")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Expiring_permits_are_listed_in_the_callers_scope_with_the_reflection_period_alongside()
    {
        var caseId = await _api.EntitledCaseAsync();
        var endsAt = DateTimeOffset.UtcNow.AddDays(30);
        await _api.Publish(new ReflectionPeriodStarted(caseId, DateTimeOffset.UtcNow, endsAt));
        await Eventually.TrueAsync("the reflection period noted", async () => (await _api.StateAsync(caseId))!.Value.GetProperty("reflectionPeriod").ValueKind == JsonValueKind.Object);
        await Ok(_api.OnCaseAsync(caseId, "residence-permits", new { decision = "issued", permitType = "victim-temporary", expiresAt = DateTimeOffset.UtcNow.AddDays(10), reasons = "Issued for the reflection period" }));

        var soon = await _worker.GetFromJsonAsync<JsonElement>("/api/protection/residence-permits/expiring?withinDays=30");
        var row = soon.EnumerateArray().Single(r => r.GetProperty("caseId").GetGuid() == caseId);
        Assert.That(row.GetProperty("reflectionPeriod").GetProperty("endsAt").GetDateTimeOffset(), Is.EqualTo(endsAt).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That((await _worker.GetFromJsonAsync<JsonElement>("/api/protection/residence-permits/expiring?withinDays=5")).EnumerateArray().Select(r => r.GetProperty("caseId").GetGuid()), Does.Not.Contain(caseId));
        using var belgium = new HttpClient { BaseAddress = Service.Address }.Authorize("FocalPoint", "BE", "be-focal-point");
        Assert.That((await belgium.GetFromJsonAsync<JsonElement>("/api/protection/residence-permits/expiring")).EnumerateArray().Select(r => r.GetProperty("caseId").GetGuid()), Does.Not.Contain(caseId));
        Assert.That((await _worker.GetAsync("/api/protection/residence-permits/expiring?withinDays=0")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Closing_for_not_cooperating_is_not_a_reason_the_service_knows()
    {
        var caseId = await _api.EntitledCaseAsync();
        var response = await _api.OnCaseAsync(caseId, "closure", new { reason = "cooperation-withdrawn", reasons = "Stopped cooperating with the police" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _api.StateAsync(caseId))!.Value.GetProperty("stage").GetString(), Is.EqualTo("entitled"));
    }

    [Test]
    public async Task Witness_protection_is_granted_and_a_relocation_request_to_another_state_is_published_only_with_consent()
    {
        await Bus.CaptureAsync("relocation-capture", [typeof(Contracts.Protection.RelocationRequested), typeof(Contracts.Protection.WitnessProtectionGranted)]);
        var caseId = await _api.EntitledCaseAsync(consents: Consent("cross-border-transfer", "person", "DE"));
        Assert.That(await RefusedRule(_api.OnCaseAsync(caseId, "witness-protection", new { measures = new[] { "identity-protection-in-proceedings" }, forFamilyMembers = true, reasons = "Threats" }), HttpStatusCode.Conflict),
            Is.EqualTo("witness-protection-answers-risk"));
        await Ok(_api.OnCaseAsync(caseId, "risk-assessments", new { level = "high", factors = new[] { "witness-intimidation", "threats-to-family" }, familyAtRisk = true }));
        await _api.OnCaseAsync(caseId, "witness-protection", new { measures = new[] { "identity-protection-in-proceedings", "testimony-by-video-link" }, forFamilyMembers = true, reasons = "Defendant's associates approached her sister" }).CreatedAsync("measureId");

        var refused = await _api.OnCaseAsync(caseId, "relocation-requests", new { toJurisdiction = "BE", forFamilyMembers = true, reasons = "Network active across the Netherlands" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("relocation-needs-consent"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("BE"));
        await _api.OnCaseAsync(caseId, "relocation-requests", new { toJurisdiction = "DE", forFamilyMembers = true, reasons = "Network active across the Netherlands" }).CreatedAsync("requestId");

        var state = (await _api.StateAsync(caseId))!.Value;
        Assert.That(state.GetProperty("relocations")[0].GetProperty("toJurisdiction").GetString(), Is.EqualTo("DE"));
        Assert.That(state.GetProperty("witnessProtection")[0].GetProperty("forFamilyMembers").GetBoolean(), Is.True);
        var published = await Eventually.GetAsync("the relocation request on the bus", async () =>
        {
            var messages = await Bus.DrainAsync("relocation-capture");
            return messages.Any(m => m.Contains("RelocationRequested") && m.Contains(caseId.ToString())) ? messages : null;
        }, TimeSpan.FromSeconds(15));
        var relocation = published.Single(m => m.Contains("RelocationRequested") && m.Contains(caseId.ToString()));
        var compact = relocation.Replace(" ", "").Replace("\n", "");
        Assert.That(compact, Does.Contain("\"toJurisdiction\":\"DE\"").And.Contain("\"requestingJurisdiction\":\"NL\""));
        Assert.That(relocation, Does.Not.Contain("Network active"), "reasons stay in the audit trail; the message carries ids and codes");
    }

    [Test]
    public async Task A_medical_report_is_attached_by_reference_redacted_and_withdrawn_with_the_cases_ETags()
    {
        var caseId = await _api.EntitledCaseAsync();
        await _worker.AttachRedactWithdrawAsync($"/api/protection/cases/{caseId}", "NL-SHELTER-2026-311/medical-report");
    }

}
