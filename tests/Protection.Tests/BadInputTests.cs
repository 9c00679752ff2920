namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Every write endpoint of the service, found from its routing table (a new one is covered without writing
/// anything), answers bad bodies with a 4xx ProblemDetails — never a 500 — and the case is unchanged.
/// </summary>
public class BadInputTests
{
    private static readonly string[] Bodies =
    [
        """{"needs":["haircut"]}""", """{"level":"extreme","factors":[],"familyAtRisk":false}""",
        """{"actions":[null],"agreedWithPerson":true}""", """{"measures":[],"forFamilyMembers":false,"reasons":"x"}""",
        """{"providerOrganisation":"NOT A CODE","service":"medical"}""", """{"toJurisdiction":"XX","forFamilyMembers":false,"reasons":"x"}""",
        """{"goals":[],"services":[],"nextReviewBy":"2027-01-01T00:00:00Z","agreedWithPerson":true}""", """{"reason":"cooperation-withdrawn","reasons":"x"}""",
        """{"accepted":false,"declineReason":"bored","reasons":"x"}""", """{"name":"","type":"ngo","services":[],"sexServed":"any","ageGroups":[],"childAppropriate":false,"languages":[],"responseTimeHours":0}""",
    ];

    [Test]
    public async Task Every_write_endpoint_answers_bad_input_with_a_4xx_problem_never_a_500()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<ProtectionCase>.StartAsync("protection", bus);
        using var focalPoint = service.Client("FocalPoint");
        var api = new ProtectionApi(service.Host.Services, focalPoint);
        var caseId = await api.EntitledCaseAsync(consents: ProtectionApi.Consent());
        var before = (await api.StateAsync(caseId))!.Value.ToString();

        var (endpoints, failures) = await BadInputSweep.RunAsync(service.Host.Services, focalPoint, "/api/protection",
            new Dictionary<string, string> { ["{caseId:guid}"] = caseId.ToString(), ["{referralId:guid}"] = Guid.NewGuid().ToString(), ["{measureId:guid}"] = Guid.NewGuid().ToString(), ["{organisation}"] = "nl-bad-input" },
            [.. BadInputSweep.CommonBodies, .. Bodies],
            _ => focalPoint.ETagOfAsync($"/api/protection/cases/{caseId}"));
        Assert.That(endpoints, Is.GreaterThanOrEqualTo(15));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That((await api.StateAsync(caseId))!.Value.ToString(), Is.EqualTo(before), "no bad input changed the case");
    }
}
