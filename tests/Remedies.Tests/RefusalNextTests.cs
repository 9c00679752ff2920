namespace TransnationalReferral.Remedies.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the case id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests() : ServiceFixture<RemediesCase>("remedies")
{
    [Test]
    public async Task Filing_a_claim_before_the_information_on_remedies_names_that_decision_and_is_accepted_after_it()
    {
        using var focalPoint = Client("FocalPoint");
        var cases = await CaseOpenedInIdentificationAsync(focalPoint, "/api/remedies/cases");
        var prepared = await focalPoint.DecideOnAsync(cases, "claims", new { type = "criminal-compensation", decidingJurisdiction = "NL", decidingBody = "nl-court-amsterdam", claimedAmount = 12500m, currency = "EUR" }, HttpStatusCode.Created);
        var claimId = (await prepared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claimId").GetGuid();

        var refused = await focalPoint.DecideOnAsync(cases, $"claims/{claimId}/filing", new { }, HttpStatusCode.UnprocessableEntity);
        var next = await Refusals.AssertNextAsync(refused, "claim-needs-information-on-remedies", $"POST {cases}/remedy-information");

        await focalPoint.DecideAsync(next, new { language = "bg" }, cases);
        await focalPoint.DecideOnAsync(cases, $"claims/{claimId}/filing", new { });
    }
}
