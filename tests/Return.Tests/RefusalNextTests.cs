using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Return.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the case id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests() : ServiceFixture<ReturnCase>("return")
{
    [Test]
    public async Task Return_information_before_a_return_is_requested_names_the_return_request_and_is_accepted_after_it()
    {
        using var focalPoint = Client("FocalPoint");
        var caseId = Guid.NewGuid();
        await Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        var cases = $"/api/return/cases/{caseId}";
        await Eventually.TrueAsync("the return file", async () => (await focalPoint.GetAsync(cases)).StatusCode == HttpStatusCode.OK);
        var information = new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true };

        var refused = await focalPoint.DecideOnAsync(cases, "return-information", information, HttpStatusCode.Conflict);
        var next = await Refusals.AssertNextAsync(refused, "return-not-requested", $"POST {cases}/return-request");

        await focalPoint.DecideAsync(next, new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Wants to go home to her daughter" }, cases);
        await focalPoint.DecideOnAsync(cases, "return-information", information);
    }
}
