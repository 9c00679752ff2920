namespace TransnationalReferral.Protection.Tests;

/// <summary>Protection's deadlines are durable: stored in PostgreSQL with the decision, fired after a restart, once.</summary>
public class ProtectionDeadlineTests
{
    [Test]
    public async Task Overdue_referral_alert_fires_after_restart()
    {
        await using var service = await ClockedService<ProtectionCase>.CreateAsync("protection");
        await service.Bus.CaptureAsync("overdue-capture", [typeof(Contracts.Protection.ReferralOverdue)]);
        var clock = service.Clock;

        Guid caseId;
        await using (var before = service.Host())
        {
            var address = before.Start();
            using var worker = new HttpClient { BaseAddress = address }.Authorize("CaseWorker");
            using var focalPoint = new HttpClient { BaseAddress = address }.Authorize("FocalPoint");
            var api = new ProtectionApi(before.Services, worker);
            await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-clinic", new { name = "Clinic", type = "public-service", services = new[] { "medical" }, sexServed = "any", ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl" }, responseTimeHours = 24 });
            caseId = await api.EntitledCaseAsync(consents: Consent());
            await api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-clinic", service = "medical" }).CreatedAsync("referralId");
            clock.Advance(TimeSpan.FromHours(23));
            await Task.Delay(800);
            Assert.That(await before.EventTypesAsync(caseId), Does.Not.Contain("referral_overdue"), "nothing fires before the provider's response time");
        }

        // The service is down while the response time runs out; it starts again two days later.
        clock.Advance(TimeSpan.FromHours(25));
        await using var after = service.Host();
        using var client = new HttpClient { BaseAddress = after.Start() }.Authorize("CaseWorker");
        await Eventually.TrueAsync("the overdue alert after the restart", async () => (await after.EventTypesAsync(caseId)).Contains("referral_overdue"), TimeSpan.FromSeconds(15));
        await Task.Delay(600);
        Assert.That((await after.EventTypesAsync(caseId)).Count(d => d == "referral_overdue"), Is.EqualTo(1), "fired once");

        var overdue = await client.GetFromJsonAsync<JsonElement>("/api/protection/referrals?overdue=true");
        var row = overdue.GetProperty("items").EnumerateArray().Single();
        Assert.That(row.GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
        Assert.That(row.GetProperty("status").GetString(), Is.EqualTo("requested"), "overdue is an alert: the referral stays open");
        await Eventually.TrueAsync("the ReferralOverdue integration event on the bus", async () => (await service.Bus.DrainAsync("overdue-capture")).Any(m => m.Contains(caseId.ToString())), TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task An_answered_referral_never_becomes_overdue_and_a_missed_support_plan_review_opens_a_case_review()
    {
        await using var service = await ClockedService<ProtectionCase>.CreateAsync("protection");
        var clock = service.Clock;
        await using var host = service.Host();
        var address = host.Start();
        using var worker = new HttpClient { BaseAddress = address }.Authorize("CaseWorker");
        using var focalPoint = new HttpClient { BaseAddress = address }.Authorize("FocalPoint");
        var api = new ProtectionApi(host.Services, worker);
        await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-clinic", new { name = "Clinic", type = "public-service", services = new[] { "medical" }, sexServed = "any", ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl" }, responseTimeHours = 24 });
        var caseId = await api.EntitledCaseAsync(consents: Consent());
        await api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-clinic", service = "medical" }).CreatedAsync("referralId");
        var referralId = (await api.StateAsync(caseId))!.Value.GetProperty("referrals")[0].GetProperty("referralId").GetGuid();
        await Ok(api.OnReferralAsync(referralId, "answer", new { accepted = true }, worker));
        await Ok(api.OnCaseAsync(caseId, "support-plans", new { goals = new[] { "health", "employment" }, services = new[] { "medical" }, nextReviewBy = clock.GetUtcNow().AddDays(90), agreedWithPerson = true, reasons = "Agreed at the NGO office" }));

        clock.Advance(TimeSpan.FromDays(91));
        await Eventually.TrueAsync("the review opened", async () => (await api.StateAsync(caseId))!.Value.GetProperty("openReviews") is { ValueKind: JsonValueKind.Array } r && r.GetArrayLength() == 1);
        var state = (await api.StateAsync(caseId))!.Value;
        Assert.That(state.GetProperty("openReviews")[0].GetString(), Is.EqualTo("support-plan-review-due"));
        Assert.That(state.GetProperty("referrals")[0].GetProperty("overdue").GetBoolean(), Is.False, "the referral was answered in time");
        Assert.That(await host.EventTypesAsync(caseId), Does.Not.Contain("referral_overdue"));

        await Ok(api.OnCaseAsync(caseId, "support-plans/reviews", new { outcome = "on-track", nextReviewBy = clock.GetUtcNow().AddDays(90), reasons = "Reviewed with the person" }));
        Assert.That((await api.StateAsync(caseId))!.Value.GetProperty("openReviews").GetArrayLength(), Is.Zero);
    }
}
