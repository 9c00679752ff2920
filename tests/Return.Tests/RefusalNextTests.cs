namespace TransnationalReferral.Return.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the case id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests() : ServiceFixture<ReturnCase>("return")
{
    [Test]
    public async Task Return_information_before_a_return_is_requested_names_the_return_request_and_is_accepted_after_it()
    {
        using var focalPoint = Client("FocalPoint");
        var cases = await CaseOpenedInIdentificationAsync(focalPoint, "/api/return/cases");
        var information = new { language = "ro", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true };

        var refused = await focalPoint.DecideOnAsync(cases, "return-information", information, HttpStatusCode.Conflict);
        var next = await Refusals.AssertNextAsync(refused, "return-not-requested", $"POST {cases}/return-request");

        await focalPoint.DecideAsync(next, new { countryOfReturn = "RO", reason = "persons-wish", reasons = "Wants to go home to her daughter" }, cases);
        await focalPoint.DecideOnAsync(cases, "return-information", information);
    }
}
