using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>A judicial request names cases its drafter may see: a victim's case, opened in Identification and registered here.</summary>
public static class KnownCases
{
    /// <summary>Publishes a case held by <paramref name="organisation"/> and waits until the judicial service registered it.</summary>
    public static async Task<Guid> OpenAsync(HostedService<JudicialRequest> service, string jurisdiction = "NL", string organisation = "nl-focal-point")
    {
        var caseId = Guid.NewGuid();
        await service.Host.Services.GetRequiredService<IBus>().Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), jurisdiction, SignalSources.Police, "female", "18-24", ChildStatuses.Adult, DateTimeOffset.UtcNow, organisation));
        using var holder = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", jurisdiction, organisation);
        await Eventually.TrueAsync("the victim's case registered", async () => (await holder.GetAsync($"/api/judicial/cases/{caseId}")).StatusCode == HttpStatusCode.OK);
        return caseId;
    }
}
