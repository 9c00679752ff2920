using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Testing;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Every write endpoint of the service, found from its routing table (a new one is covered without writing
/// anything), answers bad bodies with a 4xx ProblemDetails — never a 500 — and the case is unchanged.
/// </summary>
public class BadInputTests
{
    private static readonly string[] Bodies =
    [
        "{}", "[]", "null", "not json", """{"unknownField":1}""", """{"reasons":12}""",
        """{"needs":["haircut"]}""", """{"level":"extreme","factors":[],"familyAtRisk":false}""",
        """{"actions":[null],"agreedWithPerson":true}""", """{"measures":[],"forFamilyMembers":false,"reasons":"x"}""",
        """{"providerOrganisation":"NOT A CODE","service":"medical"}""", """{"toJurisdiction":"XX","forFamilyMembers":false,"reasons":"x"}""",
        """{"goals":[],"services":[],"nextReviewBy":"2027-01-01T00:00:00Z","agreedWithPerson":true}""", """{"reason":"cooperation-withdrawn","reasons":"x"}""",
        """{"accepted":false,"declineReason":"bored","reasons":"x"}""", """{"name":"","type":"ngo","services":[],"gender":"any","ageGroups":[],"childAppropriate":false,"languages":[],"responseTimeHours":0}""",
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

        var writes = service.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m is "POST" or "PUT").Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Where(e => e.Pattern.StartsWith("/api/protection"))
            .ToList();
        Assert.That(writes, Has.Count.GreaterThanOrEqualTo(15), string.Join("\n", writes));

        var failures = new List<string>();
        foreach (var (method, pattern) in writes)
        {
            var path = pattern.Replace("{caseId:guid}", caseId.ToString()).Replace("{referralId:guid}", Guid.NewGuid().ToString())
                .Replace("{measureId:guid}", Guid.NewGuid().ToString()).Replace("{organisation}", "nl-bad-input");
            foreach (var body in Bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var etag = (await focalPoint.GetAsync($"/api/protection/cases/{caseId}")).Headers.ETag!.Tag;
                request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
                var response = await focalPoint.SendAsync(request);
                var status = (int)response.StatusCode;
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                if (status is < 400 or >= 500 || !problem)
                    failures.Add($"{method} {pattern} {body} → {status} {response.Content.Headers.ContentType?.MediaType}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That((await api.StateAsync(caseId))!.Value.ToString(), Is.EqualTo(before), "no bad input changed the case");
    }
}
