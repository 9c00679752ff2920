namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// A share grant to an organisation is for that organisation in the jurisdiction the grant names, or in the case's
/// own jurisdiction when it names none: organisation codes are not unique across countries (issue 16, item 2).
/// Through HTTP on the Identification service, real PostgreSQL.
/// </summary>
public class ShareGrantReachTests : IdentificationApiFixture
{
    private HttpClient Caller(string role, string jurisdiction, string organisation) =>
        new HttpClient { BaseAddress = BaseAddress }.Authorize(role, jurisdiction, organisation, $"{organisation}-worker");

    /// <summary>Opens a case and shares it for assistance with the organisation "ngo-safe-harbour" in <paramref name="granteeJurisdiction"/> (none named: the case's own).</summary>
    private async Task<Guid> CaseSharedWithTheNgoAsync(HttpClient focalPoint, string? granteeJurisdiction, string legalBasis)
    {
        var (caseId, etag) = await OpenCaseAsync(focalPoint);
        await focalPoint.DecideAtAsync($"/api/identification/cases/{caseId}/shares",
            new { granteeJurisdiction, granteeOrganisation = "ngo-safe-harbour", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis }, etag, expected: HttpStatusCode.Created);
        return caseId;
    }

    private static async Task<bool> ListsAsync(HttpClient caller, Guid caseId)
    {
        var page = await caller.GetFromJsonAsync<JsonElement>("/api/identification/cases?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Any(c => c.GetProperty("id").GetGuid() == caseId);
    }

    [Test]
    public async Task Organisation_grant_from_another_jurisdiction_reaches_nothing()
    {
        using var focalPoint = Client();
        var caseId = await CaseSharedWithTheNgoAsync(focalPoint, null, "Anti-trafficking Act art. 12 — referral to a shelter");

        // The same organisation code, but a caller of another country: the grant named no jurisdiction, so it is the case's (NL).
        using var abroad = Caller("CaseWorker", "BE", "ngo-safe-harbour");
        Assert.That((await abroad.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await abroad.GetAsync($"/api/identification/cases/{caseId}/history?purpose=assistance")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await abroad.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=assistance")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ListsAsync(abroad, caseId), Is.False, "the case is not listed to the organisation of the same code abroad");

        // The organisation in the case's own jurisdiction gets the case.
        using var atHome = Caller("CaseWorker", "NL", "ngo-safe-harbour");
        var seen = await atHome.GetAsync($"/api/identification/cases/{caseId}");
        Assert.That(seen.StatusCode, Is.EqualTo(HttpStatusCode.OK), await seen.Content.ReadAsStringAsync());
        Assert.That(await ListsAsync(atHome, caseId), Is.True);
    }

    [Test]
    public async Task Organisation_grant_naming_a_jurisdiction_reaches_that_organisation_only_there()
    {
        using var focalPoint = Client();
        var caseId = await CaseSharedWithTheNgoAsync(focalPoint, "BE", "Bilateral agreement NL–BE on assistance to victims, art. 4");

        using var inBelgium = Caller("CaseWorker", "BE", "ngo-safe-harbour");
        var seen = await inBelgium.GetAsync($"/api/identification/cases/{caseId}");
        Assert.That(seen.StatusCode, Is.EqualTo(HttpStatusCode.OK), await seen.Content.ReadAsStringAsync());

        // The same code at home, or another organisation in Belgium: the grant is not theirs.
        using var atHome = Caller("CaseWorker", "NL", "ngo-safe-harbour");
        Assert.That((await atHome.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var otherBelgian = Caller("CaseWorker", "BE", "be-other-ngo");
        Assert.That((await otherBelgian.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
