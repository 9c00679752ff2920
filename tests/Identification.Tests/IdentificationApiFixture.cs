using System.Net.Http.Json;
using System.Text.Json;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.Testing;

namespace TransnationalReferral.Identification.Tests;

/// <summary>The Identification service on a real Kestrel port, with its own PostgreSQL database and a RabbitMQ virtual host.</summary>
public abstract class IdentificationApiFixture
{
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    protected ServiceHost<IdentificationCase> Host = null!;
    protected Uri BaseAddress = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _database = await TestDatabase.CreateAsync("identification");
        _vhost = await TestVirtualHost.CreateAsync();
        Host = new ServiceHost<IdentificationCase>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = _database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = _vhost.AmqpUri.ToString(),
        });
        BaseAddress = Host.Start();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await Host.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected HttpClient Client(string role = "FocalPoint", string jurisdiction = "NL") =>
        new HttpClient { BaseAddress = BaseAddress }.Authorize(role, jurisdiction);

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
