using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Tests;

/// <summary>Drives a hosted Protection service the way a client does: facts from Identification over the bus, decisions over HTTP with If-Match.</summary>
internal sealed class ProtectionApi(IServiceProvider services, HttpClient worker)
{
    private IBus Bus => services.GetRequiredService<IBus>();

    public Task Publish<T>(T message) where T : class => Bus.Publish(message, c => c.MessageId = NewId.NextGuid());

    /// <summary>A case Identification opened and recognised (reasonable grounds), with the consents given; returns when Protection shows them.</summary>
    public async Task<Guid> EntitledCaseAsync(string childStatus = ChildStatuses.Adult, params ConsentRecorded[] consents)
    {
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", childStatus, DateTimeOffset.UtcNow, "nl-focal-point"));
        await Publish(new PresumedVictimRecognised(caseId, "NL", childStatus, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the entitlement", async () => (await StateAsync(caseId)) is { } s && s.GetProperty("stage").GetString() == "entitled");
        foreach (var consent in consents) await Publish(consent with { CaseId = caseId });
        if (consents.Length > 0)
            await Eventually.TrueAsync("the consents noted", async () => (await StateAsync(caseId))!.Value.GetProperty("consents") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == consents.Length);
        return caseId;
    }

    public static ConsentRecorded Consent(string kind = "referral-to-services", string givenBy = "person", params string[] jurisdictions) =>
        new(Guid.Empty, Guid.NewGuid(), kind, [], jurisdictions, givenBy, DateTimeOffset.UtcNow);

    public async Task<JsonElement?> StateAsync(Guid caseId, HttpClient? client = null)
    {
        var response = await (client ?? worker).GetAsync($"/api/protection/cases/{caseId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    /// <summary>POSTs a decision with the If-Match of what <paramref name="read"/> answers (the case, or a referral).</summary>
    public Task<HttpResponseMessage> OnCaseAsync(Guid caseId, string decision, object body, HttpClient? client = null) =>
        (client ?? worker).DecideOnAsync($"/api/protection/cases/{caseId}", decision, body, expected: null);

    public Task<HttpResponseMessage> OnReferralAsync(Guid referralId, string decision, object body, HttpClient client) =>
        client.DecideOnAsync($"/api/protection/referrals/{referralId}", decision, body, expected: null);

    public static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return response;
    }

    public static async Task<string?> RefusedRule(Task<HttpResponseMessage> call, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        var response = await call;
        Assert.That(response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
    }

    public static object Shelter(string name, string sexServed = "any", int capacity = 5, bool child = false, int responseTimeHours = 48) => new
    {
        name, type = "ngo", services = new[] { "safe-accommodation", "psychological" }, capacity, sexServed,
        ageGroups = child ? new[] { "children" } : new[] { "adults" }, childAppropriate = child, languages = new[] { "nl", "en", "ro" }, responseTimeHours,
    };
}
