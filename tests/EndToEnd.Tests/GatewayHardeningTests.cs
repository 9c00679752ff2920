namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The gateway's own defences, through the real gateway on Kestrel in front of the real Identification service
/// (its own database, a throwaway RabbitMQ virtual host): rate limiting per caller, security headers, body size,
/// unknown JSON members, and what a caller sees when a service is down.
/// </summary>
public partial class GatewayHardeningTests
{
    private const string SomeCase = "/api/identification/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01";

    private IdentificationBehindGateways _node = null!;
    private Uri _address = null!;
    private Uri _limitedAddress = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _node = await IdentificationBehindGateways.StartAsync();
        _address = _node.StartGateway();
        // A second gateway in front of the same service with a tiny limit; the window is long so the test cannot
        // slip into the next one by accident.
        _limitedAddress = _node.StartGateway(new Dictionary<string, string?>
        {
            ["RateLimiting:PermitsPerWindow"] = "3",
            ["RateLimiting:AnonymousPermitsPerWindow"] = "2",
            ["RateLimiting:WindowSeconds"] = "60",
        });
    }

    [OneTimeTearDown]
    public async Task Stop() => await _node.DisposeAsync();

    private HttpClient Client(Uri? address = null) => new() { BaseAddress = address ?? _address };

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // ------------------------------------------------------------------------------------------ rate limiting

    [Test]
    public async Task The_request_over_the_limit_is_429_with_Retry_After_and_a_problem_while_another_caller_goes_on()
    {
        using var officer = Client(_limitedAddress).Authorize("FocalPoint", subject: "officer-rate-1");
        for (var i = 1; i <= 3; i++)
        {
            var allowed = await officer.GetAsync(SomeCase);
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"request {i} reaches the service");
        }

        var refused = await officer.GetAsync(SomeCase);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.That(retryAfter, Is.Not.Null, "Retry-After in seconds");
        Assert.That(retryAfter!.Value.TotalSeconds, Is.InRange(1, 60));
        var problem = await ProblemOf(refused);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(429));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Too many requests"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("At most 3 requests per 60 s"));
        Assert.That(problem.TryGetProperty("traceId", out _), Is.True);

        // Another officer (another sub) of the same organisation has a budget of its own, as has the same sub
        // in another organisation.
        using var colleague = Client(_limitedAddress).Authorize("FocalPoint", subject: "officer-rate-2");
        Assert.That((await colleague.GetAsync(SomeCase)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var elsewhere = Client(_limitedAddress).Authorize("FocalPoint", organisation: "nl-police", subject: "officer-rate-1");
        Assert.That((await elsewhere.GetAsync(SomeCase)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // And the first one is still refused.
        Assert.That((await officer.GetAsync(SomeCase)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Callers_without_a_token_are_limited_per_address_and_more_strictly()
    {
        using var anonymous = Client(_limitedAddress);
        for (var i = 1; i <= 2; i++)
            Assert.That((await anonymous.GetAsync("/openapi/identification.json")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i}");
        var refused = await anonymous.GetAsync("/openapi/identification.json");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null);
        Assert.That((await ProblemOf(refused)).GetProperty("detail").GetString(), Does.Contain("At most 2 requests per 60 s"));
    }

    [Test]
    public async Task Health_is_not_rate_limited()
    {
        using var anonymous = Client(_limitedAddress);
        for (var i = 1; i <= 10; i++)
            Assert.That((await anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i}");
    }

    // ------------------------------------------------------------------------------------------ headers

    private static void AssertCommonHeaders(HttpResponseMessage response, string what)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
            : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";
        Assert.Multiple(() =>
        {
            Assert.That(Header("X-Content-Type-Options"), Is.EqualTo("nosniff"), what);
            Assert.That(Header("X-Frame-Options"), Is.EqualTo("DENY"), what);
            Assert.That(Header("Referrer-Policy"), Is.EqualTo("no-referrer"), what);
            Assert.That(Header("Permissions-Policy"), Does.Contain("camera=()").And.Contain("geolocation=()"), what);
            Assert.That(Header("Content-Security-Policy"), Does.Contain("frame-ancestors 'none'"), what);
            Assert.That(response.Headers.Contains("Server"), Is.False, $"{what}: no Server header");
        });
    }

    [Test]
    public async Task Api_answers_carry_the_security_headers_and_are_not_cached()
    {
        using var officer = Client().Authorize("FocalPoint", subject: "officer-headers");
        var opened = await officer.PostAsJsonAsync("/api/identification/cases", new
        {
            source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "18-24",
        });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var read = await officer.GetAsync(opened.Headers.Location);
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        foreach (var (response, what) in new[] { (opened, "201 from the service"), (read, "200 from the service") })
        {
            AssertCommonHeaders(response, what);
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"{what}: Cache-Control: no-store");
        }
        Assert.That(read.Headers.ETag, Is.Not.Null, "the ETag still reaches the caller (If-Match needs it)");
    }

    [Test]
    public async Task Refusals_made_by_the_gateway_itself_carry_the_security_headers_too()
    {
        using var anonymous = Client();
        var unauthorized = await anonymous.GetAsync(SomeCase);
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        AssertCommonHeaders(unauthorized, "401");
        Assert.That(unauthorized.Headers.CacheControl?.NoStore, Is.True);

        var health = await anonymous.GetAsync("/health/live");
        AssertCommonHeaders(health, "/health/live");
    }

    [Test]
    public async Task Docs_get_a_policy_that_runs_only_their_own_scripts_from_this_origin()
    {
        using var anonymous = Client();
        var page = await anonymous.GetAsync("/docs/");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertCommonHeaders(page, "/docs/");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        var html = await page.Content.ReadAsStringAsync();

        // The inline start-up script is allowed by its hash, never by 'unsafe-inline'.
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src "));
        Assert.That(scriptSrc, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
        var inline = InlineScripts().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(inline, Is.Not.Empty, "Scalar starts with an inline module script");
        foreach (var script in inline)
        {
            var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script)));
            Assert.That(scriptSrc, Does.Contain($"'sha256-{hash}'"));
        }
        Assert.That(csp, Does.StartWith("default-src 'none';"));
        Assert.That(csp, Does.Contain("connect-src 'self'"));
        Assert.That(csp, Does.Not.Contain("http"), "no other host is allowed");

        // Everything the page loads is relative (this origin) and served by the gateway as JavaScript.
        var sources = ScriptSources().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(sources, Is.Not.Empty);
        foreach (var source in sources)
        {
            Assert.That(source, Does.Not.Contain("//"), $"{source} is loaded from this origin");
            var script = await anonymous.GetAsync(new Uri(new Uri(_address, "/docs/"), source));
            Assert.That(script.StatusCode, Is.EqualTo(HttpStatusCode.OK), source);
            Assert.That(script.Content.Headers.ContentType?.MediaType, Does.Contain("javascript"), source);
            AssertCommonHeaders(script, source);
        }
        // Scalar's CDN fonts and its telemetry are switched off, so the page needs no other host.
        Assert.That(html, Does.Contain("\"withDefaultFonts\":false"));
        Assert.That(html, Does.Contain("\"telemetry\":false"));
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScripts();

    [GeneratedRegex("<script[^>]*\\bsrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSources();

    // ------------------------------------------------------------------------------------------ input

    // Through a live service, and through one that is down: 413 there too (not 502) shows the gateway refused
    // the body by its Content-Length without forwarding anything.
    [TestCase("/api/identification/cases")]
    [TestCase("/api/protection/cases")]
    public async Task A_body_over_64_KiB_is_413_problem_before_any_service_is_asked(string path)
    {
        using var officer = Client().Authorize("FocalPoint", subject: "officer-size");
        var body = new StringContent(new string('x', 200_000), Encoding.UTF8, "application/json");
        var response = await officer.PostAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        var problem = await ProblemOf(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(413));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("64 KiB"));
        AssertCommonHeaders(response, "413");
    }

    [Test]
    public async Task A_chunked_body_over_64_KiB_is_413_problem_too()
    {
        using var officer = Client().Authorize("FocalPoint", subject: "officer-size-chunked");
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"reasons\":\"" + new string('x', 200_000) + "\"}")));
        body.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = body };
        request.Headers.TransferEncodingChunked = true;
        var response = await officer.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
        Assert.That((await ProblemOf(response)).GetProperty("status").GetInt32(), Is.EqualTo(413));
    }

    [Test]
    public async Task An_unknown_json_member_is_400_naming_it()
    {
        using var officer = Client().Authorize("FocalPoint", subject: "officer-members");
        var response = await officer.PostAsJsonAsync("/api/identification/cases", new
        {
            source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "18-24",
            victimName = "must never be accepted here",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var text = (await ProblemOf(response)).ToString();
        Assert.That(text, Does.Contain("victimName"));
        Assert.That(text, Does.Not.Contain("must never be accepted here"), "the value is not echoed");
    }

    // ------------------------------------------------------------------------------------------ a service is down

    [TestCase("/api/protection/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01", true)]
    [TestCase("/openapi/return.json", false)]
    public async Task A_service_that_is_down_is_a_503_problem_with_Retry_After_without_internals(string path, bool withToken)
    {
        using var client = Client();
        if (withToken) client.Authorize("CaseWorker", subject: "officer-down");
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After in seconds");
        AssertCommonHeaders(response, "503");
        var problem = await ProblemOf(response);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(503));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The service is not available"));
        Assert.That(problem.GetProperty("traceId").GetString(), Does.Match("^[0-9a-f]{32}$"));

        var text = problem.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("Exception"));
            Assert.That(text, Does.Not.Contain(" at "), "no stack frames");
            Assert.That(text, Does.Not.Contain("refused").IgnoreCase);
            Assert.That(text, Does.Not.Contain("127.0.0.1"), "no internal addresses");
        });
    }
}
