using Microsoft.AspNetCore.Routing;

namespace TransnationalReferral.Testing;

/// <summary>
/// Sends bad bodies to every POST/PUT endpoint of a service, found from its routing table (a new endpoint is
/// covered without writing anything), and lists every answer that is not a 4xx ProblemDetails.
/// </summary>
public static class BadInputSweep
{
    public static readonly string[] CommonBodies = ["{}", "[]", "null", "not json", """{"unknownField":1}""", """{"reasons":12}""", """{"reasons":"x","outcome":"teleported"}"""];

    /// <param name="prefix">Only endpoints under this path (e.g. <c>/api/return</c>).</param>
    /// <param name="routeValues">What to put for each route parameter, e.g. <c>{caseId:guid}</c> → a real case id.</param>
    /// <param name="etagOf">The If-Match to send with a request to a path (the current version of what it decides on).</param>
    public static async Task<(int Endpoints, IReadOnlyList<string> Failures)> RunAsync(IServiceProvider services, HttpClient client, string prefix,
        IReadOnlyDictionary<string, string> routeValues, IEnumerable<string> bodies, Func<string, Task<string>> etagOf)
    {
        var writes = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Where(e => e.Pattern.StartsWith(prefix))
            .ToList();
        var failures = new List<string>();
        foreach (var (method, pattern) in writes)
        {
            var path = routeValues.Aggregate(pattern, (p, v) => p.Replace(v.Key, v.Value));
            foreach (var body in bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.IfMatch.Add(new EntityTagHeaderValue(await etagOf(path)));
                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{method} {pattern} {body} → {status} {response.Content.Headers.ContentType?.MediaType}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        return (writes.Count, failures);
    }
}
