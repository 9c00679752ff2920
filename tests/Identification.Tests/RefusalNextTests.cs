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

    [Test]
    public async Task The_openapi_document_lists_the_rules_an_operation_can_refuse_with_and_their_next()
    {
        using var client = Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operation = document.GetProperty("paths").GetProperty("/api/identification/cases/{caseId}/best-interests-assessment").GetProperty("post");

        var rules = operation.GetProperty("x-rules").EnumerateArray().ToDictionary(r => r.GetProperty("rule").GetString()!);
        Assert.That(rules.Keys, Is.SupersetOf(new[] { "best-interests-for-a-child", "best-interests-with-guardian" }));
        Assert.That(rules["best-interests-with-guardian"].GetProperty("status").GetInt32(), Is.EqualTo(422));
        Assert.That(rules["best-interests-with-guardian"].GetProperty("next").GetString(), Is.EqualTo("POST /api/identification/cases/{caseId}/guardian"));
        Assert.That(rules["best-interests-for-a-child"].GetProperty("status").GetInt32(), Is.EqualTo(409));
        Assert.That(operation.GetProperty("responses").GetProperty("422").GetProperty("description").GetString(), Does.Contain("`best-interests-with-guardian`"));
        Assert.That(operation.GetProperty("responses").GetProperty("409").GetProperty("description").GetString(), Does.Contain("`best-interests-for-a-child`"));
    }
}
