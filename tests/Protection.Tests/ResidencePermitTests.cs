using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Tests;

public class ResidencePermitTests
{
    private static readonly DecisionContext Worker = new(new Actor("w", "CaseWorker", "nl-ngo", "NL"), DateTimeOffset.UnixEpoch);

    [Test]
    public void An_issued_permit_expires_in_the_future_and_only_a_permit_can_be_renewed()
    {
        var state = ProtectionCase.Fold(null, new ProtectionCaseOpened(Guid.NewGuid(), Guid.NewGuid(), "NL", ChildStatus.Adult, DateTimeOffset.UnixEpoch))!;
        Assert.That(TrackingResidenceStatus.Decide(state, new(TrackingResidenceStatus.PermitDecision.Issued, "victim-b8", DateTimeOffset.UnixEpoch, "x"), Worker).Refusal?.Rule, Is.EqualTo("permit-expiry-in-future"));
        Assert.That(TrackingResidenceStatus.Decide(state, new(TrackingResidenceStatus.PermitDecision.Renewed, "victim-b8", DateTimeOffset.UnixEpoch.AddDays(90), "x"), Worker).Refusal?.Rule, Is.EqualTo("permit-renewal-needs-permit"));
    }

    [Test]
    public async Task Permit_expiry_opens_a_review_and_keeps_assistance()
    {
        await using var service = await ClockedService<ProtectionCase>.CreateAsync("protection");
        var clock = service.Clock;
        await using var host = service.Host();
        using var client = new HttpClient { BaseAddress = host.Start() }.Authorize("CaseWorker");
        var publisher = host.Services.GetRequiredService<IBus>();
        var caseId = Guid.NewGuid();
        await publisher.Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await publisher.Publish(new PresumedVictimRecognised(caseId, "NL", ChildStatuses.Adult, DateTimeOffset.UtcNow));
        await Eventually.GetAsync("the entitlement", async () =>
        {
            var response = await client.GetAsync($"/api/protection/cases/{caseId}");
            return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() == "entitled" ? response : null;
        });

        await client.DecideOnAsync($"/api/protection/cases/{caseId}", "residence-permits",
            new { decision = "issued", permitType = "victim-temporary", expiresAt = clock.GetUtcNow().AddDays(180), reasons = "Reflection period ended, cooperation not required for this permit type" });

        clock.Advance(TimeSpan.FromDays(181));
        var state = await Eventually.GetAsync("the expiry", async () =>
        {
            var current = await client.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}");
            return current.GetProperty("permit").GetProperty("status").GetString() == "expired" ? current.ToString() : null;
        });
        var after = JsonDocument.Parse(state).RootElement;
        Assert.That(after.GetProperty("stage").GetString(), Is.EqualTo("entitled"), "assistance is not closed by the permit's expiry");
        Assert.That(after.GetProperty("openReviews")[0].GetString(), Is.EqualTo("residence-permit-expired"));
    }
}
