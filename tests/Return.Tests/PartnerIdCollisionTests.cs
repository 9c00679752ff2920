using Marten;
using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A partner chooses its request ids; they name the incoming return on this node. The Netherlands' node (its genuine
/// signing key, its RabbitMQ user on Romania's broker through the shovel) sends a reception request whose id is the id of
/// a case Romania holds: the request never lands on that case's stream.
/// </summary>
[NonParallelizable]
public class PartnerIdCollisionTests : TwoReturnNodes
{
    private static CrossBorderRequest Reception(Guid requestId) => new(requestId, CrossBorderPurposes.ReturnReception, "NL", "RO", Guid.NewGuid(), false,
        [TransnationalReferral.Return.Integration.ReturnAcrossBorders.ReceptionQuestion], TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);

    private async Task<List<string>> StreamAsync(Guid id)
    {
        await using var session = _ro.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(id)).Select(e => $"{e.Version} {e.EventTypeName} {e.Id}").ToList();
    }

    [Test]
    public async Task A_partners_request_id_equal_to_a_local_case_id_leaves_the_local_case_stream_unchanged()
    {
        using var romania = _ro.Client("FocalPoint", "RO");
        var caseId = Guid.NewGuid();
        await _ro.Host.Services.GetRequiredService<IBus>().Publish(
            new IdentificationCaseOpened(caseId, Guid.NewGuid(), "RO", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "ro-focal-point"),
            c => c.MessageId = NewId.NextGuid());
        await Eventually.TrueAsync("Romania's own return file", async () => (await romania.GetAsync($"/api/return/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        var before = await StreamAsync(caseId);
        Assert.That(before, Is.Not.Empty);

        var sender = _nl.Host.Services.GetRequiredService<CrossBorderSender>();
        Assert.That((await sender.SendAsync(Reception(caseId), "RO", TransferGrounds.OnConsent(["RO"], []), CancellationToken.None)).Refusal, Is.Null);

        var rejected = new List<string>();
        await Eventually.TrueAsync("the colliding request rejected in Romania", async () =>
        {
            rejected.AddRange((await Broker.DrainAsync(BusB.Name, CrossBorderTopology.InboxError)).Where(m => m.Body.Contains(caseId.ToString()))
                .Select(m => m.Properties.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString()!));
            return rejected.Count > 0;
        }, TimeSpan.FromSeconds(30));
        Assert.That(rejected, Is.EqualTo(new[] { "id-collision" }));
        Assert.That(await StreamAsync(caseId), Is.EqualTo(before), "the local case stream is unchanged");
        Assert.That((await romania.GetAsync($"/api/return/incoming/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no incoming return under the case's id");

        // The same partner's own new request still opens its incoming return, and sending it again changes nothing.
        var genuine = Reception(Guid.NewGuid());
        Assert.That((await sender.SendAsync(genuine, "RO", TransferGrounds.OnConsent(["RO"], []), CancellationToken.None)).Refusal, Is.Null);
        await Eventually.TrueAsync("the genuine request in Romania", async () => (await romania.GetAsync($"/api/return/incoming/{genuine.RequestId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var opened = await StreamAsync(genuine.RequestId);
        Assert.That((await sender.SendAsync(genuine with { RequestedAt = DateTimeOffset.UtcNow }, "RO", TransferGrounds.OnConsent(["RO"], []), CancellationToken.None)).Refusal, Is.Null);
        await Task.Delay(3000);
        Assert.That(await StreamAsync(genuine.RequestId), Is.EqualTo(opened));
        Assert.That((await Broker.DrainAsync(BusB.Name, CrossBorderTopology.InboxError)).Where(m => m.Body.Contains(genuine.RequestId.ToString())), Is.Empty,
            "a partner's second message about its own request is no collision");
    }
}
