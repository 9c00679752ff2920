namespace TransnationalReferral.Identification.Tests;

/// <summary>Opening a case and deciding on it through HTTP, against real PostgreSQL and RabbitMQ.</summary>
public class CaseApiTests : IdentificationApiFixture
{
    [Test]
    public async Task Opening_a_case_answers_201_with_location_etag_and_a_pseudonymous_victim_id()
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/identification/cases", Signal(ageGroup: "unknown"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var caseId = body.GetProperty("caseId").GetGuid();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/identification/cases/{caseId}"));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        Assert.That(body.GetProperty("victimId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
        Assert.That(body.GetProperty("childStatus").GetString(), Is.EqualTo("presumed-child"));

        var read = await client.GetAsync($"/api/identification/cases/{caseId}");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(read.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        var state = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(state.GetProperty("stage").GetString(), Is.EqualTo("signalled"));
        Assert.That(state.GetProperty("ageGroup").GetString(), Is.EqualTo("unknown"));
    }

    [Test]
    public async Task Without_a_token_the_service_answers_401()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var response = await anonymous.PostAsJsonAsync("/api/identification/cases", Signal());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_role_that_may_not_open_cases_gets_403()
    {
        using var provider = Client("ServiceProvider");
        var response = await provider.PostAsJsonAsync("/api/identification/cases", Signal());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_refused_decision_is_422_problem_details_naming_the_rule()
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/identification/cases", Signal(jurisdiction: "BE"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("case-in-own-jurisdiction"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("BE"));
    }

    [Test]
    public async Task A_case_of_another_jurisdiction_is_not_found()
    {
        using var nl = Client();
        var (caseId, _) = await OpenCaseAsync(nl);
        using var be = Client(jurisdiction: "BE");

        Assert.That((await be.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await be.GetAsync($"/api/identification/cases/{caseId}/history?purpose=audit")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_stale_If_Match_gets_409_and_the_current_one_is_accepted()
    {
        using var client = Client();
        var (caseId, etag) = await OpenCaseAsync(client);
        var information = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" };

        var first = await client.PostWithIfMatchAsync($"/api/identification/cases/{caseId}/information-on-rights", information, etag);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        Assert.That(first.Headers.ETag?.Tag, Is.EqualTo("\"2\""));

        var stale = await client.PostWithIfMatchAsync($"/api/identification/cases/{caseId}/information-on-rights", information, etag);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("version 1").And.Contain("version 2"));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        Assert.That(history.GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_decision_on_a_case_without_If_Match_gets_428()
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client);
        var response = await client.PostAsJsonAsync($"/api/identification/cases/{caseId}/information-on-rights",
            new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "nl" });
        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)428));
    }

    [Test]
    public async Task A_repeated_Idempotency_Key_appends_once_and_replays_the_first_answer()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = JsonContent.Create(Signal()) };
            request.Headers.Add("Idempotency-Key", key);
            responses.Add(await client.SendAsync(request));
        }

        var caseIds = new List<Guid>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            caseIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid());
        }
        Assert.That(caseIds.Distinct().Count(), Is.EqualTo(1), "every retry answers with the first case");
        Assert.That(responses[0].Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(responses[1].Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(responses[2].Headers.Location, Is.EqualTo(responses[0].Headers.Location));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseIds[0]}/history?purpose=audit");
        Assert.That(history.GetArrayLength(), Is.EqualTo(1), "one decision appended");
    }

    [Test]
    public async Task Concurrent_requests_with_one_Idempotency_Key_open_one_case()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = JsonContent.Create(Signal()) };
            request.Headers.Add("Idempotency-Key", key);
            return client.SendAsync(request);
        }));

        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid());
        }
        Assert.That(ids, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_Idempotency_Key_reused_for_a_different_request_is_refused()
    {
        using var client = Client();
        var key = Guid.NewGuid().ToString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = JsonContent.Create(Signal(ageGroup: "18-24")) };
        first.Headers.Add("Idempotency-Key", key);
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = JsonContent.Create(Signal(ageGroup: "35-49")) };
        second.Headers.Add("Idempotency-Key", key);

        Assert.That((await client.SendAsync(first)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var reused = await client.SendAsync(second);
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("idempotency-key-reused"));
    }

    [Test]
    public async Task The_history_carries_who_decided_in_what_role_organisation_and_jurisdiction_and_on_what_basis()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress }.Authorize("CaseWorker", "NL", "nl-ngo-lastrada", "worker-17");
        var signal = new { source = "ngo", signallingOrganisation = "nl-ngo-lastrada", jurisdiction = "NL", sex = "male", ageGroup = "18-24", reasons = "Indicators of forced labour observed during outreach." };
        var (caseId, _) = await OpenCaseAsync(client, signal);

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        var entry = history.EnumerateArray().Single();
        Assert.That(entry.GetProperty("decision").GetString(), Is.EqualTo("case_opened"));
        Assert.That(entry.GetProperty("actorId").GetString(), Is.EqualTo("worker-17"));
        Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("CaseWorker"));
        Assert.That(entry.GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-ngo-lastrada"));
        Assert.That(entry.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NL"));
        Assert.That(entry.GetProperty("legalBasis").GetString(), Does.Contain("art. 10"));
        Assert.That(entry.GetProperty("reasons").GetString(), Is.EqualTo("Indicators of forced labour observed during outreach."));
        Assert.That(entry.GetProperty("correlationId").GetString(), Has.Length.EqualTo(32), "the trace id of the request");
        Assert.That(entry.GetProperty("version").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task An_interview_record_is_attached_by_reference_redacted_and_withdrawn_with_the_cases_ETags()
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client);
        await client.AttachRedactWithdrawAsync($"/api/identification/cases/{caseId}", "NL-IND-2026-0815/interview-record");
    }

}
