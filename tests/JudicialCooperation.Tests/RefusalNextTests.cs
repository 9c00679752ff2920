namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>A refusal whose remedy is another decision names it (<c>next</c>, the request id filled in); following it resolves the refusal.</summary>
public class RefusalNextTests
{
    [Test]
    public async Task Sending_a_request_naming_a_victim_before_the_impact_assessment_names_it_and_is_accepted_after_it()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var service = await HostedService<JudicialRequest>.StartAsync("judicial", bus);
        using var prosecutor = new HttpClient { BaseAddress = service.Address }.Authorize("JudicialOfficer", "NL", "nl-focal-point", "prosecutor-4");
        var caseId = await KnownCases.OpenAsync(service);
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "mla-testimony", counterpartJurisdiction = "RO", urgent = false, persons = new[] { new { caseId, role = "victim" } } });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var request = drafted.Headers.Location!.ToString();

        var refused = await prosecutor.DecideOnAsync(request, "sending", new { }, HttpStatusCode.UnprocessableEntity);
        var next = await Refusals.AssertNextAsync(refused, "victim-impact-assessment-first", $"POST {request}/victim-impact-assessment");

        await prosecutor.DecideAsync(next, new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Testifies by video." }, request);
        await prosecutor.DecideOnAsync(request, "sending", new { });
    }
}
