using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Time.Testing;
using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>The judicial service over HTTP and real RabbitMQ / PostgreSQL, with a test partner speaking only the contracts.</summary>
public class JudicialApiTests
{
    /// <summary>The request a decision path is on: <c>/api/judicial/requests/{id}/decision</c> → <c>/api/judicial/requests/{id}</c>.</summary>
    internal static string RequestOf(string path) => path[..(path.IndexOf("/requests/", StringComparison.Ordinal) + "/requests/".Length + 36)];

    private static Task<HttpResponseMessage> Decide(HttpClient client, string path, object body) => client.DecideAsync(path, body, RequestOf(path), expected: null);

    private static Task Ok(HttpClient client, string path, object body) => client.DecideAsync(path, body, RequestOf(path));

    private static async Task<Guid> Draft(HttpClient client, object body)
    {
        var drafted = await client.PostAsJsonAsync("/api/judicial/requests", body);
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        return (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
    }

    [Test]
    public async Task Overdue_alert_fires_after_restart()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("judicial");
        await bus.CaptureAsync("overdue-capture", [typeof(Contract.JudicialRequestOverdue)]);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ServiceHost<JudicialRequest> Host() => new(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.ConnectionString,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
            ["Deadlines:PollSeconds"] = "0.2",
            ["Judicial:UrgentResponseDays:RO"] = "5",
        }, builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));

        Guid requestId;
        await using (var before = Host())
        {
            using var prosecutor = new HttpClient { BaseAddress = before.Start() }.Authorize("JudicialOfficer", "NL", "nl-om", "prosecutor-1");
            requestId = await Draft(prosecutor, new { type = "mla-records", counterpartJurisdiction = "RO", urgent = true, persons = new[] { new { caseId = Guid.NewGuid(), role = "suspect" } } });
            await Ok(prosecutor, $"/api/judicial/requests/{requestId}/sending", new { });
            var sent = await prosecutor.GetFromJsonAsync<JsonElement>($"/api/judicial/requests/{requestId}");
            Assert.That(sent.GetProperty("respondBy").GetDateTimeOffset() - clock.GetUtcNow(), Is.EqualTo(TimeSpan.FromDays(5)).Within(TimeSpan.FromSeconds(1)), "urgent: Romania's urgent response time");
        }

        clock.Advance(TimeSpan.FromDays(6));
        await using var after = Host();
        using var client = new HttpClient { BaseAddress = after.Start() }.Authorize("JudicialOfficer", "NL", "nl-om");
        await Eventually.TrueAsync("the overdue request listed after the restart", async () =>
            (await client.GetFromJsonAsync<JsonElement>("/api/judicial/requests?overdue=true")).EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == requestId), TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync("the overdue alert on the bus", async () => (await bus.DrainAsync("overdue-capture")).Any(m => m.Contains(requestId.ToString())), TimeSpan.FromSeconds(15));
        await using var session = after.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.That((await session.Events.FetchStreamAsync(requestId)).Count(e => e.Data is RequestOverdue), Is.EqualTo(1), "fired once");
    }

    [Test]
    public async Task A_requests_attachment_is_redacted_and_withdrawn_with_the_requests_ETags()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<JudicialRequest>.StartAsync("judicial", bus);
        using var prosecutor = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "NL", "nl-om", "prosecutor-4");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-records", counterpartJurisdiction = "RO", urgent = false, persons = new[] { new { caseId = Guid.NewGuid(), role = "suspect" } } });
        var (_, request) = await drafted.CreatedAsync("requestId");
        await prosecutor.AttachRedactWithdrawAsync(request, "OM-2026-7/witness-statement");
    }

    [Test]
    public async Task A_drafted_request_and_its_attachment_answer_their_id_and_a_Location_and_a_stale_version_speaks_of_the_request()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<JudicialRequest>.StartAsync("judicial", bus);
        using var prosecutor = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "NL", "nl-om", "prosecutor-4");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-records", counterpartJurisdiction = "RO", urgent = false, persons = new[] { new { caseId = Guid.NewGuid(), role = "suspect" } } });
        var (requestId, request) = await drafted.CreatedAsync("requestId");
        Assert.That(request, Is.EqualTo($"/api/judicial/requests/{requestId}"));
        var (_, etag) = await prosecutor.GetWithETagAsync(request);

        var (attachmentId, attachment) = await prosecutor.CreatesAddressableAsync($"{request}/attachments",
            new { reference = "OM-2026-7/records", classification = "restricted", handling = "purpose-only", containsVictimPersonalData = false }, "attachmentId", read: request);
        Assert.That(attachment, Is.EqualTo($"{request}/attachments/{attachmentId}"));
        Assert.That((await prosecutor.GetAsync($"{request}/attachments/{Guid.NewGuid()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var elsewhere = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "BE", "be-parquet", "prosecutor-be");
        Assert.That((await elsewhere.GetAsync(attachment)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the attachment is read as its request is");

        var stale = await prosecutor.PostWithIfMatchAsync($"{request}/sending", new { }, etag);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), Is.EqualTo("The request has changed since you read it"));
    }

    [Test]
    public async Task An_incoming_request_against_a_recognised_victim_is_flagged_and_not_executed_before_the_review()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<JudicialRequest>.StartAsync("judicial", bus);
        using var prosecutor = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "NL", "nl-om", "prosecutor-2");
        var publisher = service.Host.Services.GetRequiredService<IBus>();
        var victimCase = Guid.NewGuid();
        await publisher.Publish(new IdentificationCaseOpened(victimCase, Guid.NewGuid(), "NL", SignalSources.Police, "female", "18-24", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await publisher.Publish(new PresumedVictimRecognised(victimCase, "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow));
        await using (var query = service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession())
            await Eventually.TrueAsync("the recognition noted", async () => (await query.RecognisedVictimsAsync([victimCase], CancellationToken.None)).Contains(victimCase));

        // Romania asks the Netherlands to take over proceedings against her (she was forced to transport drugs).
        var requestId = Guid.NewGuid();
        await publisher.Publish(new Contract.JudicialRequestSent(requestId, "transfer-of-proceedings", "RO", "NL", false, DateTimeOffset.UtcNow.AddDays(60),
            [new Contract.PersonConcerned(victimCase, "accused")], [new Contract.AttachmentReference(Guid.NewGuid(), "RO-PG-2026-77/indictment", "confidential", "purpose-only", false)], DateTimeOffset.UtcNow));
        var request = $"/api/judicial/requests/{requestId}";
        await Eventually.TrueAsync("the incoming request", async () => (await prosecutor.GetAsync(request)).StatusCode == HttpStatusCode.OK);
        var flagged = (await prosecutor.GetFromJsonAsync<JsonElement>("/api/judicial/requests?direction=incoming")).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == requestId);
        Assert.That(flagged.GetProperty("pendingNonPunishmentReviews").GetInt32(), Is.EqualTo(1));

        await Ok(prosecutor, $"{request}/acknowledgement", new { });
        var refused = await Decide(prosecutor, $"{request}/execution", new { });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("non-punishment-review-first"));
        await Ok(prosecutor, $"{request}/non-punishment-reviews", new { caseId = victimCase, offenceCompelledByTrafficking = true, reasons = "Transport under threat from the trafficker" });
        var stillRefused = await Decide(prosecutor, $"{request}/execution", new { });
        Assert.That((await stillRefused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("non-punishment"));
        await Ok(prosecutor, $"{request}/refusal", new { grounds = "non-punishment", reasons = "CETS 197 art. 26" });

        using var belgium = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "BE", "be-parquet");
        Assert.That((await belgium.GetAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only the requested jurisdiction sees it");
        using var caseWorker = new HttpClient { BaseAddress = service.Address }.Authorize("CaseWorker", "NL", "nl-ngo");
        Assert.That((await caseWorker.GetAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Every_write_endpoint_answers_bad_input_with_a_4xx_problem_never_a_500()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<JudicialRequest>.StartAsync("judicial", bus);
        using var prosecutor = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "NL", "nl-focal-point", "prosecutor-3");
        var caseId = await KnownCases.OpenAsync(service);
        var requestId = await Draft(prosecutor, new { type = "mla-testimony", counterpartJurisdiction = "RO", urgent = false, persons = new[] { new { caseId, role = "victim" } } });
        var before = await prosecutor.GetStringAsync($"/api/judicial/requests/{requestId}");
        var (endpoints, failures) = await BadInputSweep.RunAsync(service.Host.Services, prosecutor, "/api/judicial",
            new Dictionary<string, string> { ["{requestId:guid}"] = requestId.ToString(), ["{caseId:guid}"] = caseId.ToString() },
            [.. BadInputSweep.CommonBodies, """{"type":"kidnapping","counterpartJurisdiction":"RO","urgent":false,"persons":[]}""", """{"type":"mla-records","counterpartJurisdiction":"XX","urgent":false,"persons":[]}""",
                """{"type":"mla-records","counterpartJurisdiction":"RO","urgent":false,"persons":[{"caseId":"00000000-0000-0000-0000-000000000000","role":"victim"}]}""",
                """{"reference":"","classification":"secret","handling":"purpose-only","containsVictimPersonalData":false}""", """{"reference":"x","classification":"top-secret","handling":"purpose-only","containsVictimPersonalData":false}""",
                """{"level":"extreme","measures":[],"preferredModality":"video-conference","reasons":"x"}""", """{"toJurisdiction":"ZZ","attachmentIds":[],"reasons":"x"}""",
                """{"caseId":"not-a-guid","modality":"video-conference","scheduledFor":"2030-01-01T00:00:00Z"}""", """{"movement":"teleport","reasons":"x"}""", """{"memberJurisdictions":["XX"]}""",
                """{"status":"maybe"}""", """{"assetId":"00000000-0000-0000-0000-000000000001","stage":"frozen","value":1.001,"currency":"EUR","reasons":"x"}""", """{"outcome":"granted","reasons":"x","amount":-1,"currency":"EUR"}"""],
            async path => (await prosecutor.GetAsync(path.Contains("/cases/") ? $"/api/judicial/cases/{caseId}" : $"/api/judicial/requests/{requestId}")).Headers.ETag?.Tag ?? "\"1\"");
        Assert.That(endpoints, Is.GreaterThanOrEqualTo(18));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(await prosecutor.GetStringAsync($"/api/judicial/requests/{requestId}"), Is.EqualTo(before), "no bad input changed the request");
    }
}
