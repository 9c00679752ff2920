extern alias Protection;
using TransnationalReferral.Contracts.Identification;
using Microsoft.Extensions.Logging;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A consumer whose database is away waits it out: the messages stay on their queues, none reaches <c>_error</c>, and
/// once the database answers each is applied exactly once — however much longer than the bounded retry the outage
/// lasted. A message that fails for another reason still reaches <c>_error</c> after its bounded retries, and one that
/// can never be applied goes there at once. Protection reaches its database through a proxy the test cuts and restores;
/// the bounded retry is shortened (three attempts within a second) so the outage outlasts it many times over.
/// </summary>
public class DurableRetryTests
{
    private const int RetryLimit = 2;
    private const string OpenedQueue = "protection-identification-case-opened";
    private const string RecognisedQueue = "protection-presumed-victim-recognised";

    private readonly CapturingLoggerProvider _logs = new();
    private ServiceBehindProxy<Protection::Program> _service = null!;
    private TestVirtualHost _bus = null!;
    private CuttableProxy _proxy = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _service = await ServiceBehindProxy<Protection::Program>.StartAsync("protection", new Dictionary<string, string?>
        {
            ["Messaging:Retry:Limit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:Retry:MinInterval"] = "00:00:00.050",
            ["Messaging:Retry:MaxInterval"] = "00:00:00.200",
            ["Messaging:Retry:IntervalDelta"] = "00:00:00.050",
            ["Messaging:Retry:OutageMinInterval"] = "00:00:00.100",
            ["Messaging:Retry:OutageMaxInterval"] = "00:00:00.500",
        }, builder => builder.ConfigureLogging(logging => logging.AddProvider(_logs)));
        (_bus, _proxy) = (_service.Bus, _service.Proxy);
        _client = _service.Client().Authorize(Roles.CaseWorker);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    private static IdentificationCaseOpened Opened(string jurisdiction = "NL") =>
        new(Guid.NewGuid(), Guid.NewGuid(), jurisdiction, SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, OwnerOrganisation: "nl-focal-point");

    private async Task<Guid> PublishAsync<T>(T message) where T : class
    {
        var messageId = NewId.NextGuid();
        await _service.Host.Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId);
        return messageId;
    }

    private async Task<JsonElement> HistoryAsync(Guid caseId) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit");

    private async Task<string?> StageAsync(Guid caseId)
    {
        var response = await _client.GetAsync($"/api/protection/cases/{caseId}");
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() : null;
    }

    /// <summary>The outage retry the service has logged for a message (every tenth is logged), 0 before any.</summary>
    private int OutageRetriesLogged(Guid messageId) => _logs.Lines
        .Where(l => l.Contains($"MessageId={messageId}", StringComparison.Ordinal) && l.Contains("outage retry", StringComparison.Ordinal))
        .Select(l => int.Parse(Regex.Match(l, @"Outage=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
        .DefaultIfEmpty(0).Max();

    [Test]
    public async Task Messages_consumed_while_the_database_is_away_wait_it_out_and_are_applied_once_when_it_returns()
    {
        var before = Opened();
        await PublishAsync(before);
        await Eventually.TrueAsync("the case opened before the outage", async () => await StageAsync(before.CaseId) == "awaiting-entitlement");

        _proxy.Cut();
        var openings = Enumerable.Range(0, 5).Select(_ => Opened()).ToList();
        var messageIds = new List<Guid>();
        try
        {
            foreach (var opening in openings) messageIds.Add(await PublishAsync(opening));
            messageIds.Add(await PublishAsync(new PresumedVictimRecognised(before.CaseId, "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow)));

            // Ten outage retries of every message: far more attempts than the bounded retry (3) would have made before
            // sending it to _error, and several seconds against its window of under one.
            await Eventually.TrueAsync("ten outage retries of every message", () => Task.FromResult(messageIds.All(id => OutageRetriesLogged(id) >= 10)), TimeSpan.FromSeconds(90));
            Assert.That(await _bus.DrainAsync(OpenedQueue + "_error"), Is.Empty, "no opening in _error during the outage");
            Assert.That(await _bus.DrainAsync(RecognisedQueue + "_error"), Is.Empty, "no entitlement in _error during the outage");
        }
        finally
        {
            _proxy.Restore();
        }

        foreach (var opening in openings)
            await Eventually.TrueAsync($"case {opening.CaseId} opened after the outage", async () => await StageAsync(opening.CaseId) is not null, TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync("the entitlement after the outage", async () => await StageAsync(before.CaseId) == "entitled", TimeSpan.FromSeconds(60));
        // A marker published after everything else: once it is applied, any second delivery would have been too.
        var marker = Opened();
        await PublishAsync(marker);
        await Eventually.TrueAsync("the marker", async () => await StageAsync(marker.CaseId) is not null, TimeSpan.FromSeconds(30));

        foreach (var opening in openings)
            Assert.That((await HistoryAsync(opening.CaseId)).GetArrayLength(), Is.EqualTo(1), $"case {opening.CaseId} opened once");
        var entitled = await HistoryAsync(before.CaseId);
        Assert.That(entitled.EnumerateArray().Count(e => e.GetProperty("decision").GetString() != "protection_case_opened"), Is.EqualTo(1), $"entitled once: {entitled}");
        Assert.That(await _bus.DrainAsync(OpenedQueue + "_error"), Is.Empty);
        Assert.That(await _bus.DrainAsync(RecognisedQueue + "_error"), Is.Empty);
    }

    [Test]
    public async Task A_message_failing_for_another_reason_reaches_error_after_its_bounded_retries_and_one_never_applicable_at_once()
    {
        var errorsBefore = await _bus.MessagesInQueueAsync(RecognisedQueue + "_error");
        // The entitlement of a case that never opens: "not open yet", retried the bounded number of times, then _error.
        await PublishAsync(new PresumedVictimRecognised(Guid.NewGuid(), "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the entitlement in _error", async () => await _bus.MessagesInQueueAsync(RecognisedQueue + "_error") > errorsBefore, TimeSpan.FromSeconds(30));
        var faulted = (await _bus.DrainAsync(RecognisedQueue + "_error")).Single();
        Assert.That(faulted, Does.Contain($"\"MT-Fault-RetryCount\":{RetryLimit}"), "after exactly its bounded retries");
        Assert.That(faulted, Does.Contain("is not open yet"));

        // An opening without a valid jurisdiction can never be applied: _error without a retry.
        var openedErrorsBefore = await _bus.MessagesInQueueAsync(OpenedQueue + "_error");
        await PublishAsync(Opened(jurisdiction: "Netherlands"));
        await Eventually.TrueAsync("the invalid opening in _error", async () => await _bus.MessagesInQueueAsync(OpenedQueue + "_error") > openedErrorsBefore, TimeSpan.FromSeconds(30));
        var invalid = (await _bus.DrainAsync(OpenedQueue + "_error")).Single();
        Assert.That(invalid, Does.Contain("InvalidMessageException"));
        Assert.That(invalid, Does.Not.Contain("MT-Fault-RetryCount\":1"), "not retried");
    }

    [Test]
    public async Task A_message_moved_back_from_error_after_the_fix_is_consumed_once()
    {
        // The entitlement of a case whose opening was lost upstream: bounded retries, then _error.
        var opened = Opened();
        var errorsBefore = (await _bus.DrainAsync(RecognisedQueue + "_error")).Count;
        Assert.That(errorsBefore, Is.Zero);
        await PublishAsync(new PresumedVictimRecognised(opened.CaseId, "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the entitlement in _error", async () => await _bus.MessagesInQueueAsync(RecognisedQueue + "_error") == 1, TimeSpan.FromSeconds(30));

        // The fix: the opening is published again. Then the operator moves the entitlement back (Requeue).
        await PublishAsync(opened);
        await Eventually.TrueAsync("the case opened", async () => await StageAsync(opened.CaseId) == "awaiting-entitlement");
        using var admin = await BrokerAdmin.ConnectAsync();
        var output = new StringWriter();
        var moved = await new Devtool.ErrorQueues(admin.Management, _bus.Name, output).MoveBackAsync(RecognisedQueue);
        Assert.That(moved, Is.EqualTo(1), output.ToString());
        Assert.That(output.ToString(), Does.Contain($"{RecognisedQueue}_error: moved back to {RecognisedQueue}"));

        await Eventually.TrueAsync("the entitlement applied", async () => await StageAsync(opened.CaseId) == "entitled", TimeSpan.FromSeconds(30));
        var marker = Opened();
        await PublishAsync(marker);
        await Eventually.TrueAsync("the marker", async () => await StageAsync(marker.CaseId) is not null, TimeSpan.FromSeconds(30));
        var history = await HistoryAsync(opened.CaseId);
        Assert.That(history.EnumerateArray().Count(e => e.GetProperty("decision").GetString() != "protection_case_opened"), Is.EqualTo(1), $"entitled once: {history}");
        Assert.That(await _bus.DrainAsync(RecognisedQueue + "_error"), Is.Empty, "nothing left in _error");
    }
}
