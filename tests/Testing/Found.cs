namespace TransnationalReferral.Testing;

public static class Found
{
    /// <summary>GETs <paramref name="path"/> until it answers 200 (within 30 s unless said) and returns the body as JSON: for what arrives over the bus.</summary>
    public static async Task<JsonElement> WhenFoundAsync(this HttpClient client, string what, string path, TimeSpan? timeout = null)
    {
        var body = await Eventually.GetAsync(what, async () =>
        {
            var response = await client.GetAsync(path);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, timeout ?? TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(body).RootElement;
    }
}
