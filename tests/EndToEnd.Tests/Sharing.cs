namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>The focal point shares a case with another organisation (a recorded decision), and every service hears it.</summary>
public static class Sharing
{
    /// <summary>
    /// Shares the case with <paramref name="organisation"/> for <paramref name="purpose"/> and waits until the judicial
    /// service lets <paramref name="grantee"/> see it (a prosecutor names in a request only the cases it may see).
    /// </summary>
    public static async Task ShareWithAsync(HttpClient focalPoint, Guid caseId, string organisation, HttpClient grantee, string purpose = "criminal-proceedings")
    {
        await focalPoint.DecideAsync($"/api/identification/cases/{caseId}/shares",
            new { granteeOrganisation = organisation, purpose, expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Cooperation with the prosecution, art. 27 CETS 197" },
            expected: HttpStatusCode.Created);
        await Eventually.TrueAsync("the judicial service hears the share", async () => (await grantee.GetAsync($"/api/judicial/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
    }
}
