namespace TransnationalReferral.Identification.Tests;

/// <summary>The reflection period's warning and expiry are durable: they fire after a restart, on time, once.</summary>
public class ReflectionPeriodDeadlineTests
{
    [Test]
    public async Task The_expiry_fires_after_a_restart_of_the_service()
    {
        await using var service = await ClockedService<IdentificationCase>.CreateAsync("identification");

        Guid caseId;
        await using (var before = service.Host())
        {
            using var client = new HttpClient { BaseAddress = before.Start() }.Authorize("FocalPoint");
            var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "18-24" });
            caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
            var informed = await Send(client, $"/api/identification/cases/{caseId}/information-on-rights",
                new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" }, opened.Headers.ETag!.Tag);
            var refusedShort = await Send(client, $"/api/identification/cases/{caseId}/reasonable-grounds", new { reasons = "Indicators", reflectionPeriodDays = 20 }, informed.Headers.ETag!.Tag);
            Assert.That(refusedShort.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That((await refusedShort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("reflection-period-minimum"));
            var recognised = await Send(client, $"/api/identification/cases/{caseId}/reasonable-grounds", new { reasons = "Indicators of labour exploitation confirmed at interview" }, informed.Headers.ETag!.Tag);
            Assert.That(recognised.StatusCode, Is.EqualTo(HttpStatusCode.OK), await recognised.Content.ReadAsStringAsync());
            await Task.Delay(600);
            Assert.That(await before.EventTypesAsync(caseId), Does.Not.Contain("reflection_period_ended"), "nothing fires before its time");
        }

        // The service is down while the period runs out; it starts again 31 days later.
        service.Clock.Advance(TimeSpan.FromDays(31));
        await using var after = service.Host();
        after.Start();
        await Eventually.TrueAsync("the expiry after the restart", async () => (await after.EventTypesAsync(caseId)).Contains("reflection_period_ended"), TimeSpan.FromSeconds(15));
        await Task.Delay(600);
        var decisions = await after.EventTypesAsync(caseId);
        Assert.That(decisions.Count(d => d == "reflection_period_expiring"), Is.EqualTo(1), string.Join(", ", decisions));
        Assert.That(decisions.Count(d => d == "reflection_period_ended"), Is.EqualTo(1), "fired once");
    }

    [Test]
    public async Task An_extension_moves_the_expiry_to_the_new_end()
    {
        await using var service = await ClockedService<IdentificationCase>.CreateAsync("identification");
        var clock = service.Clock;
        await using var host = service.Host();
        using var client = new HttpClient { BaseAddress = host.Start() }.Authorize("FocalPoint");
        var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-ngo", jurisdiction = "NL", sex = "male", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var informed = await Send(client, $"/api/identification/cases/{caseId}/information-on-rights",
            new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "nl" }, opened.Headers.ETag!.Tag);
        var recognised = await Send(client, $"/api/identification/cases/{caseId}/reasonable-grounds", new { reasons = "Indicators" }, informed.Headers.ETag!.Tag);
        var extended = await Send(client, $"/api/identification/cases/{caseId}/reflection-period/extension", new { additionalDays = 15, reasons = "Hospital stay" }, recognised.Headers.ETag!.Tag);
        Assert.That(extended.StatusCode, Is.EqualTo(HttpStatusCode.OK), await extended.Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromDays(31));
        await Task.Delay(1000);
        Assert.That(await host.EventTypesAsync(caseId), Does.Not.Contain("reflection_period_ended"), "the old end has passed, the period has not");

        clock.Advance(TimeSpan.FromDays(15));
        await Eventually.TrueAsync("the expiry at the new end", async () => (await host.EventTypesAsync(caseId)).Contains("reflection_period_ended"), TimeSpan.FromSeconds(10));
    }

    [Test]
    public void A_service_configured_with_a_reflection_period_below_30_days_does_not_start()
    {
        using var host = new ServiceHost<IdentificationCase>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ConnectionStrings:RabbitMq"] = "amqp://127.0.0.1:1/",
            ["Identification:ReflectionPeriodDays"] = "21",
        });
        var error = Assert.Catch(() => host.Start());
        Assert.That(error!.ToString(), Does.Contain("at least 30"));
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, object body, string etag) => client.PostWithIfMatchAsync(path, body, etag);
}
