namespace TransnationalReferral.Testing;

/// <summary>
/// Decisions taken at a version the test already holds (the ETag of its last answer) rather than read again as
/// <see cref="IfMatch.DecideAsync"/> does: for tests where the version a client holds is itself what is tested.
/// </summary>
public static class VersionedDecisions
{
    /// <summary>POSTs (or <paramref name="method"/>) <paramref name="body"/> with <c>If-Match: etag</c>, asserts 200 (or <paramref name="expected"/>: 201 for a decision that creates something) and returns the new ETag.</summary>
    public static async Task<string> DecideAtAsync(this HttpClient client, string path, object body, string etag, HttpMethod? method = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.SendWithIfMatchAsync(method ?? HttpMethod.Post, path, body, etag);
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{path}: {await response.Content.ReadAsStringAsync()}");
        Assert.That(response.Headers.ETag, Is.Not.Null, $"{path} answers without an ETag");
        return response.Headers.ETag!.Tag;
    }
}
