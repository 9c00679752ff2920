extern alias Identification;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// While its PostgreSQL is unreachable a service answers 503 with Retry-After as problem+json (never 500) and reports
/// itself unready; once the database answers again, so does the service. The service reaches its database through a
/// TCP proxy in the test that can be cut (connections dropped, new ones refused at once) and restored.
/// </summary>
public class DatabaseOutageTests
{
    private ServiceBehindProxy<Identification::Program> _service = null!;
    private CuttableProxy _proxy = null!;
    private HttpClient _client = null!;
    private HttpClient _anonymous = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _service = await ServiceBehindProxy<Identification::Program>.StartAsync("identification");
        _proxy = _service.Proxy;
        _client = _service.Client().Authorize(Roles.CaseWorker, "NL", "nl-ngo-a");
        _anonymous = _service.Client();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        _anonymous.Dispose();
        await _service.DisposeAsync();
    }

    private Task<HttpResponseMessage> OpenCaseAsync() => _client.PostAsJsonAsync("/api/identification/cases",
        new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });

    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"{what}: {body}");
        Assert.That(response.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), $"{what}: Retry-After");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), what);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(503), what);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("database-unavailable"), what);
    }

    [Test]
    public async Task While_the_database_is_unreachable_reads_and_writes_are_503_with_Retry_After_and_the_service_is_unready_then_it_recovers()
    {
        var opened = await OpenCaseAsync();
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), "before the outage");
        var existing = opened.Headers.Location!;
        Assert.That((await _anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "ready before the outage");

        _proxy.Cut();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                var read = await _client.GetAsync(existing);
                statuses.Add(read.StatusCode);
                await AssertUnavailableAsync(read, $"read #{i + 1}");
                var write = await OpenCaseAsync();
                statuses.Add(write.StatusCode);
                await AssertUnavailableAsync(write, $"write #{i + 1}");
                var list = await _client.GetAsync("/api/identification/cases/search");
                statuses.Add(list.StatusCode);
                await AssertUnavailableAsync(list, $"list #{i + 1}");
            }
            Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.InternalServerError));
            var ready = await _anonymous.GetAsync("/health/ready");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "readiness reports unready");
            Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("postgresql"));
            Assert.That((await _anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process itself is alive");
        }
        finally
        {
            _proxy.Restore();
        }

        await Eventually.TrueAsync("ready again", async () => (await _anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync("reads answer again", async () => (await _client.GetAsync(existing)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        var after = await OpenCaseAsync();
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Created), await after.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task While_the_database_is_unreachable_no_route_of_the_service_answers_500()
    {
        // Every route of the service's endpoint table under /api, its route values filled with fresh ids and an empty
        // JSON object as the body: whatever the route refuses before it needs the database (4xx) is fine; what needs the
        // database is 503 with Retry-After; nothing is 500.
        var routes = _service.Host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: "/" + Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{[^}]+\}", _ => Guid.NewGuid().ToString()))))
            .Distinct().ToList();
        Assert.That(routes, Has.Count.GreaterThan(10), "the service's routes");

        _proxy.Cut();
        var answers = new List<string>();
        try
        {
            foreach (var (method, path) in routes)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await _client.SendAsync(request);
                answers.Add($"{(int)response.StatusCode} {method} {path}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable) await AssertUnavailableAsync(response, $"{method} {path}");
            }
        }
        finally
        {
            _proxy.Restore();
        }
        TestContext.Out.WriteLine($"{routes.Count} routes during the outage: " + string.Join(", ", answers.GroupBy(a => a[..3]).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.That(answers.Where(a => a.StartsWith("500", StringComparison.Ordinal)), Is.Empty, string.Join("\n", answers));
        Assert.That(answers.Count(a => a.StartsWith("503", StringComparison.Ordinal)), Is.GreaterThan(routes.Count / 4), "most routes need the database: " + string.Join("\n", answers));
        await Eventually.TrueAsync("ready again", async () => (await _anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
    }
}
