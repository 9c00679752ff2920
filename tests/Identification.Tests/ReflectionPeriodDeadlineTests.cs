using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace TransnationalReferral.Identification.Tests;

/// <summary>The reflection period's warning and expiry are durable: they fire after a restart, on time, once.</summary>
public class ReflectionPeriodDeadlineTests
{
    [Test]
    public async Task The_expiry_fires_after_a_restart_of_the_service()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("identification");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ServiceHost<IdentificationCase> Host() => new(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
            ["Deadlines:PollSeconds"] = "0.2",
        }, builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));

        Guid caseId;
        await using (var before = Host())
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
            Assert.That(await DecisionsAsync(before, caseId), Does.Not.Contain("reflection_period_ended"), "nothing fires before its time");
        }

        // The service is down while the period runs out; it starts again 31 days later.
        clock.Advance(TimeSpan.FromDays(31));
        await using var after = Host();
        after.Start();
        await Eventually.TrueAsync("the expiry after the restart", async () => (await DecisionsAsync(after, caseId)).Contains("reflection_period_ended"), TimeSpan.FromSeconds(15));
        await Task.Delay(600);
        var decisions = await DecisionsAsync(after, caseId);
        Assert.That(decisions.Count(d => d == "reflection_period_expiring"), Is.EqualTo(1), string.Join(", ", decisions));
        Assert.That(decisions.Count(d => d == "reflection_period_ended"), Is.EqualTo(1), "fired once");
    }

    [Test]
    public async Task An_extension_moves_the_expiry_to_the_new_end()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("identification");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new ServiceHost<IdentificationCase>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
            ["Deadlines:PollSeconds"] = "0.2",
        }, builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));
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
        Assert.That(await DecisionsAsync(host, caseId), Does.Not.Contain("reflection_period_ended"), "the old end has passed, the period has not");

        clock.Advance(TimeSpan.FromDays(15));
        await Eventually.TrueAsync("the expiry at the new end", async () => (await DecisionsAsync(host, caseId)).Contains("reflection_period_ended"), TimeSpan.FromSeconds(10));
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

    private static async Task<List<string>> DecisionsAsync(ServiceHost<IdentificationCase> host, Guid caseId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(caseId)).Select(e => e.EventTypeName).ToList();
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return await client.SendAsync(request);
    }
}
