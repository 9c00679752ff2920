namespace TransnationalReferral.Testing;

/// <summary>
/// A decision that creates something (a consent, a referral, a claim, a request…) answers <c>201 Created</c> with a
/// <c>Location</c> (where a GET reads the new thing) and the new id named for what it is (<c>consentId</c>, …).
/// </summary>
public static class CreatedAnswers
{
    /// <summary>Asserts 201, a Location, and <paramref name="idName"/> in the body; returns the new id and the Location.</summary>
    public static async Task<(Guid Id, string Location)> CreatedAsync(this HttpResponseMessage response, string idName)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        Assert.That(response.Headers.Location, Is.Not.Null, $"201 without a Location: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.That(body.TryGetProperty(idName, out var id), Is.True, $"the answer names the new id {idName}: {text}");
        Assert.That(body.TryGetProperty("version", out _), Is.True, $"the answer says the version: {text}");
        return (id.GetGuid(), response.Headers.Location!.OriginalString);
    }

    /// <summary>Awaits <paramref name="call"/> and asserts what <see cref="CreatedAsync(HttpResponseMessage, string)"/> does.</summary>
    public static async Task<(Guid Id, string Location)> CreatedAsync(this Task<HttpResponseMessage> call, string idName) => await (await call).CreatedAsync(idName);

    /// <summary>
    /// The contract of a decision that creates something, checked once for each thing: POST <paramref name="body"/> to
    /// <paramref name="path"/> with the ETag of <paramref name="read"/> (by default the case the path is on) and a new
    /// Idempotency-Key answers 201 with a Location and <paramref name="idName"/>; a GET of the Location answers 200 with an
    /// ETag; the same key again answers the same 201, Location and body. Returns the new id and the Location.
    /// </summary>
    public static async Task<(Guid Id, string Location)> CreatesAddressableAsync(this HttpClient client, string path, object body, string idName, string? read = null)
    {
        var key = Guid.NewGuid().ToString();
        read ??= IfMatch.CaseOf(path);
        HttpResponseMessage first;
        string etag;
        for (var attempt = 1; ; attempt++)
        {
            etag = await client.ETagOfAsync(read);
            first = await client.SendWithIfMatchAsync(HttpMethod.Post, path, body, etag, key);
            // A fact heard on the bus may land between the read and the decision: read again, as a client would.
            if (first.StatusCode != HttpStatusCode.Conflict || attempt == 5 || !(await first.Content.ReadAsStringAsync()).Contains(IfMatch.StaleVersion, StringComparison.Ordinal)) break;
        }
        var firstBody = await first.Content.ReadAsStringAsync();
        var (id, location) = await first.CreatedAsync(idName);
        Assert.That(location, Does.EndWith(id.ToString()).Or.EndWith(path[(path.LastIndexOf('/') + 1)..]), "the Location names the new thing");

        var (answer, _) = await client.GetWithETagAsync(location);
        Assert.That(await answer.Content.ReadAsStringAsync(), Does.Contain(id.ToString()), $"GET {location} answers the new thing");

        var replay = await client.SendWithIfMatchAsync(HttpMethod.Post, path, body, etag, key);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a replay answers as the first time");
        Assert.That(replay.Headers.Location?.OriginalString, Is.EqualTo(location));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(firstBody));
        Assert.That(replay.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true", Is.True);
        return (id, location);
    }
}
