namespace TransnationalReferral.Identification.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the case id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests : IdentificationApiFixture
{
    [Test]
    public async Task A_presumed_child_best_interests_assessment_names_the_guardian_first_and_is_accepted_once_the_guardian_is_appointed()
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client, Signal(ageGroup: "unknown"));
        var cases = $"/api/identification/cases/{caseId}";
        var assessment = new { reasons = "The child's needs, views and safety were assessed with the guardian." };

        var refused = await client.DecideOnAsync(cases, "best-interests-assessment", assessment, HttpStatusCode.UnprocessableEntity);
        var next = await Refusals.AssertNextAsync(refused, "best-interests-with-guardian", $"POST {cases}/guardian");

        await client.DecideAsync(next, new { guardianOrganisation = "nl-guardian-south", guardianReference = "G-1", reasons = "Appointed by the court." }, cases);
        await client.DecideOnAsync(cases, "best-interests-assessment", assessment);
    }
}
