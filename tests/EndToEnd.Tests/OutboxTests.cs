extern alias Identification;
extern alias Protection;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The outbox: a decision committed in Identification reaches Protection even when the Identification
/// process stops between the commit and the publish — and has exactly one effect.
/// </summary>
public class OutboxTests
{
    [Test]
    public async Task A_decision_committed_before_a_crash_is_published_after_the_restart_and_applied_once()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var identificationDb = await TestDatabase.CreateAsync("identification");
        await using var protectionDb = await TestDatabase.CreateAsync("protection");
        Dictionary<string, string?> Settings(TestDatabase db, bool outbox = true) => db.ServiceSettings(bus, new Dictionary<string, string?> { ["Outbox:Enabled"] = outbox ? "true" : "false" });

        await using var protection = new ServiceHost<Protection::Program>(Settings(protectionDb));
        using var protectionClient = new HttpClient { BaseAddress = protection.Start() }.Authorize("CaseWorker");

        // 1. Identification commits the decision, then "dies" before its outbox publishes anything.
        Guid caseId;
        await using (var beforeCrash = new ServiceHost<Identification::Program>(Settings(identificationDb, outbox: false)))
        {
            using var client = new HttpClient { BaseAddress = beforeCrash.Start() }.Authorize("FocalPoint");
            var response = await client.PostAsJsonAsync("/api/identification/cases",
                new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "male", ageGroup = "18-24" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            caseId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();

            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.That((await protectionClient.GetAsync($"/api/protection/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound),
                "nothing was published before the crash");
        }

        // 2. Identification starts again: the outbox resumes from its stored position and publishes the decision.
        await using (var afterRestart = new ServiceHost<Identification::Program>(Settings(identificationDb)))
        {
            afterRestart.Start();
            await Eventually.TrueAsync("the protection case after the restart", async () =>
                (await protectionClient.GetAsync($"/api/protection/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        }

        // 3. A second restart does not publish it again (progress was committed); and had it, the consumer would drop it.
        await using (var secondRestart = new ServiceHost<Identification::Program>(Settings(identificationDb)))
        {
            secondRestart.Start();
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var history = await protectionClient.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit");
        Assert.That(history.GetArrayLength(), Is.EqualTo(1), "exactly one effect");
        Assert.That(await bus.MessagesInQueueAsync("protection-identification-case-opened_error"), Is.EqualTo(0));
    }
}
