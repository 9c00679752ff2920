extern alias Identification;
using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// While RabbitMQ is unreachable a service reports itself unready (the bus's <c>rabbitmq</c> check), yet a decision whose
/// commit needs only the database is still taken (201: the outbox publishes it later); once the broker answers again the
/// service is ready again and the decision taken meanwhile is published. The service reaches RabbitMQ through a TCP
/// proxy in the test that can be cut and restored.
/// </summary>
public class BrokerOutageTests
{
    [Test]
    public async Task While_the_broker_is_unreachable_the_service_is_unready_but_decides_and_publishes_once_it_returns()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await bus.CaptureAsync("capture", [typeof(IdentificationCaseOpened)]);
        await using var database = await TestDatabase.CreateAsync("identification");
        await using var proxy = new CuttableProxy(bus.AmqpUri.Host, bus.AmqpUri.Port);
        var proxied = new UriBuilder(bus.AmqpUri) { Host = "127.0.0.1", Port = proxy.Port }.Uri;
        var settings = database.ServiceSettings(bus);
        settings["ConnectionStrings:RabbitMq"] = proxied.ToString();
        await using var host = new ServiceHost<Identification::Program>(settings);
        var address = host.Start();
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) }.Authorize(Roles.CaseWorker, "NL", "nl-ngo-a");
        using var anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Task<HttpResponseMessage> OpenCaseAsync() => client.PostAsJsonAsync("/api/identification/cases",
            new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });

        Assert.That((await anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "ready before the outage");
        Assert.That((await OpenCaseAsync()).StatusCode, Is.EqualTo(HttpStatusCode.Created), "before the outage");

        proxy.Cut();
        try
        {
            var readiness = "";
            try
            {
                await Eventually.TrueAsync("unready while the broker is away", async () =>
                {
                    var ready = await anonymous.GetAsync("/health/ready");
                    readiness = await ready.Content.ReadAsStringAsync();
                    return ready.StatusCode == HttpStatusCode.ServiceUnavailable;
                }, TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException e) { Assert.Fail($"{e.Message} Last readiness: {readiness}"); }
            Assert.That(readiness, Does.Contain("rabbitmq"));
            Assert.That((await anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the process itself is alive");

            var during = await OpenCaseAsync();
            Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"a decision needs only the database: {await during.Content.ReadAsStringAsync()}");
            Assert.That((await client.GetAsync(during.Headers.Location)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "and reads answer");
        }
        finally
        {
            proxy.Restore();
        }

        await Eventually.TrueAsync("ready again", async () => (await anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync("both openings published", async () => await bus.MessagesInQueueAsync("capture") >= 2, TimeSpan.FromSeconds(60));
    }
}
