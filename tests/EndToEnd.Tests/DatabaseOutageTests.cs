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
}
