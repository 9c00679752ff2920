namespace TransnationalReferral.Identification.Tests;

/// <summary>The Identification service on a real Kestrel port, with its own PostgreSQL database and a RabbitMQ virtual host.</summary>
public abstract class IdentificationApiFixture() : ServiceFixture<IdentificationCase>("identification")
{
    protected Uri BaseAddress => Service.Address;
    protected string ConnectionString => Service.Database.ConnectionString;

    protected new HttpClient Client(string role = "FocalPoint", string jurisdiction = "NL") => base.Client(role, jurisdiction);

    protected static object Signal(string jurisdiction = "NL", string ageGroup = "25-34") => new
    {
        source = "labour-inspection",
        signallingOrganisation = "nl-labour-inspectorate",
        jurisdiction,
        sex = "female",
        ageGroup,
    };

    protected async Task<(Guid CaseId, string ETag)> OpenCaseAsync(HttpClient client, object? signal = null)
    {
        var response = await client.PostAsJsonAsync("/api/identification/cases", signal ?? Signal());
        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("caseId").GetGuid(), response.Headers.ETag!.Tag);
    }
}
