extern alias Gateway;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Behind an ingress: the gateway takes the client's address from <c>X-Forwarded-For</c> only when the request comes from a
/// configured proxy (<c>ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c>), so the rate limiter's per-address
/// partitions are per client; from anyone else — and with no proxy configured — the header is ignored. The test client
/// connects from 127.0.0.1; one anonymous request per address and window is allowed.
/// </summary>
public class ForwardedHeadersTests
{
    private static ServiceHost<Gateway::Program> Gateway(Dictionary<string, string?> more)
    {
        var settings = new[] { "identification", "protection", "return", "remedies", "judicial" }.ToDictionary(s => $"Services:{s}", _ => (string?)"http://127.0.0.1:9");
        settings["RateLimiting:AnonymousPermitsPerWindow"] = "1";
        settings["RateLimiting:WindowSeconds"] = "600";
        foreach (var (key, value) in more) settings[key] = value;
        return new ServiceHost<Gateway::Program>(settings);
    }

    /// <summary>An anonymous, rate-limited request (a service's OpenAPI document through the proxy) as from <paramref name="client"/>.</summary>
    private static async Task<HttpStatusCode> AsFromAsync(HttpClient http, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/identification.json");
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return (await http.SendAsync(request)).StatusCode;
    }

    [TestCase("ForwardedHeaders:KnownProxies:0", "127.0.0.1", TestName = "From_a_known_proxy_the_forwarded_client_address_is_the_callers")]
    [TestCase("ForwardedHeaders:KnownNetworks", "127.0.0.0/8", TestName = "From_a_known_network_the_forwarded_client_address_is_the_callers")]
    public async Task From_a_known_proxy_the_forwarded_client_address_is_the_callers(string key, string value)
    {
        await using var gateway = Gateway(new() { [key] = value });
        using var http = new HttpClient { BaseAddress = gateway.Start() };
        Assert.That(await AsFromAsync(http, "203.0.113.5"), Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "the first request of client .5");
        Assert.That(await AsFromAsync(http, "203.0.113.5"), Is.EqualTo(HttpStatusCode.TooManyRequests), "client .5 has used its one request");
        Assert.That(await AsFromAsync(http, "203.0.113.6"), Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "client .6 is another partition");
    }

    [TestCase(null, TestName = "Without_configured_proxies_forwarded_headers_are_ignored")]
    [TestCase("10.20.30.40", TestName = "From_an_unknown_proxy_forwarded_headers_are_ignored")]
    public async Task Forwarded_headers_from_elsewhere_are_ignored(string? proxy)
    {
        await using var gateway = Gateway(proxy is null ? new() : new() { ["ForwardedHeaders:KnownProxies"] = proxy });
        using var http = new HttpClient { BaseAddress = gateway.Start() };
        Assert.That(await AsFromAsync(http, "203.0.113.5"), Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "the first request from 127.0.0.1");
        Assert.That(await AsFromAsync(http, "203.0.113.6"), Is.EqualTo(HttpStatusCode.TooManyRequests), "a forged client address does not open a new partition: still 127.0.0.1");
    }
}
