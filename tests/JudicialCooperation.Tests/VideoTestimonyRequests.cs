namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>Austria's prosecutor asks Nigeria for a victim-witness's testimony by video: drafted, the victim's impact assessed, sent.</summary>
internal static class VideoTestimonyRequests
{
    public static async Task<Guid> DraftAssessAndSendAsync(HttpClient prosecutor, bool urgent, params object[] persons)
    {
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-video-testimony", counterpartJurisdiction = "NG", urgent, persons });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        await Decide(prosecutor, $"/api/judicial/requests/{requestId}/victim-impact-assessment",
            new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Returned to Nigeria; testifies by video." });
        await Decide(prosecutor, $"/api/judicial/requests/{requestId}/sending", new { });
        return requestId;
    }

    private static Task Decide(HttpClient client, string path, object body) => client.DecideAsync(path, body, JudicialApiTests.RequestOf(path));
}
