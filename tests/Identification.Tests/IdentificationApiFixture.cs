namespace TransnationalReferral.Identification.Tests;

/// <summary>The Identification service on a real Kestrel port, with its own PostgreSQL database and a RabbitMQ virtual host.</summary>
public abstract class IdentificationApiFixture
{
    private TestVirtualHost _bus = null!;
    protected TestVirtualHost Bus => _bus;
    private HostedService<IdentificationCase> _service = null!;
    protected Uri BaseAddress => _service.Address;
    protected string ConnectionString => _service.Database.ConnectionString;
    protected IServiceProvider Services => _service.Host.Services;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _bus = await TestVirtualHost.CreateAsync();
        _service = await HostedService<IdentificationCase>.StartAsync("identification", _bus);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        await _service.DisposeAsync();
        await _bus.DisposeAsync();
    }

    protected HttpClient Client(string role = "FocalPoint", string jurisdiction = "NL") => _service.Client(role, jurisdiction);

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
