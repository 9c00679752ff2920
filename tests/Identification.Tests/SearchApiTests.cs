namespace TransnationalReferral.Identification.Tests;

/// <summary>Searching cases by stage, child status and reflection period, within the caller's scope only.</summary>
public class SearchApiTests : IdentificationApiFixture
{
    private async Task<List<Guid>> Search(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/search?{query}");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    private static Task<string> Post(HttpClient client, string path, object body, string etag) => client.DecideAtAsync(path, body, etag);

    [Test]
    public async Task Cases_are_found_by_stage_child_status_and_expiring_reflection_period_in_scope_only()
    {
        using var client = Client();
        var (recognised, etag) = await OpenCaseAsync(client);
        etag = await Post(client, $"/api/identification/cases/{recognised}/information-on-rights",
            new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" }, etag);
        await Post(client, $"/api/identification/cases/{recognised}/reasonable-grounds", new { reasons = "Indicators confirmed" }, etag);
        var (child, _) = await OpenCaseAsync(client, Signal(ageGroup: "12-17"));
        var (plain, _) = await OpenCaseAsync(client);

        Assert.That(await Search(client, "stage=presumed-victim"), Does.Contain(recognised).And.Not.Contain(child).And.Not.Contain(plain));
        Assert.That(await Search(client, "childStatus=child"), Does.Contain(child).And.Not.Contain(recognised));
        Assert.That(await Search(client, "reflectionExpiringWithinDays=31"), Does.Contain(recognised).And.Not.Contain(plain));
        Assert.That(await Search(client, "reflectionExpiringWithinDays=7"), Does.Not.Contain(recognised));
        Assert.That(await Search(client, "pageSize=1&page=1"), Has.Count.EqualTo(1));

        using var foreign = Client("FocalPoint", "BE");
        Assert.That(await Search(foreign, "pageSize=200"), Does.Not.Contain(recognised).And.Not.Contain(child).And.Not.Contain(plain));
        using var otherOrganisation = new HttpClient { BaseAddress = BaseAddress }.Authorize("CaseWorker", "NL", "nl-ngo-b");
        Assert.That(await Search(otherOrganisation, "pageSize=200"), Is.Empty);
    }
}
