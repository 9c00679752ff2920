namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>Through the gateway, with every service hosted on real PostgreSQL and RabbitMQ.</summary>
public class GatewayFlowTests : NodeFixture
{
    private HttpClient Anonymous() => new() { BaseAddress = Node.Gateway };

    [TestCase("/api/identification/cases")]
    [TestCase("/api/protection/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")]
    [TestCase("/api/return/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")]
    [TestCase("/api/remedies/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")]
    [TestCase("/api/judicial/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")]
    public async Task Every_api_route_answers_401_without_a_token(string path)
    {
        using var client = Anonymous();
        var response = path.EndsWith("/cases")
            ? await client.PostAsJsonAsync(path, new { })
            : await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_token_signed_with_another_key_is_401()
    {
        using var client = Anonymous();
        var forged = TransnationalReferral.ServiceDefaults.Security.DevelopmentTokens.Mint("some-other-key-that-is-long-enough-0123456789", "x", "FocalPoint", "x", "NL", TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.That((await client.GetAsync("/api/protection/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("identification", "/api/identification/cases")]
    [TestCase("protection", "/api/protection/cases/{caseId}")]
    [TestCase("return", "/api/return/cases/{caseId}")]
    [TestCase("remedies", "/api/remedies/cases/{caseId}")]
    [TestCase("judicial", "/api/judicial/cases/{caseId}")]
    public async Task Each_service_publishes_its_OpenAPI_document_through_the_gateway_with_gateway_paths(string service, string path)
    {
        using var client = Anonymous();
        var response = await client.GetAsync($"/openapi/{service}.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(document.GetProperty("paths").TryGetProperty(path, out _), Is.True, document.GetProperty("paths").ToString());
    }

    /// <summary>Configuration an organisation keeps by PUT (the jurisdiction's provider catalogue, an organisation's notification
    /// subscriptions): the whole entry replaced, the same body twice the same result, nothing about a person decided.</summary>
    private static readonly string[] ConfigurationPuts = ["put /api/protection/providers/{organisation}", "put /api/identification/notifications/subscriptions/{name}"];

    /// <summary>The writes that create something (no version to match yet) or keep configuration; every other write decides on something that exists.</summary>
    private static readonly string[] WritesWithoutIfMatch = ["post /api/identification/cases", "post /api/judicial/requests", "post /api/identification/notifications/deliveries/{deliveryId}/replay", .. ConfigurationPuts];

    [TestCase("identification", 20)]
    [TestCase("protection", 18)]
    [TestCase("return", 18)]
    [TestCase("remedies", 11)]
    [TestCase("judicial", 18)]
    public async Task Every_decision_in_a_services_OpenAPI_document_requires_If_Match_and_lists_the_problems_it_answers(string service, int atLeast)
    {
        using var client = Anonymous();
        var paths = (await client.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json")).GetProperty("paths");
        var decisions = 0;
        var wrong = new List<string>();
        foreach (var path in paths.EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
        {
            var name = $"{operation.Name} {path.Name}";
            var headers = operation.Value.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").ToDictionary(p => p.GetProperty("name").GetString()!, p => p.TryGetProperty("required", out var r) && r.GetBoolean())
                : [];
            if (!headers.ContainsKey("Idempotency-Key") && !ConfigurationPuts.Contains(name)) wrong.Add($"{name}: Idempotency-Key not documented");
            if (WritesWithoutIfMatch.Contains(name))
            {
                if (headers.ContainsKey("If-Match")) wrong.Add($"{name}: creates, yet asks for If-Match");
                continue;
            }
            decisions++;
            if (!headers.TryGetValue("If-Match", out var required) || !required) wrong.Add($"{name}: If-Match not a required header");
            var responses = operation.Value.GetProperty("responses");
            wrong.AddRange(new[] { "400", "404", "409", "422", "428" }.Where(status => !responses.TryGetProperty(status, out _)).Select(status => $"{name}: no {status} problem"));
            if (!responses.TryGetProperty("200", out var ok) || !ok.TryGetProperty("headers", out var answered) || !answered.TryGetProperty("ETag", out _)) wrong.Add($"{name}: 200 without the new ETag");
            var summary = operation.Value.GetProperty("summary").GetString()!;
            if (!summary.EndsWith(TransnationalReferral.ServiceDefaults.Decisions.DecisionEndpoints.IfMatchSentence) || summary.Split("If-Match").Length > 3)
                wrong.Add($"{name}: summary '{summary}'");
        }
        Assert.That(wrong, Is.Empty, string.Join("\n", wrong));
        Assert.That(decisions, Is.GreaterThanOrEqualTo(atLeast), paths.ToString());
    }

    [Test]
    public async Task The_docs_page_and_health_need_no_token()
    {
        using var client = Anonymous();
        var docs = await client.GetAsync("/docs");
        Assert.That(docs.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await docs.Content.ReadAsStringAsync(), Does.Contain("audit (gateway)"), "the gateway's own audit endpoints are listed too");
        var gatewayPaths = (await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths");
        Assert.That(new[] { "/api/audit/cases/{caseId}/timeline", "/api/audit/cases/{caseId}/export", "/api/audit/keys" }.All(p => gatewayPaths.TryGetProperty(p, out _)), Is.True, gatewayPaths.ToString());
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/identification.json");
        Assert.That(document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
        Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        foreach (var service in Node.Services.Values)
        {
            using var direct = new HttpClient { BaseAddress = service };
            var ready = await direct.GetAsync("/health/ready");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{service}: {await ready.Content.ReadAsStringAsync()}");
            var checks = (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
            Assert.That(checks.GetProperty("postgresql").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(checks.GetProperty("rabbitmq").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", TestTokens.MetricsToken) } };
            Assert.That((await direct.SendAsync(scrape)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task A_case_opened_through_the_gateway_reaches_every_service_and_its_history_carries_the_caller()
    {
        using var focalPoint = Anonymous().Authorize("FocalPoint", "NL", "nl-national-rapporteur", "officer-42");
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new
        {
            source = "border-guard",
            signallingOrganisation = "nl-kmar",
            jurisdiction = "NL",
            sex = "female",
            ageGroup = "12-17",
            reasons = "Travelling alone with an adult who holds her documents.",
        });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();

        var started = DateTime.UtcNow;
        var protection = await Eventually.GetAsync("the protection case", async () =>
        {
            var response = await focalPoint.GetAsync($"/api/protection/cases/{caseId}");
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(15));
        TestContext.Out.WriteLine($"Protection saw the case {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms after 201.");
        var protectionCase = JsonDocument.Parse(protection).RootElement;
        Assert.That(protectionCase.GetProperty("childStatus").GetString(), Is.EqualTo("child"));
        Assert.That(protectionCase.GetProperty("jurisdiction").GetString(), Is.EqualTo("NL"));

        foreach (var service in new[] { "return", "remedies", "judicial" })
        {
            var known = await Eventually.GetAsync($"the {service} register entry", async () =>
            {
                var response = await focalPoint.GetAsync($"/api/{service}/cases/{caseId}");
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
            });
            Assert.That(JsonDocument.Parse(known).RootElement.GetProperty("jurisdiction").GetString(), Is.EqualTo("NL"), service);
        }

        var history = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        var entry = history.EnumerateArray().Single();
        Assert.That(entry.GetProperty("actorId").GetString(), Is.EqualTo("officer-42"));
        Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("FocalPoint"));
        Assert.That(entry.GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-national-rapporteur"));
        Assert.That(entry.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NL"));
        Assert.That(entry.GetProperty("reasons").GetString(), Does.Contain("documents"));

        // The protection decision was caused by the Identification message and sits in the same trace.
        var protectionHistory = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit");
        var protectionEntry = protectionHistory.EnumerateArray().Single();
        Assert.That(protectionEntry.GetProperty("actorId").GetString(), Is.EqualTo("system:protection"));
        Assert.That(protectionEntry.GetProperty("correlationId").GetString(), Is.EqualTo(entry.GetProperty("correlationId").GetString()));
    }

    [Test]
    public async Task Bad_input_through_the_gateway_is_a_4xx_problem_never_a_500()
    {
        using var client = Anonymous().Authorize("FocalPoint");
        var unknownEnum = await client.PostAsJsonAsync("/api/identification/cases", new { source = "rumour", signallingOrganisation = "x", jurisdiction = "NL", sex = "female", ageGroup = "18-24" });
        Assert.That(unknownEnum.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await unknownEnum.Content.ReadAsStringAsync(), Does.Contain("source"));

        var oversized = await client.PostAsync("/api/identification/cases", new StringContent(new string('x', 200_000), System.Text.Encoding.UTF8, "application/json"));
        Assert.That((int)oversized.StatusCode, Is.InRange(400, 499));
    }

    [Test]
    public async Task Protection_sees_the_assistance_entitlement_within_seconds_of_the_reasonable_grounds_decision()
    {
        using var focalPoint = Anonymous().Authorize("FocalPoint");
        async Task<HttpResponseMessage> Decide(string path, object body, HttpResponseMessage previous)
        {
            var response = await focalPoint.PostWithIfMatchAsync(path, body, previous.Headers.ETag!.Tag);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            return response;
        }

        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "labour-inspection", signallingOrganisation = "nl-inspectorate", jurisdiction = "NL", sex = "male", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var informed = await Decide($"/api/identification/cases/{caseId}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" }, opened);
        await Decide($"/api/identification/cases/{caseId}/reasonable-grounds", new { reasons = "Confiscated passport, debt bondage, 14-hour days" }, informed);

        var started = DateTime.UtcNow;
        var entitled = await Eventually.GetAsync("the entitlement in Protection", async () =>
        {
            var response = await focalPoint.GetAsync($"/api/protection/cases/{caseId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return state.GetProperty("stage").GetString() == "entitled" ? state.ToString() : null;
        }, TimeSpan.FromSeconds(10));
        TestContext.Out.WriteLine($"Protection showed the entitlement {(DateTime.UtcNow - started).TotalMilliseconds:F0} ms after the decision.");
        Assert.That(entitled, Does.Contain("entitledAt"));

        var identification = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}");
        Assert.That(identification.GetProperty("stage").GetString(), Is.EqualTo("presumed-victim"));
        Assert.That(identification.GetProperty("reflectionPeriod").GetProperty("endsAt").GetDateTimeOffset() - identification.GetProperty("reflectionPeriod").GetProperty("startsAt").GetDateTimeOffset(),
            Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task A_focal_point_takes_a_case_from_signal_to_conclusive_decision_through_the_gateway()
    {
        using var focalPoint = Anonymous().Authorize("FocalPoint", "NL", "nl-focal-point", "officer-9");
        HttpResponseMessage last;
        async Task Decide(string path, object body)
        {
            last = await focalPoint.PostWithIfMatchAsync(path, body, last.Headers.ETag!.Tag);
            Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{path}: {await last.Content.ReadAsStringAsync()}");
        }

        var catalogue = await focalPoint.GetFromJsonAsync<JsonElement>("/api/identification/indicators");
        var indicator = catalogue.GetProperty("forms").GetProperty("labour")[0].GetString();
        last = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "labour-inspection", signallingOrganisation = "nl-inspectorate", jurisdiction = "NL", sex = "female", ageGroup = "35-49" });
        var caseId = (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var cases = $"/api/identification/cases/{caseId}";
        await Decide($"{cases}/screenings", new { observed = new[] { new { form = "labour", indicator } }, source = "interview", reasons = "Observed at the greenhouse" });
        await Decide($"{cases}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "bg" });
        await Decide($"{cases}/reasonable-grounds", new { reasons = "Passport withheld, debt bondage", reflectionPeriodDays = 45 });
        await Decide($"{cases}/reflection-period/extension", new { additionalDays = 15, reasons = "Medical treatment" });
        await Decide($"{cases}/conclusive-grounds", new { outcome = "identified", reasons = "Consistent account, corroborated by the labour inspectorate" });

        var history = (await focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/history?purpose=audit")).EnumerateArray().ToList();
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[]
        {
            "case_opened", "indicators_screened", "information_on_rights_recorded", "presumed_victim_recognised", "reflection_period_started",
            "reflection_period_extended", "victim_identified",
        }));
        foreach (var entry in history)
        {
            Assert.That(entry.GetProperty("actorId").GetString(), Is.EqualTo("officer-9"));
            Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("FocalPoint"));
            Assert.That(entry.GetProperty("actorOrganisation").GetString(), Is.EqualTo("nl-focal-point"));
            Assert.That(entry.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NL"));
            Assert.That(entry.GetProperty("legalBasis").GetString(), Is.Not.Empty);
        }
        Assert.That(history[^1].GetProperty("reasons").GetString(), Does.Contain("corroborated"));
        var state = await focalPoint.GetFromJsonAsync<JsonElement>(cases);
        Assert.That(state.GetProperty("stage").GetString(), Is.EqualTo("identified"));
        Assert.That(state.GetProperty("reflectionPeriod").GetProperty("endsAt").GetDateTimeOffset() - state.GetProperty("reflectionPeriod").GetProperty("startsAt").GetDateTimeOffset(), Is.EqualTo(TimeSpan.FromDays(60)));

        // Every operation used above is in the service's OpenAPI document, as the gateway exposes it.
        var paths = (await focalPoint.GetFromJsonAsync<JsonElement>("/openapi/identification.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/identification/cases", "/api/identification/indicators", "/api/identification/cases/{caseId}/screenings", "/api/identification/cases/{caseId}/information-on-rights",
            "/api/identification/cases/{caseId}/reasonable-grounds", "/api/identification/cases/{caseId}/reflection-period/extension", "/api/identification/cases/{caseId}/conclusive-grounds",
            "/api/identification/cases/{caseId}/history" })
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
    }
}
