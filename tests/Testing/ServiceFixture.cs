using MassTransit;
using Microsoft.AspNetCore.Hosting;

namespace TransnationalReferral.Testing;

/// <summary>
/// An NUnit fixture hosting one service for all its tests: its own RabbitMQ virtual host and PostgreSQL database,
/// started before the first test and disposed after the last.
/// </summary>
public abstract class ServiceFixture<TEntryPoint>(string service) where TEntryPoint : class
{
    private TestVirtualHost? _bus;
    private HostedService<TEntryPoint>? _service;

    protected TestVirtualHost Bus => _bus ?? throw new InvalidOperationException($"{service} is not started");
    protected HostedService<TEntryPoint> Service => _service ?? throw new InvalidOperationException($"{service} is not started");
    protected IServiceProvider Services => Service.Host.Services;

    /// <summary>Settings beyond the connection strings.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Configures the host further (a fake clock, a logger).</summary>
    protected virtual void Configure(IWebHostBuilder builder) { }

    /// <summary>Runs on the virtual host before the service starts, e.g. to capture what the service publishes.</summary>
    protected virtual Task BeforeStartAsync(TestVirtualHost bus) => Task.CompletedTask;

    [OneTimeSetUp]
    public async Task StartServiceAsync()
    {
        _bus = await TestVirtualHost.CreateAsync();
        await BeforeStartAsync(_bus);
        _service = await HostedService<TEntryPoint>.StartAsync(service, _bus, Settings, Configure);
    }

    [OneTimeTearDown]
    public async Task StopServiceAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        if (_bus is not null) await _bus.DisposeAsync();
    }

    /// <summary>A client of the service acting in <paramref name="role"/>; the caller disposes it.</summary>
    protected HttpClient Client(string role, string jurisdiction = "NL") => Service.Client(role, jurisdiction);

    /// <summary>Publishes <paramref name="message"/> on the service's bus with a fresh message id.</summary>
    protected Task Publish<T>(T message) where T : class => Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = NewId.NextGuid());

    /// <summary>
    /// A case Identification opened (an adult, in NL), once this service shows it at <c>{cases}/{caseId}</c>
    /// (<c>/api/return/cases</c>); returns that path.
    /// </summary>
    protected async Task<string> CaseOpenedInIdentificationAsync(HttpClient client, string cases)
    {
        var caseId = Guid.NewGuid();
        await Publish(new Contracts.Identification.IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", Contracts.Identification.SignalSources.Police, "female", "25-34",
            Contracts.Identification.ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        var path = $"{cases}/{caseId}";
        await Eventually.TrueAsync($"the case at {path}", async () => (await client.GetAsync(path)).StatusCode == HttpStatusCode.OK);
        return path;
    }
}
