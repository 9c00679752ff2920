using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Function- and object-level authorization across every service (OWASP API1 and API5). The case endpoints
/// are enumerated from the running services, so a new endpoint is covered without editing this test.
/// </summary>
public class AccessControlTests
{
    private const string Owner = "nl-ngo-a";
    private Node _node = null!;
    private Guid _caseId;

    private sealed record CaseEndpoint(string Service, string Method, string Pattern, string Permission)
    {
        public override string ToString() => $"{Method} {Pattern}";
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        _node = await Node.StartAsync();
        using var owner = Client(Roles.CaseWorker, "NL", Owner);
        var opened = await owner.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = Owner, jurisdiction = "NL", sex = "male", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        Assert.That((await owner.PutWithIfMatchAsync($"/api/identification/cases/{_caseId}/personal-data", new { names = new[] { "Test Person" } }, opened.Headers.ETag!.Tag)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // Every service has registered the case (and Protection opened its own) before the matrix runs.
        foreach (var service in new[] { "protection", "return", "remedies", "judicial" })
            await Eventually.TrueAsync($"{service} knows the case", async () => (await owner.GetAsync($"/api/{service}/cases/{_caseId}")).StatusCode == HttpStatusCode.OK);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _node.DisposeAsync();

    private HttpClient Client(string role, string jurisdiction, string organisation) =>
        _node.Client(role, jurisdiction, organisation, $"{role}-{organisation}".ToLowerInvariant());

    private IEnumerable<(string Service, RouteEndpoint Endpoint)> Endpoints() =>
        _node.Providers.Where(p => p.Key != "gateway").SelectMany(p => p.Value.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => (p.Key, e)));

    private List<CaseEndpoint> CaseEndpoints() => Endpoints()
        .Where(e => e.Endpoint.RoutePattern.RawText!.Contains("{caseId"))
        .Select(e => new CaseEndpoint(e.Service,
            e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Single(),
            e.Endpoint.RoutePattern.RawText!,
            e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Single(p => p is not null)!))
        .ToList();

    private async Task<HttpStatusCode> Call(HttpClient client, CaseEndpoint endpoint) => (await CallWithBody(client, endpoint)).Status;

    private async Task<(HttpStatusCode Status, string Body)> CallWithBody(HttpClient client, CaseEndpoint endpoint)
    {
        var path = endpoint.Pattern.Replace("{caseId:guid}", _caseId.ToString());
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[a-zA-Z]+:guid\}", Guid.NewGuid().ToString()) + "?purpose=audit";
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path);
        if (endpoint.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        }
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public void Every_endpoint_of_every_service_declares_a_permission_or_is_public_infrastructure()
    {
        // Public by design: health, metrics, the API description, and each service's checkpoint public key (published for auditors to pin).
        var publicPaths = new[] { "/health/live", "/health/ready", "/metrics", "/openapi/v1.json" }
            .Concat(new[] { "identification", "protection", "return", "remedies", "judicial" }.Select(s => $"/api/{s}/checkpoints/key")).ToArray();
        var missing = new List<string>();
        foreach (var (service, endpoint) in Endpoints())
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            if (anonymous ? !publicPaths.Contains(pattern) : policies.Count != 1 || !Permissions.Matrix.ContainsKey(policies[0]!))
                missing.Add($"{service}: {pattern} (anonymous={anonymous}, policies=[{string.Join(",", policies)}])");
        }
        Assert.That(missing, Is.Empty, "each endpoint names exactly one permission of the matrix");
        Assert.That(CaseEndpoints().Select(e => e.Service).Distinct(), Is.EquivalentTo(new[] { "identification", "protection", "return", "remedies", "judicial" }),
            "case endpoints were found in every service");
    }

    [Test]
    public async Task No_case_endpoint_of_any_service_answers_a_caller_the_case_was_not_shared_with()
    {
        var endpoints = CaseEndpoints();
        var failures = new List<string>();
        var cells = 0;
        foreach (var endpoint in endpoints)
        {
            var allowed = Permissions.Matrix[endpoint.Permission];
            var withPermission = allowed[0];
            var withoutPermission = Roles.All.First(r => !allowed.Contains(r));
            var organisationScoped = allowed.FirstOrDefault(r => r is not Roles.FocalPoint and not Roles.Auditor);

            var callers = new (string Who, HttpClient Client, HttpStatusCode Expected)[]
            {
                ("foreign jurisdiction", Client(withPermission, "BE", "be-focal-point"), HttpStatusCode.NotFound),
                ("same jurisdiction, unshared organisation", Client(organisationScoped ?? Roles.CaseWorker, "NL", "nl-ngo-b"),
                    organisationScoped is null ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound),
                ("wrong role", Client(withoutPermission, "NL", Owner), HttpStatusCode.Forbidden),
            };
            if (endpoint.Method != "GET")
                callers = [.. callers, ("auditor (read-only)", Client(Roles.Auditor, "NL", "nl-rapporteur"), HttpStatusCode.Forbidden)];

            foreach (var (who, client, expected) in callers)
            {
                using (client)
                {
                    cells++;
                    var status = await Call(client, endpoint);
                    if (status != expected) failures.Add($"{endpoint} as {who}: {(int)status}, expected {(int)expected}");
                }
            }
        }
        TestContext.Out.WriteLine($"BOLA matrix: {endpoints.Count} case endpoints across {endpoints.Select(e => e.Service).Distinct().Count()} services, {cells} denial cells, {cells - failures.Count} denied as expected.");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task The_holding_organisation_reaches_every_case_read_positive_control()
    {
        using var owner = Client(Roles.CaseWorker, "NL", Owner);
        foreach (var endpoint in CaseEndpoints().Where(e => e.Method == "GET" && Permissions.Matrix[e.Permission].Contains(Roles.CaseWorker)))
        {
            // One thing a decision created on the case (a consent, a claim…) by an id not seeded here: the case is reached, the thing is not there.
            if (System.Text.RegularExpressions.Regex.IsMatch(endpoint.Pattern, @"/\{itemId:guid\}$|/reception-request$"))
            {
                var (status, body) = await CallWithBody(owner, endpoint);
                Assert.That(status == HttpStatusCode.OK || status == HttpStatusCode.NotFound && !body.Contains("The case was not found", StringComparison.Ordinal), Is.True, $"{endpoint}: {(int)status} {body}");
                continue;
            }
            Assert.That(await Call(owner, endpoint), Is.EqualTo(HttpStatusCode.OK), endpoint.ToString());
        }
    }

    [Test]
    public async Task Lists_never_show_a_row_of_a_case_that_was_not_shared()
    {
        foreach (var service in new[] { "identification", "protection", "return", "remedies", "judicial" })
        {
            using var foreign = Client(Roles.FocalPoint, "BE", "be-focal-point");
            using var otherOrganisation = Client(Roles.CaseWorker, "NL", "nl-ngo-b");
            using var owner = Client(Roles.CaseWorker, "NL", Owner);
            Assert.That(await ListedIds(foreign, service), Does.Not.Contain(_caseId), $"{service}: foreign jurisdiction");
            Assert.That(await ListedIds(otherOrganisation, service), Does.Not.Contain(_caseId), $"{service}: other organisation");
            Assert.That(await ListedIds(owner, service), Does.Contain(_caseId), $"{service}: holding organisation");
        }
    }

    private static async Task<List<Guid>> ListedIds(HttpClient client, string service)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/{service}/cases?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
    }

    [Test]
    public async Task A_share_opens_the_case_to_the_grantee_in_every_service_and_its_revocation_closes_it_again()
    {
        using var focalPoint = Client(Roles.FocalPoint, "NL", "nl-focal-point");
        using var shelter = Client(Roles.CaseWorker, "NL", "nl-shelter-b");
        var shared = await focalPoint.PostWithIfMatchAsync($"/api/identification/cases/{_caseId}/shares",
            new { granteeOrganisation = "nl-shelter-b", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(7), legalBasis = "Assistance referral under the national referral mechanism, art. 12 CETS 197" },
            await focalPoint.ETagOfAsync($"/api/identification/cases/{_caseId}"));
        Assert.That(shared.StatusCode, Is.EqualTo(HttpStatusCode.Created), await shared.Content.ReadAsStringAsync());

        Assert.That((await shelter.GetAsync($"/api/identification/cases/{_caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "at once in Identification");
        foreach (var service in new[] { "protection", "return", "remedies", "judicial" })
            await Eventually.TrueAsync($"{service} opens the case to the shelter", async () => (await shelter.GetAsync($"/api/{service}/cases/{_caseId}")).StatusCode == HttpStatusCode.OK);

        var state = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{_caseId}");
        var grantId = state.GetProperty("shares").EnumerateArray().Single(s => s.GetProperty("granteeOrganisation").GetString() == "nl-shelter-b").GetProperty("grantId").GetGuid();
        Assert.That((await focalPoint.PostWithIfMatchAsync($"/api/identification/cases/{_caseId}/shares/{grantId}/revocation", new { reasons = "Referral ended" }, shared.Headers.ETag!.Tag)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await shelter.GetAsync($"/api/identification/cases/{_caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        foreach (var service in new[] { "protection", "return", "remedies", "judicial" })
            await Eventually.TrueAsync($"{service} closes the case to the shelter", async () => (await shelter.GetAsync($"/api/{service}/cases/{_caseId}")).StatusCode == HttpStatusCode.NotFound);
    }
}
