namespace TransnationalReferral.Protection.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the case id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests() : ServiceFixture<ProtectionCase>("protection")
{
    [Test]
    public async Task A_safety_plan_before_the_risk_assessment_names_the_risk_assessment_and_is_accepted_after_it()
    {
        using var worker = Client("CaseWorker");
        var api = new ProtectionApi(Services, worker);
        var caseId = await api.EntitledCaseAsync();
        var cases = $"/api/protection/cases/{caseId}";
        var plan = new
        {
            actions = new[] { new { action = "secure-communication", owner = "nl-la-strada", dueBy = DateTimeOffset.UtcNow.AddDays(1) } },
            agreedWithPerson = true, reasons = "Agreed at the first interview, with an interpreter",
        };

        var refused = await worker.DecideOnAsync(cases, "safety-plans", plan, HttpStatusCode.Conflict);
        var next = await Refusals.AssertNextAsync(refused, "safety-plan-answers-risk", $"POST {cases}/risk-assessments");

        await worker.DecideAsync(next, new { level = "high", factors = new[] { "re-trafficking" }, familyAtRisk = false, reasons = "Recruiter knows the address" }, cases);
        await worker.DecideOnAsync(cases, "safety-plans", plan);
    }

    [Test]
    public async Task A_referral_without_consent_names_the_consent_decision_of_identification()
    {
        using var worker = Client("CaseWorker");
        using var focalPoint = Client("FocalPoint");
        Assert.That((await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-counselling", ProtectionApi.Shelter("Counselling"))).StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK));
        var caseId = await new ProtectionApi(Services, worker).EntitledCaseAsync();

        var refused = await worker.DecideOnAsync($"/api/protection/cases/{caseId}", "referrals", new { providerOrganisation = "nl-counselling", service = "psychological" }, HttpStatusCode.UnprocessableEntity);
        await Refusals.AssertNextAsync(refused, "referral-needs-consent", $"POST /api/identification/cases/{caseId}/consents");
    }
}
