extern alias Gateway;

using Gateway::TransnationalReferral.Gateway.Balancing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Two instances of Identification behind the gateway (<see cref="IdentificationInstances"/>): requests are spread over
/// both; when one stops, reads keep succeeding (the gateway tries the other instance), a decision meets the dead
/// instance at most once and is then answered 503 problem+json with Retry-After (never 500), and everything after that
/// succeeds; the restarted instance is taken back into rotation once its /health/ready answers.
/// </summary>
public class SeveralInstancesTests
{
    private IdentificationInstances _instances = null!;

    // Health checks so slow that only the passive check (a refused connection) can take an instance out of rotation,
    // and it stays out for the whole test.
    private static readonly Dictionary<string, string?> PassiveOnly = new()
    {
        ["LoadBalancing:HealthCheckIntervalSeconds"] = "600",
        ["LoadBalancing:ReactivationSeconds"] = "600",
    };

    // Quick checks: the active check notices a stopped instance and a restarted one within a second or two.
    private static readonly Dictionary<string, string?> QuickChecks = new()
    {
        ["LoadBalancing:HealthCheckIntervalSeconds"] = "0.5",
        ["LoadBalancing:HealthCheckTimeoutSeconds"] = "2",
        ["LoadBalancing:ReactivationSeconds"] = "1",
    };

    [OneTimeSetUp]
    public async Task Start() => _instances = await IdentificationInstances.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _instances.DisposeAsync();

    /// <summary>Each test starts with both instances running and nothing counted.</summary>
    [SetUp]
    public void BothInstancesRun()
    {
        _instances.Start(0);
        _instances.Start(1);
        _instances.ResetCounts();
    }

    private static HttpClient Officer(Uri gateway) => new HttpClient { BaseAddress = gateway }.Authorize("FocalPoint", subject: "officer-instances");

    private static Task<HttpResponseMessage> OpenCaseAsync(HttpClient officer) => officer.PostAsJsonAsync("/api/identification/cases",
        new { source = "ngo", signallingOrganisation = "nl-comensha", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });

    private static async Task<string> OpenedCaseAsync(HttpClient officer) => (await (await OpenCaseAsync(officer)).CreatedAsync("caseId")).Location;

    /// <summary>A gateway with <paramref name="settings"/>, a case opened through it while both instances ran, then the second instance stopped.</summary>
    private async Task<(HttpClient Officer, IServiceProvider Gateway, string Case)> SecondInstanceStoppedAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var (address, services) = _instances.StartGateway(settings);
        var officer = Officer(address);
        var location = await OpenedCaseAsync(officer);
        await _instances.StopAsync(1);
        _instances.ResetCounts();
        return (officer, services, location);
    }

    private static IReadOnlyList<InstanceHealth> HealthAt(IServiceProvider gateway) => gateway.GetRequiredService<ServiceInstances>().Health("identification");

    [Test]
    public async Task Requests_are_spread_over_both_instances()
    {
        var (gateway, _) = _instances.StartGateway(QuickChecks);
        using var officer = Officer(gateway);
        var location = await OpenedCaseAsync(officer);
        for (var i = 0; i < 40; i++)
            Assert.That((await officer.GetAsync(location)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That(_instances.Served, Has.All.GreaterThan(0), $"requests per instance: {string.Join(", ", _instances.Served)}");
        Assert.That(_instances.Served.Sum(), Is.EqualTo(41));
    }

    [Test]
    public async Task When_an_instance_stops_every_read_still_succeeds()
    {
        var stopped = await SecondInstanceStoppedAsync(PassiveOnly);
        using var officer = stopped.Officer;
        for (var i = 0; i < 30; i++)
        {
            var read = await officer.GetAsync(stopped.Case);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"read #{i + 1}: {await read.Content.ReadAsStringAsync()}");
        }
        Assert.That(_instances.Served[0], Is.EqualTo(30), "the running instance answered every read");
        // With 30 reads the gateway met the stopped instance (each read had an even chance of being sent there first), and
        // took it out of rotation.
        Assert.That(HealthAt(stopped.Gateway).Single(i => i.Instance == "identification-2").Health, Is.EqualTo("unhealthy"));
    }

    [Test]
    public async Task When_an_instance_stops_a_decision_meets_it_at_most_once_as_503_with_Retry_After_and_every_later_one_succeeds()
    {
        using var officer = (await SecondInstanceStoppedAsync(PassiveOnly)).Officer;
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var opened = await OpenCaseAsync(officer);
            answers.Add(opened.StatusCode);
            if (opened.StatusCode == HttpStatusCode.Created) continue;
            var text = await opened.Content.ReadAsStringAsync();
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), $"decision #{i + 1}: {text}");
            Assert.That(opened.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
            Assert.That(opened.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After in seconds");
            Assert.That(text, Does.Contain(Gateway::TransnationalReferral.Gateway.Hardening.ProxyProblems.UnavailableTitle));
        }

        // Each decision had an even chance of being sent to the stopped instance while it was still in rotation; the first
        // that was is the only one that did not succeed.
        Assert.That(answers.Count(a => a == HttpStatusCode.ServiceUnavailable), Is.EqualTo(1), string.Join(", ", answers));
    }

    [Test]
    public async Task The_ops_summary_lists_each_instance_with_its_health()
    {
        var stopped = await SecondInstanceStoppedAsync(QuickChecks);
        using var officer = stopped.Officer;
        using var ops = new HttpClient { BaseAddress = stopped.Officer.BaseAddress }.Authorize("Ops", subject: "ops-instances");
        JsonElement identification = default;
        // Until the active check has noticed, the figures may have been asked of the stopped instance ("unavailable").
        await Eventually.TrueAsync("the ops summary to show the stopped instance unhealthy and the figures of the running one", async () =>
        {
            var summary = await ops.GetFromJsonAsync<JsonElement>("/api/ops/summary");
            identification = summary.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("service").GetString() == "identification");
            return identification.GetProperty("status").GetString() == "ok"
                && identification.GetProperty("instances").EnumerateArray().Any(i => i.GetProperty("health").GetString() == "unhealthy");
        });
        Assert.That(identification.GetProperty("instances").EnumerateArray().Select(i => $"{i.GetProperty("instance").GetString()}: {i.GetProperty("health").GetString()}"),
            Is.EqualTo(new[] { "identification-1: healthy", "identification-2: unhealthy" }));
    }

    [Test]
    public async Task A_restarted_instance_is_back_in_rotation_once_it_is_ready()
    {
        var stopped = await SecondInstanceStoppedAsync(QuickChecks);
        using var officer = stopped.Officer;
        await Eventually.TrueAsync("the active check to take the stopped instance out of rotation",
            () => Task.FromResult(HealthAt(stopped.Gateway).Single(i => i.Instance == "identification-2").Health == "unhealthy"));

        _instances.Start(1);
        _instances.ResetCounts();
        var reads = 0;
        await Eventually.TrueAsync("the restarted instance to answer reads through the gateway", async () =>
        {
            var read = await officer.GetAsync(stopped.Case);
            reads++;
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"read #{reads}: {await read.Content.ReadAsStringAsync()}");
            return _instances.Served[1] > 0;
        }, TimeSpan.FromSeconds(30));
        Assert.That(HealthAt(stopped.Gateway).Select(i => i.Health), Has.All.EqualTo("healthy"));
    }
}
