using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The access-control matrix over EVERY route of every service and of the gateway (issue 16, item 5), generated from
/// each hosted service's endpoint table: every route × every role × four relations to the resource, each called
/// through the gateway with the answer the rules below expect. A route no rule classifies fails the test, so a new
/// route is covered or the test fails.
/// <para>The relations (the seeded case is held by <see cref="Own"/> in NL and shared with <see cref="SharedOrganisation"/> for assistance):</para>
/// <list type="bullet">
/// <item>own organisation — the organisation holding the case (a referral's own organisation is the provider it is addressed to);</item>
/// <item>shared organisation — another organisation of the same jurisdiction with an active share grant;</item>
/// <item>unshared organisation — another organisation of the same jurisdiction without one;</item>
/// <item>other jurisdiction — an organisation of another country.</item>
/// </list>
/// </summary>
public class RouteAccessMatrixTests
{
    private const string Own = "nl-ngo-a";
    private const string SharedOrganisation = "nl-shelter-b";
    private const string UnsharedOrganisation = "nl-ngo-c";
    private const string Prosecution = "nl-om";
    private const string SharePurpose = "assistance";

    public enum Relation { OwnOrganisation, SharedOrganisation, UnsharedOrganisation, OtherJurisdiction }

    /// <summary>What a route is about, which decides who may reach it beyond the role check.</summary>
    public enum Kind
    {
        /// <summary>Public by design (health, API description, checkpoint keys): answered to anyone.</summary>
        Public,
        /// <summary>Served only to the monitoring system's scrape credential: every user's token is 401.</summary>
        Monitoring,
        /// <summary>A figure of the caller's own jurisdiction (its event store's verification, its latest checkpoint): another jurisdiction gets 404.</summary>
        OwnJurisdiction,
        /// <summary>A route about one case (<c>{caseId}</c>): only callers the case register lets see the case; anyone else 404.</summary>
        Case,
        /// <summary>A list or an aggregate: answered to the role; it never carries a row of a resource the caller may not see.</summary>
        List,
        /// <summary>Creates a resource (body checked): answered to the role (here 400 for an empty body).</summary>
        Create,
        /// <summary>A judicial request (seeded: drafted by the prosecution naming the case): the roles of the request endpoints in its jurisdiction.</summary>
        JudicialRequest,
        /// <summary>A referral (seeded: addressed to the shared organisation): the provider it is addressed to, and those who may see the case.</summary>
        Referral,
        /// <summary>A resource only another node's partner creates (incoming returns, partners' requests): called with an unknown id, 404 to the role.</summary>
        PartnerResource,
        /// <summary>The national provider catalogue: the jurisdiction's catalogue, answered to the role.</summary>
        Catalogue,
        /// <summary>The gateway's reverse-proxy routes: covered by the routes of the service they forward to.</summary>
        Proxy,
    }

    /// <summary>
    /// Every route falls under exactly one rule (service, pattern regex → kind). <c>{caseId}</c> routes are covered by
    /// one rule wherever they are added; any other new route family must be added here with its kind, or the test fails.
    /// </summary>
    private static readonly (string Service, Regex Pattern, Kind Kind)[] Rules =
    [
        ("*", new(@"^/(health/live|health/ready|openapi/v1\.json)$"), Kind.Public),
        ("*", new(@"^/metrics$"), Kind.Monitoring),
        ("*", new(@"^/api/[a-z]+/(verification|checkpoints/latest)$"), Kind.OwnJurisdiction),
        ("*", new(@"^/api/[a-z]+/checkpoints/key$"), Kind.Public),
        // The gateway's own pages and documents: the ops page's shell (its figures come from /api/ops/summary, which needs a
        // permission), the docs page and the OpenAPI documents it shows.
        ("gateway", new(@"^/(ops|ops/ops\.(js|css)|docs/.*|openapi/[a-z]+\.json)$"), Kind.Public),
        ("*", new(@"\{caseId(:guid)?\}"), Kind.Case),
        ("gateway", new(@"^/api/(identification|protection|return|remedies|judicial|ops-page|docs)?.*\{\*\*"), Kind.Proxy),
        ("identification", new(@"^/api/identification/cases/?$"), Kind.List),
        ("identification", new(@"^/api/identification/cases/search$"), Kind.List),
        ("identification", new(@"^/api/identification/(indicators|statistics|access-log|verification|checkpoints/latest|ops)$"), Kind.List),
        ("identification", new(@"^/api/identification/assistance-requests/?$"), Kind.List),
        ("identification", new(@"^/api/identification/assistance-requests/\{requestId:guid\}"), Kind.PartnerResource),
        // Notifications: an organisation's own subscriptions and delivery log (scoped to the caller's organisation by the token);
        // one delivery by an id the matrix does not seed is 404 to every role that may manage notifications.
        ("identification", new(@"^/api/identification/notifications/(subscriptions|subscriptions/\{name\}|deliveries)$"), Kind.List),
        ("identification", new(@"^/api/identification/notifications/deliveries/\{deliveryId:guid\}"), Kind.PartnerResource),
        ("protection", new(@"^/api/protection/(cases/?|referrals/?|providers/?|residence-permits/expiring|incoming-requests/?|access-log|verification|checkpoints/latest|ops)$"), Kind.List),
        ("protection", new(@"^/api/protection/referrals/\{referralId:guid\}"), Kind.Referral),
        ("protection", new(@"^/api/protection/incoming-requests/\{requestId:guid\}"), Kind.PartnerResource),
        ("protection", new(@"^/api/protection/providers/\{organisation\}$"), Kind.Catalogue),
        ("return", new(@"^/api/return/(cases/?|returns/?|incoming/?|monitoring/upcoming|access-log|verification|checkpoints/latest|ops)$"), Kind.List),
        ("return", new(@"^/api/return/incoming/\{requestId:guid\}"), Kind.PartnerResource),
        ("remedies", new(@"^/api/remedies/(cases/?|claims|totals|access-log|verification|checkpoints/latest|ops)$"), Kind.List),
        ("judicial", new(@"^/api/judicial/(cases/?|requests/?|proceeds-returns/?|received-information/?|access-log|verification|checkpoints/latest|ops)$"), Kind.List),
        ("judicial", new(@"^/api/judicial/requests/\{requestId:guid\}"), Kind.JudicialRequest),
        ("judicial", new(@"^/api/judicial/proceeds-returns/\{requestId:guid\}"), Kind.PartnerResource),
        ("judicial", new(@"^/api/judicial/received-information/\{informationId:guid\}"), Kind.PartnerResource),
        ("*", new(@"^/api/[a-z]+/cross-border/requests/\{requestId:guid\}$"), Kind.PartnerResource),
        ("gateway", new(@"^/api/(ops/summary|audit/keys)$"), Kind.List),
        ("gateway", new(@"^/ops(/.*)?$"), Kind.List),
    ];

    private sealed record Route(string Service, string Method, string Pattern, string? Permission, bool Anonymous, Kind Kind)
    {
        public override string ToString() => $"{Service} {Method} {Pattern}";
    }

    private Node _node = null!;
    private Guid _caseId;
    private Guid _referralId;
    private Guid _judicialRequestId;

    [OneTimeSetUp]
    public async Task Start()
    {
        _node = await Node.StartAsync();
        using var owner = Client(Roles.CaseWorker, Relation.OwnOrganisation);
        using var focalPoint = _node.Client(Roles.FocalPoint, "NL", "nl-focal-point", "matrix-focal-point");
        using var prosecutor = _node.Client(Roles.JudicialOfficer, "NL", Prosecution, "matrix-prosecutor");

        var opened = await owner.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = Own, jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        _caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{_caseId}";
        await owner.DecideAsync($"{identification}/personal-data", new { names = new[] { "Matrix Person" } }, identification, method: HttpMethod.Put);
        await focalPoint.DecideAsync($"{identification}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" });
        await focalPoint.DecideAsync($"{identification}/consents", new { kind = "referral-to-services", informedInLanguage = "en", givenBy = "person", organisations = new[] { SharedOrganisation } }, expected: HttpStatusCode.Created);
        await focalPoint.DecideAsync($"{identification}/reasonable-grounds", new { reasons = "Indicators of forced labour" });

        // The case shared with the shelter for assistance, and with the prosecution (which drafts a request naming it).
        await focalPoint.DecideAsync($"{identification}/shares", new { granteeOrganisation = SharedOrganisation, purpose = SharePurpose, expiresAt = DateTimeOffset.UtcNow.AddDays(7), legalBasis = "Assistance referral under the national referral mechanism" }, expected: HttpStatusCode.Created);
        await Sharing.ShareWithAsync(focalPoint, _caseId, Prosecution, prosecutor);
        using var shelter = Client(Roles.CaseWorker, Relation.SharedOrganisation);
        foreach (var service in new[] { "protection", "return", "remedies", "judicial" })
        {
            await Eventually.TrueAsync($"{service} knows the case", async () => (await owner.GetAsync($"/api/{service}/cases/{_caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
            await Eventually.TrueAsync($"{service} hears the share", async () => (await shelter.GetAsync($"/api/{service}/cases/{_caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        }

        // A referral to the shelter (a provider of the national catalogue).
        var registered = await focalPoint.PutAsJsonAsync($"/api/protection/providers/{SharedOrganisation}", new
        {
            name = "Shelter B", type = "ngo", services = new[] { "safe-accommodation" }, capacity = 12, sexServed = "female",
            ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl", "en" }, responseTimeHours = 24,
        });
        Assert.That(registered.StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK), await registered.Content.ReadAsStringAsync());
        var protection = $"/api/protection/cases/{_caseId}";
        // Protection hears the entitlement and the consent to referral on the bus, each in its own time: the referral needs both.
        await Eventually.TrueAsync("the protection case entitled, with the consent to referral", async () =>
            (await focalPoint.GetAsync(protection)) is { StatusCode: HttpStatusCode.OK } r && await r.Content.ReadFromJsonAsync<JsonElement>() is var state
            && state.GetProperty("stage").GetString() == "entitled"
            && state.GetProperty("consents") is { ValueKind: JsonValueKind.Array } consents && consents.GetArrayLength() >= 1, TimeSpan.FromSeconds(20));
        await focalPoint.DecideAsync($"{protection}/needs-assessments", new { needs = new[] { "safe-accommodation" }, reasons = "First interview" });
        await focalPoint.DecideAsync($"{protection}/referrals", new { providerOrganisation = SharedOrganisation, service = "safe-accommodation", reasons = "Room needed" }, expected: HttpStatusCode.Created);
        using var provider = Client(Roles.ServiceProvider, Relation.SharedOrganisation);
        _referralId = Guid.Parse(await Eventually.GetAsync("the referral in the shelter's inbox", async () =>
        {
            var page = await provider.GetFromJsonAsync<JsonElement>("/api/protection/referrals");
            return page.GetProperty("items").GetArrayLength() > 0 ? page.GetProperty("items")[0].GetProperty("id").GetGuid().ToString() : null;
        }));

        // A judicial request naming the case.
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false,
            persons = new object[] { new { caseId = _caseId, role = "victim-witness" } }, reasons = "Testimony",
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        _judicialRequestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_node is not null) await _node.DisposeAsync();
    }

    private static (string Jurisdiction, string Organisation) Of(Relation relation) => relation switch
    {
        Relation.OwnOrganisation => ("NL", Own),
        Relation.SharedOrganisation => ("NL", SharedOrganisation),
        Relation.UnsharedOrganisation => ("NL", UnsharedOrganisation),
        _ => ("BE", "be-ngo-a"),
    };

    private HttpClient Client(string role, Relation relation)
    {
        var (jurisdiction, organisation) = Of(relation);
        return _node.Client(role, jurisdiction, organisation, $"matrix-{role}-{organisation}".ToLowerInvariant());
    }

    private List<Route> Routes(List<string> unclassified)
    {
        var routes = new List<Route>();
        foreach (var (service, provider) in _node.Providers)
        {
            foreach (var endpoint in provider.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
            {
                var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(p => p is not null);
                var rule = Rules.FirstOrDefault(r => (r.Service == "*" || r.Service == service) && r.Pattern.IsMatch(pattern));
                if (rule.Pattern is null)
                {
                    unclassified.Add($"{service} {string.Join(",", methods)} {pattern}");
                    continue;
                }
                if (rule.Kind == Kind.Public && !anonymous) unclassified.Add($"{service} {pattern}: public by rule but requires a permission");
                if (rule.Kind is not (Kind.Public or Kind.Proxy or Kind.Monitoring) && (policy is null || !Permissions.Matrix.ContainsKey(policy)))
                    unclassified.Add($"{service} {pattern}: names no permission of the matrix (anonymous={anonymous})");
                foreach (var method in methods.Where(m => m != "HEAD" && m != "OPTIONS"))
                    routes.Add(new Route(service, method, pattern, policy, anonymous, rule.Kind));
            }
        }
        // A POST to a collection (open a case, draft a request) creates: it names no resource yet.
        return routes.Select(r => r.Method is "POST" && r.Kind == Kind.List ? r with { Kind = Kind.Create } : r).ToList();
    }

    /// <summary>May a caller of this role and relation see the seeded case (independently of the case register's code)?</summary>
    private static bool SeesCase(string role, Relation relation) => relation switch
    {
        Relation.OwnOrganisation or Relation.SharedOrganisation => true,
        Relation.UnsharedOrganisation => role is Roles.FocalPoint or Roles.Auditor,
        _ => false,
    };

    private static bool SeesJudicialRequest(string role, Relation relation) =>
        relation != Relation.OtherJurisdiction && role is Roles.JudicialOfficer or Roles.FocalPoint or Roles.Auditor;

    private static bool SeesReferral(string role, Relation relation) =>
        role == Roles.ServiceProvider ? relation == Relation.SharedOrganisation : SeesCase(role, relation);

    public enum Expect { Answered, Forbidden, NotFound, Unauthorized }

    private static Expect Expected(Route route, string role, Relation relation)
    {
        if (route.Kind == Kind.Public) return Expect.Answered;
        if (route.Kind == Kind.Monitoring) return Expect.Unauthorized;
        if (!Permissions.Matrix[route.Permission!].Contains(role)) return Expect.Forbidden;
        return route.Kind switch
        {
            Kind.Case => SeesCase(role, relation) ? Expect.Answered : Expect.NotFound,
            Kind.JudicialRequest => SeesJudicialRequest(role, relation) ? Expect.Answered : Expect.NotFound,
            Kind.Referral => SeesReferral(role, relation) ? Expect.Answered : Expect.NotFound,
            Kind.PartnerResource => Expect.NotFound,
            Kind.OwnJurisdiction or Kind.Catalogue => relation == Relation.OtherJurisdiction ? Expect.NotFound : Expect.Answered,
            _ => Expect.Answered,
        };
    }

    private async Task<(HttpStatusCode Status, string Body)> Call(HttpClient client, Route route)
    {
        var path = route.Pattern
            .Replace("{caseId:guid}", _caseId.ToString())
            .Replace("{referralId:guid}", _referralId.ToString())
            .Replace("{organisation}", SharedOrganisation);
        if (route.Kind == Kind.JudicialRequest) path = path.Replace("{requestId:guid}", _judicialRequestId.ToString());
        path = Regex.Replace(path, @"\{[a-zA-Z]+:guid\}", Guid.NewGuid().ToString()) + $"?purpose={SharePurpose}";
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        }
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Answered: the caller got past every access check — not 401/403, not the "not found" of a resource it may not see,
    /// and never a 5xx (a decision sent with an empty body and a stale version is then refused as bad input or stale).
    /// </summary>
    private static bool IsAnswered(Route route, HttpStatusCode status, string body) =>
        (int)status < 500 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        && !(status == HttpStatusCode.NotFound && !ReachedAnUnseededThing(route, body) && (route.Method == "GET" || body.Contains(NotFound(route.Kind), StringComparison.Ordinal)));

    private static string NotFound(Kind kind) => kind switch
    {
        Kind.Case => "The case was not found",
        Kind.JudicialRequest => "The request was not found",
        Kind.Referral => "The referral was not found",
        _ => "\u0000never",
    };

    /// <summary>
    /// A GET of one thing a decision created on a case or request (a consent, a claim, an attachment…, where a 201's
    /// Location points) by an id the matrix does not seed: "The consent was not found" says the case or request was
    /// reached and the thing is not there; a caller who may not see the case is told "The case was not found".
    /// </summary>
    private static bool ReachedAnUnseededThing(Route route, string body) =>
        route.Method == "GET" && CreatedThing.IsMatch(route.Pattern) && body.Contains("was not found", StringComparison.Ordinal)
        && !body.Contains(NotFound(route.Kind), StringComparison.Ordinal);

    private static readonly Regex CreatedThing = new(@"/\{(itemId|attachmentId):guid\}$|/reception-request$");

    [Test]
    public async Task Every_route_of_every_service_and_the_gateway_answers_every_role_and_relation_as_the_matrix_says()
    {
        var unclassified = new List<string>();
        var routes = Routes(unclassified);
        Assert.That(unclassified, Is.Empty, string.Join("\n", unclassified) + "\nevery route is classified by a rule of this matrix (a new route family needs its rule)");
        Assert.That(routes.Select(r => r.Service).Distinct(), Is.EquivalentTo(new[] { "identification", "protection", "return", "remedies", "judicial", "gateway" }));

        var failures = new List<string>();
        var cells = 0;
        var called = routes.Where(r => r.Kind != Kind.Proxy).ToList();
        var roles = Roles.All.Order().ToList();
        foreach (var role in roles)
        {
            foreach (var relation in Enum.GetValues<Relation>())
            {
                using var client = Client(role, relation);
                foreach (var route in called)
                {
                    cells++;
                    var expected = Expected(route, role, relation);
                    var (status, body) = await Call(client, route);
                    var ok = expected switch
                    {
                        Expect.Forbidden => status == HttpStatusCode.Forbidden,
                        Expect.Unauthorized => status == HttpStatusCode.Unauthorized,
                        // Outside {caseId} routes (scoped before the body is read) an empty body is refused as invalid before
                        // the resource is looked up: the same answer for every id, so it tells nothing about the resource.
                        Expect.NotFound => status == HttpStatusCode.NotFound
                            || route.Kind != Kind.Case && status == HttpStatusCode.BadRequest && body.Contains("The request body is not valid", StringComparison.Ordinal),
                        _ => IsAnswered(route, status, body),
                    };
                    // A list or aggregate never carries the seeded resources to a caller who may not see them.
                    if (ok && route.Kind is Kind.List or Kind.Catalogue && (int)status < 300)
                    {
                        if (!SeesCase(role, relation) && body.Contains(_caseId.ToString(), StringComparison.OrdinalIgnoreCase)) { ok = false; body = "lists the case: " + body; }
                        if (!SeesReferral(role, relation) && body.Contains(_referralId.ToString(), StringComparison.OrdinalIgnoreCase)) { ok = false; body = "lists the referral: " + body; }
                        if (!SeesJudicialRequest(role, relation) && body.Contains(_judicialRequestId.ToString(), StringComparison.OrdinalIgnoreCase)) { ok = false; body = "lists the judicial request: " + body; }
                    }
                    if (!ok) failures.Add($"{route} [{route.Kind}] as {role} ({relation}): {(int)status}, expected {expected}: {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }
        var line = $"Route access matrix: {called.Count} routes ({routes.Count(r => r.Kind == Kind.Proxy)} gateway proxy routes covered by the services' routes) × {roles.Count} roles × {Enum.GetValues<Relation>().Length} relations = {cells} cells, {cells - failures.Count} as expected.";
        TestContext.Out.WriteLine(line);
        foreach (var kind in Enum.GetValues<Kind>()) TestContext.Out.WriteLine($"  {kind}: {routes.Count(r => r.Kind == kind)} routes");
        Assert.That(failures, Is.Empty, line + "\n" + string.Join("\n", failures.Take(200)));
    }
}
