using Marten;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// The case register (who may see a case) is kept from Identification's case opening, shares and revocations,
/// which arrive on separate queues in any order and concurrently. Whatever the order, a revoked grant stays
/// revoked and no grant is lost (issue 16, item 11). Over real RabbitMQ into real PostgreSQL; the grantee asks over HTTP.
/// </summary>
public class CaseRegisterTests() : ServiceFixture<ProtectionCase>("protection")
{
    private IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>Publishes a message and returns once the named consumer has applied it (its processed-message record is committed).</summary>
    private async Task ApplyAsync<T>(T message, string consumer) where T : class
    {
        var messageId = NewId.NextGuid();
        await Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId);
        await AppliedAsync(consumer, messageId);
    }

    private async Task AppliedAsync(string consumer, Guid messageId) =>
        await Eventually.TrueAsync($"{consumer} applied {messageId}", async () =>
        {
            await using var session = Store.QuerySession();
            return await session.LoadAsync<ProcessedMessage>($"{consumer}/{messageId:N}") is not null;
        }, TimeSpan.FromSeconds(30));

    private async Task<RegisteredCase?> RegisteredAsync(Guid caseId)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<RegisteredCase>(caseId);
    }

    private static IdentificationCaseOpened Opened(Guid caseId) =>
        new(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, OwnerOrganisation: "nl-focal-point");

    private static CaseShared Shared(Guid caseId, Guid grantId, string organisation) =>
        new(caseId, grantId, null, organisation, SharePurposes.Assistance, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow);

    private async Task<HttpStatusCode> GranteeSeesAsync(Guid caseId, string organisation)
    {
        using var grantee = new HttpClient { BaseAddress = Service.Address }.Authorize("CaseWorker", "NL", organisation, $"{organisation}-worker");
        return (await grantee.GetAsync($"/api/protection/cases/{caseId}")).StatusCode;
    }

    private Task OpenAsync(Guid caseId) => ApplyAsync(Opened(caseId), nameof(IdentificationCaseOpenedConsumer));

    [Test]
    public async Task A_revocation_heard_before_its_share_keeps_the_grant_revoked()
    {
        var caseId = Guid.NewGuid();
        var grantId = Guid.NewGuid();
        await OpenAsync(caseId);

        await ApplyAsync(new CaseShareRevoked(caseId, grantId, DateTimeOffset.UtcNow), nameof(CaseShareRevokedConsumer));
        await ApplyAsync(Shared(caseId, grantId, "nl-shelter-late"), nameof(CaseSharedConsumer));

        var registered = await RegisteredAsync(caseId);
        Assert.That(registered!.Grants.Single(g => g.GrantId == grantId).RevokedAt, Is.Not.Null, "the share that arrived after its revocation lands revoked");
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-late"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_share_heard_before_its_revocation_ends_revoked()
    {
        var caseId = Guid.NewGuid();
        var grantId = Guid.NewGuid();
        await OpenAsync(caseId);

        await ApplyAsync(Shared(caseId, grantId, "nl-shelter-early"), nameof(CaseSharedConsumer));
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-early"), Is.EqualTo(HttpStatusCode.OK), "the share reaches the grantee while it is active");
        await ApplyAsync(new CaseShareRevoked(caseId, grantId, DateTimeOffset.UtcNow), nameof(CaseShareRevokedConsumer));

        Assert.That((await RegisteredAsync(caseId))!.Grants.Single(g => g.GrantId == grantId).RevokedAt, Is.Not.Null);
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-early"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Shares_and_revocations_heard_before_the_case_opened_are_kept()
    {
        var caseId = Guid.NewGuid();
        var revokedFirst = Guid.NewGuid();
        var revokedAfter = Guid.NewGuid();
        var active = Guid.NewGuid();

        // All applied (not retried, not dropped) while the case is still unknown to the register.
        await ApplyAsync(new CaseShareRevoked(caseId, revokedFirst, DateTimeOffset.UtcNow), nameof(CaseShareRevokedConsumer));
        await ApplyAsync(Shared(caseId, revokedFirst, "nl-shelter-a"), nameof(CaseSharedConsumer));
        await ApplyAsync(Shared(caseId, revokedAfter, "nl-shelter-b"), nameof(CaseSharedConsumer));
        await ApplyAsync(new CaseShareRevoked(caseId, revokedAfter, DateTimeOffset.UtcNow), nameof(CaseShareRevokedConsumer));
        await ApplyAsync(Shared(caseId, active, "nl-shelter-c"), nameof(CaseSharedConsumer));
        Assert.That(await RegisteredAsync(caseId), Is.Null, "nothing is visible before the case is opened");
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-c"), Is.EqualTo(HttpStatusCode.NotFound));

        await OpenAsync(caseId);

        var registered = (await RegisteredAsync(caseId))!;
        Assert.That(registered.Grants.Select(g => g.GrantId), Is.EquivalentTo(new[] { revokedFirst, revokedAfter, active }));
        Assert.That(registered.Grants.Where(g => g.RevokedAt is not null).Select(g => g.GrantId), Is.EquivalentTo(new[] { revokedFirst, revokedAfter }));
        await Eventually.TrueAsync("the protection case opened", async () => await GranteeSeesAsync(caseId, "nl-shelter-c") == HttpStatusCode.OK);
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-a"), Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await GranteeSeesAsync(caseId, "nl-shelter-b"), Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Concurrent_shares_of_one_case_are_all_kept()
    {
        var caseId = Guid.NewGuid();
        await OpenAsync(caseId);

        const int count = 40;
        var bus = Services.GetRequiredService<IBus>();
        var shares = Enumerable.Range(0, count).Select(i => (Message: Shared(caseId, Guid.NewGuid(), $"nl-shelter-{i:00}"), MessageId: NewId.NextGuid())).ToList();
        await Task.WhenAll(shares.Select(s => bus.Publish(s.Message, c => c.MessageId = s.MessageId)));
        foreach (var s in shares) await AppliedAsync(nameof(CaseSharedConsumer), s.MessageId);

        var registered = (await RegisteredAsync(caseId))!;
        Assert.That(registered.Grants.Select(g => g.GrantId), Is.EquivalentTo(shares.Select(s => s.Message.GrantId)), "no share overwrote another");
        foreach (var s in shares.Take(5))
            Assert.That(await GranteeSeesAsync(caseId, s.Message.GranteeOrganisation!), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await Bus.MessagesInQueueAsync("protection-case-shared_error"), Is.EqualTo(0));
    }

    [Test]
    public async Task Concurrent_shares_and_revocations_in_any_order_end_revoked()
    {
        var caseId = Guid.NewGuid();
        var bus = Services.GetRequiredService<IBus>();
        const int count = 20;
        var grants = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        var published = new List<(string Consumer, Guid MessageId)>();
        var sends = new List<Task>();
        foreach (var (grant, i) in grants.Select((g, i) => (g, i)))
        {
            var share = NewId.NextGuid();
            var revoke = NewId.NextGuid();
            published.Add((nameof(CaseSharedConsumer), share));
            published.Add((nameof(CaseShareRevokedConsumer), revoke));
            sends.Add(bus.Publish(Shared(caseId, grant, $"nl-shelter-r{i:00}"), c => c.MessageId = share));
            sends.Add(bus.Publish(new CaseShareRevoked(caseId, grant, DateTimeOffset.UtcNow), c => c.MessageId = revoke));
        }
        var opened = NewId.NextGuid();
        published.Add((nameof(IdentificationCaseOpenedConsumer), opened));
        sends.Add(bus.Publish(Opened(caseId), c => c.MessageId = opened));
        await Task.WhenAll(sends);
        foreach (var (consumer, messageId) in published) await AppliedAsync(consumer, messageId);

        var registered = (await RegisteredAsync(caseId))!;
        Assert.That(registered.Grants.Select(g => g.GrantId), Is.EquivalentTo(grants));
        Assert.That(registered.Grants.All(g => g.RevokedAt is not null), "every grant ends revoked, whichever message came first");
    }
}
