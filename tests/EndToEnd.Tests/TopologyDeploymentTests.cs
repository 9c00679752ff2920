extern alias Identification;
extern alias Protection;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Topology declared at deploy time: Protection's <c>topology</c> command (run as Devtool <c>up</c> runs it) declares its
/// queues and their bindings without consuming; a case Identification opens before Protection ever started then waits
/// on Protection's queue, and Protection applies it once at its first start.
/// </summary>
public class TopologyDeploymentTests
{
    private const string OpenedQueue = "protection-identification-case-opened";

    /// <summary>Runs the built Protection service (the build's configuration) with its <c>topology</c> argument.</summary>
    private static async Task<(int Exit, string Output)> ProtectionTopologyAsync(TestVirtualHost bus, TestDatabase database)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var directory = Path.Combine(BrokerAdmin.RepositoryRoot(), "services/Protection");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, "bin", configuration, "net10.0", "TransnationalReferral.Protection.dll"), "topology"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Marten"] = database.ConnectionString;
        start.Environment["ConnectionStrings__RabbitMq"] = bus.AmqpUri.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    [Test]
    public async Task An_event_published_before_the_consumer_first_starts_is_received_when_it_does()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var identificationDb = await TestDatabase.CreateAsync("identification");
        await using var protectionDb = await TestDatabase.CreateAsync("protection");

        var (exit, output) = await ProtectionTopologyAsync(bus, protectionDb);
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("topology declared"));

        // Identification opens a case while Protection has never run: the event is published (outbox) and waits on the queue.
        Guid caseId;
        await using (var identification = new ServiceHost<Identification::Program>(identificationDb.ServiceSettings(bus)))
        {
            using var client = new HttpClient { BaseAddress = identification.Start() }.Authorize("FocalPoint");
            var response = await client.PostAsJsonAsync("/api/identification/cases",
                new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "male", ageGroup = "18-24" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            caseId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
            await Eventually.TrueAsync("the opening waiting on Protection's queue", async () => await bus.MessagesInQueueAsync(OpenedQueue) >= 1, TimeSpan.FromSeconds(30));
        }

        // Protection starts for the first time and applies it.
        await using var protection = new ServiceHost<Protection::Program>(protectionDb.ServiceSettings(bus));
        using var protectionClient = new HttpClient { BaseAddress = protection.Start() }.Authorize("CaseWorker");
        await Eventually.TrueAsync("the protection case", async () =>
            (await protectionClient.GetAsync($"/api/protection/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var history = await protectionClient.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit");
        Assert.That(history.GetArrayLength(), Is.EqualTo(1), "applied once");
    }

    [Test]
    public async Task A_message_returned_more_often_than_the_delivery_limit_is_dead_lettered_to_the_error_queue()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var protectionDb = await TestDatabase.CreateAsync("protection");
        var (exit, output) = await ProtectionTopologyAsync(bus, protectionDb);
        Assert.That(exit, Is.Zero, output);
        using var admin = await BrokerAdmin.ConnectAsync();
        var limited = await new Devtool.DeliveryLimits(admin.Management, bus.Name, TextWriter.Null).ApplyAsync(2);
        Assert.That(limited, Does.Contain(OpenedQueue));

        // A message whose every delivery is returned unacknowledged, as when it crashes the consuming process each time.
        await bus.PublishRawAsync("TransnationalReferral.Contracts.Identification:IdentificationCaseOpened", "crashes its consumer");
        var queue = $"/api/queues/{Uri.EscapeDataString(bus.Name)}/{OpenedQueue}/get";
        var returns = 0;
        while (returns < 10)
        {
            var got = await admin.Management.PostAsJsonAsync(queue, new { count = 1, ackmode = "reject_requeue_true", encoding = "auto" });
            got.EnsureSuccessStatusCode();
            if ((await got.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength() == 0) break;
            returns++;
        }
        Assert.That(returns, Is.EqualTo(3), "delivered three times (the first and two returns' worth), then no more");
        var dead = await Eventually.GetAsync("the message in _error", async () => (await bus.DrainAsync(OpenedQueue + "_error")) is { Count: > 0 } taken ? taken : null, TimeSpan.FromSeconds(10));
        Assert.That(dead.Single(), Does.Contain("crashes its consumer").And.Contain("delivery_limit"));
    }
}
