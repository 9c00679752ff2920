namespace TransnationalReferral.Testing;

/// <summary>
/// Decisions with optimistic concurrency, as a client takes them: read the resource (its ETag is its version), then
/// send the decision with <c>If-Match</c>. Every write on a case or a request needs it (428 without, 409 when stale).
/// </summary>
public static class IfMatch
{
    /// <summary>What a service answers on a stale <c>If-Match</c> (409): the only conflict <see cref="DecideAsync"/> reads again on.</summary>
    public const string StaleVersion = "has changed since you read it";

    /// <summary>The case a decision path is on: <c>/api/x/cases/{id}/decision</c> → <c>/api/x/cases/{id}</c>.</summary>
    public static string CaseOf(string path)
    {
        var cases = path.IndexOf("/cases/", StringComparison.Ordinal);
        Assert.That(cases, Is.GreaterThanOrEqualTo(0), $"{path} is not on a case: say what to read");
        return path[..(cases + "/cases/".Length + 36)];
    }

    /// <summary>GETs <paramref name="read"/> (asserting 200) and returns the response with its ETag.</summary>
    public static async Task<(HttpResponseMessage Response, string ETag)> GetWithETagAsync(this HttpClient client, string read)
    {
        var response = await client.GetAsync(read);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{read}: {await response.Content.ReadAsStringAsync()}");
        Assert.That(response.Headers.ETag, Is.Not.Null, $"{read} answers without an ETag");
        return (response, response.Headers.ETag!.Tag);
    }

    /// <summary>The current ETag of <paramref name="read"/> (asserting 200).</summary>
    public static async Task<string> ETagOfAsync(this HttpClient client, string read) => (await client.GetWithETagAsync(read)).ETag;

    /// <summary>Sends <paramref name="body"/> as JSON (none when null) with <c>If-Match: etag</c> (and an <c>Idempotency-Key</c> when given); asserts nothing.</summary>
    public static async Task<HttpResponseMessage> SendWithIfMatchAsync(this HttpClient client, HttpMethod method, string path, object? body, string etag, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType()) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> with <c>If-Match: etag</c>; asserts nothing.</summary>
    public static Task<HttpResponseMessage> PostWithIfMatchAsync(this HttpClient client, string path, object body, string etag) =>
        client.SendWithIfMatchAsync(HttpMethod.Post, path, body, etag);

    /// <summary>PUTs <paramref name="body"/> with <c>If-Match: etag</c>; asserts nothing.</summary>
    public static Task<HttpResponseMessage> PutWithIfMatchAsync(this HttpClient client, string path, object body, string etag) =>
        client.SendWithIfMatchAsync(HttpMethod.Put, path, body, etag);

    /// <summary>
    /// Takes a decision as a user would: reads <paramref name="read"/> (by default the case <paramref name="path"/> is on),
    /// POSTs (or <paramref name="method"/>) <paramref name="body"/> to <paramref name="path"/> with its ETag, and asserts
    /// <paramref name="expected"/> (null: asserts nothing on the answer, the caller does). A fact heard on the bus may land
    /// between the read and the decision (409, stale version): read again, up to five attempts, unless a 409 is expected.
    /// With <paramref name="idempotencyKey"/>, every attempt carries it (one logical request).
    /// </summary>
    public static async Task<HttpResponseMessage> DecideAsync(this HttpClient client, string path, object body, string? read = null,
        HttpStatusCode? expected = HttpStatusCode.OK, HttpMethod? method = null, string? idempotencyKey = null)
    {
        read ??= CaseOf(path);
        for (var attempt = 1; ; attempt++)
        {
            var (_, etag) = await client.GetWithETagAsync(read);
            var response = await client.SendWithIfMatchAsync(method ?? HttpMethod.Post, path, body, etag, idempotencyKey);
            if (response.StatusCode == HttpStatusCode.Conflict && expected != HttpStatusCode.Conflict && attempt < 5
                && (await response.Content.ReadAsStringAsync()).Contains(StaleVersion, StringComparison.Ordinal))
            {
                await Task.Delay(200);
                continue;
            }
            if (expected is { } status)
                Assert.That(response.StatusCode, Is.EqualTo(status), $"{path}: {await response.Content.ReadAsStringAsync()}");
            return response;
        }
    }

    /// <summary><see cref="DecideAsync"/> of <paramref name="decision"/> on <paramref name="resource"/> (a case or a request): POST <c>{resource}/{decision}</c> with the ETag of <paramref name="resource"/>.</summary>
    public static Task<HttpResponseMessage> DecideOnAsync(this HttpClient client, string resource, string decision, object body, HttpStatusCode? expected = HttpStatusCode.OK) =>
        client.DecideAsync($"{resource}/{decision}", body, resource, expected);
}
