using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Tests;

/// <summary>The Protection service consuming Identification's events over real RabbitMQ into real PostgreSQL.</summary>
public class ConsumerTests() : ServiceFixture<ProtectionCase>("protection")
{
    private HttpClient _client = null!;

    private const string ErrorQueue = "protection-identification-case-opened_error";

    [OneTimeSetUp]
    public void Clients() => _client = Client("CaseWorker");

    [OneTimeTearDown]
    public void DisposeClients() => _client.Dispose();

    private static IdentificationCaseOpened Opened(string jurisdiction = "NL", string childStatus = ChildStatuses.Adult) =>
        new(Guid.NewGuid(), Guid.NewGuid(), jurisdiction, SignalSources.Police, "female", "25-34", childStatus, DateTimeOffset.UtcNow, OwnerOrganisation: "nl-focal-point");

    private Task Publish(IdentificationCaseOpened message, Guid messageId) =>
        Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId);

    private async Task<JsonElement> CaseAsync(Guid caseId) => await Eventually.GetAsync($"protection case {caseId}", async () =>
    {
        var response = await _client.GetAsync($"/api/protection/cases/{caseId}");
        return response.StatusCode == HttpStatusCode.OK ? (object)await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }) is JsonElement json ? json : default;

    [Test]
    public async Task A_published_case_opening_opens_the_protection_case()
    {
        var message = Opened(childStatus: ChildStatuses.PresumedChild);
        await Publish(message, NewId.NextGuid());

        var state = await CaseAsync(message.CaseId);
        Assert.That(state.GetProperty("stage").GetString(), Is.EqualTo("awaiting-entitlement"));
        Assert.That(state.GetProperty("childStatus").GetString(), Is.EqualTo("presumed-child"));

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{message.CaseId}/history?purpose=audit");
        var entry = history.EnumerateArray().Single();
        Assert.That(entry.GetProperty("actorId").GetString(), Is.EqualTo("system:protection"));
        Assert.That(entry.GetProperty("actorRole").GetString(), Is.EqualTo("System"));
        Assert.That(entry.GetProperty("legalBasis").GetString(), Does.Contain("art. 12"));
    }

    [Test]
    public async Task A_redelivered_message_has_one_effect()
    {
        var errorsBefore = await Bus.MessagesInQueueAsync(ErrorQueue);
        var message = Opened();
        var messageId = NewId.NextGuid();
        await Publish(message, messageId);
        await CaseAsync(message.CaseId);

        // The same message again (a redelivery, or the outbox publishing a page twice), then a marker message.
        await Publish(message, messageId);
        await Publish(message, messageId);
        var marker = Opened();
        await Publish(marker, NewId.NextGuid());
        await CaseAsync(marker.CaseId);

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{message.CaseId}/history?purpose=audit");
        Assert.That(history.GetArrayLength(), Is.EqualTo(1), "one protection case opened, however often the message came");
        Assert.That(await Bus.MessagesInQueueAsync(ErrorQueue), Is.EqualTo(errorsBefore), "a duplicate is acknowledged, not faulted");
    }

    [Test]
    public async Task An_unknown_child_status_code_opens_the_case_as_for_a_presumed_child_and_says_so()
    {
        // A newer Identification may send a code this service does not know: the case still opens (contracts keep unknown
        // codes), read the protective way — a presumed child (CETS 197 art. 10(3)) — never dead-lettered.
        var message = Opened(childStatus: "age-disputed");
        var errorsBefore = await Bus.MessagesInQueueAsync(ErrorQueue);
        await Publish(message, NewId.NextGuid());

        var state = await CaseAsync(message.CaseId);
        Assert.That(state.GetProperty("childStatus").GetString(), Is.EqualTo("presumed-child"));
        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{message.CaseId}/history?purpose=audit");
        Assert.That(history.EnumerateArray().Single().GetProperty("reasons").GetString(), Does.Contain("'age-disputed' is not known here: read as presumed-child"));
        Assert.That(await Bus.MessagesInQueueAsync(ErrorQueue), Is.EqualTo(errorsBefore));
    }

    [Test]
    public async Task A_malformed_message_goes_to_the_error_queue_and_the_consumer_keeps_going()
    {
        // Not JSON at all, then a message without a valid jurisdiction: neither can ever be applied.
        await Bus.PublishRawAsync("TransnationalReferral.Contracts.Identification:IdentificationCaseOpened", "this is not a MassTransit envelope {");
        var invalid = Opened(jurisdiction: "Netherlands");
        await Publish(invalid, NewId.NextGuid());

        await Eventually.TrueAsync("two messages in the error queue", async () => await Bus.MessagesInQueueAsync(ErrorQueue) >= 2, TimeSpan.FromSeconds(30));

        var good = Opened();
        await Publish(good, NewId.NextGuid());
        var state = await CaseAsync(good.CaseId);
        Assert.That(state.GetProperty("id").GetGuid(), Is.EqualTo(good.CaseId));
        Assert.That((await _client.GetAsync($"/api/protection/cases/{invalid.CaseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Assistance_continues_when_cooperation_is_withdrawn()
    {
        var opened = Opened();
        await Publish(opened, NewId.NextGuid());
        await Publish(new PresumedVictimRecognised(opened.CaseId, "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow));
        await Eventually.GetAsync("the entitlement", async () =>
        {
            var response = await _client.GetAsync($"/api/protection/cases/{opened.CaseId}");
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() == "entitled" ? response : null;
        });

        await _client.DecideOnAsync($"/api/protection/cases/{opened.CaseId}", "needs-assessments", new { needs = new[] { "safe-accommodation", "psychological", "legal-aid" } });
        await _client.DecideOnAsync($"/api/protection/cases/{opened.CaseId}", "risk-assessments", new { level = "high", factors = new[] { "witness-intimidation", "threats-to-family" }, familyAtRisk = true });
        var before = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{opened.CaseId}");

        await Publish(new TransnationalReferral.Contracts.JudicialCooperation.CooperationStatusChanged(opened.CaseId, "withdrawn", DateTimeOffset.UtcNow));
        var after = await Eventually.GetAsync("the cooperation status noted", async () =>
        {
            var state = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{opened.CaseId}");
            return state.GetProperty("cooperation").ValueKind == JsonValueKind.String ? state.ToString() : null;
        });

        var afterState = JsonDocument.Parse(after).RootElement;
        Assert.That(afterState.GetProperty("cooperation").GetString(), Is.EqualTo("withdrawn"));
        foreach (var property in new[] { "stage", "entitledAt", "needs", "risk", "jurisdiction", "childStatus" })
            Assert.That(afterState.GetProperty(property).ToString(), Is.EqualTo(before.GetProperty(property).ToString()), $"{property} unchanged");
        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{opened.CaseId}/history?purpose=audit");
        var noted = history.EnumerateArray().Last();
        Assert.That(noted.GetProperty("decision").GetString(), Is.EqualTo("cooperation_status_noted"));
        Assert.That(noted.GetProperty("legalBasis").GetString(), Does.Contain("not conditional on cooperation"));
    }
}
