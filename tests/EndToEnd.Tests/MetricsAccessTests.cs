namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// <c>/metrics</c> is served only to the monitoring system: the real Identification service (own database, throwaway
/// RabbitMQ virtual host) and the real gateway, on Kestrel, asked anonymously, with a wrong credential and with the
/// configured one; and a gateway with no credential configured outside Development does not map it at all (it answers like an unknown path).
/// </summary>
public class MetricsAccessTests
{
    private IdentificationBehindGateways _node = null!;
    private Uri _gatewayAddress = null!;
    private Uri _unconfiguredAddress = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _node = await IdentificationBehindGateways.StartAsync();
        _gatewayAddress = _node.StartGateway();
        _unconfiguredAddress = _node.StartGateway(new Dictionary<string, string?> { ["Metrics:Token"] = "" });
    }

    [OneTimeTearDown]
    public async Task Stop() => await _node.DisposeAsync();

    [TestCase("identification")]
    [TestCase("gateway")]
    public async Task Metrics_answer_only_the_monitoring_systems_credential(string host)
    {
        using var client = new HttpClient { BaseAddress = host == "gateway" ? _gatewayAddress : _node.Service.Address };

        var anonymous = await client.GetAsync("/metrics");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "anonymous scrape");
        Assert.That(await anonymous.Content.ReadAsStringAsync(), Does.Not.Contain("# TYPE"), "no figures to an anonymous caller");

        Assert.That((await Scrape(client, "metrics-wrong-" + Guid.NewGuid().ToString("N"))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "wrong credential");
        Assert.That((await Scrape(client, TestTokens.For("FocalPoint"))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a user's token is not the scrape credential");

        var right = await Scrape(client, TestTokens.MetricsToken);
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the configured credential");
        Assert.That(await right.Content.ReadAsStringAsync(), Does.Contain("# TYPE"), "figures to the monitoring system");
    }

    [Test]
    public async Task Metrics_are_not_served_outside_development_without_a_configured_credential()
    {
        using var client = new HttpClient { BaseAddress = _unconfiguredAddress };
        // Not mapped: the answer is whatever an unknown path gets (the gateway's fallback policy answers 401 to anonymous callers).
        var unknown = (await client.GetAsync("/no-such-endpoint")).StatusCode;
        Assert.That(unknown, Is.AnyOf(HttpStatusCode.NotFound, HttpStatusCode.Unauthorized));
        foreach (var response in new[] { await client.GetAsync("/metrics"), await Scrape(client, TestTokens.MetricsToken) })
        {
            Assert.That(response.StatusCode, Is.EqualTo(unknown), "served like a path that does not exist");
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("# TYPE"));
        }
        Assert.That((await client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process runs");
    }

    private static async Task<HttpResponseMessage> Scrape(HttpClient client, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return await client.SendAsync(request);
    }
}
