using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A whole node (the gateway and the five services) trusting a real OpenID Connect provider (<see cref="OidcProvider"/>,
/// the certified oidc-provider) through <c>Auth:Authority</c>: its discovery document and JWKS, its JWT access tokens,
/// role, organisation and jurisdiction mapped from Keycloak-style groups (deploy/keycloak/auth-claims.json), expiry,
/// wrong audience or issuer, ambiguous groups, and a key rotation. The tests run in order: the rotation comes last, as
/// it leaves the services' key caches behind the provider's current key until they next refetch.
/// </summary>
[NonParallelizable]
public class OidcProviderTests
{
    private OidcProvider _provider = null!;
    private Node _node = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _provider = await OidcProvider.StartAsync();
        var settings = _provider.Settings();
        _node = await Node.StartAsync(configure: builder => { foreach (var (key, value) in settings) builder.UseSetting(key, value); });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_node is not null) await _node.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }

    private HttpClient Client(string token, Uri? address = null)
    {
        var client = new HttpClient { BaseAddress = address ?? _node.Gateway };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpResponseMessage> GetCasesAsync(string token)
    {
        using var client = Client(token);
        return await client.GetAsync("/api/identification/cases");
    }

    [Test, Order(1)]
    public async Task A_provider_token_with_groups_opens_a_case_through_the_gateway_as_the_mapped_role_organisation_and_jurisdiction()
    {
        // case-worker-ngo-a: /trm/roles/CaseWorker, /trm/org/nl-ngo-a, /trm/jurisdiction/NL and an unrelated /staff/newsletter group.
        var token = await _provider.TokenAsync("case-worker-ngo-a");
        using var worker = Client(token);
        var opened = await worker.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();

        Assert.That((await worker.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the owner (organisation nl-ngo-a, from its group) sees the case");
        using var direct = Client(token, _node.Services["identification"]);
        Assert.That((await direct.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service itself accepts the provider's token (defence in depth)");
        await Eventually.TrueAsync("Protection knows the case and accepts the provider's token", async () =>
            (await worker.GetAsync($"/api/protection/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        using var otherOrganisation = Client(await _provider.TokenAsync(await _provider.AccountAsync(Roles.CaseWorker, "NL", "nl-ngo-c")));
        Assert.That((await otherOrganisation.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another organisation's case worker (organisation from the groups) does not see it");
        using var otherJurisdiction = Client(await _provider.TokenAsync(await _provider.AccountAsync(Roles.CaseWorker, "BE", "nl-ngo-a")));
        Assert.That((await otherJurisdiction.GetAsync($"/api/identification/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the same organisation name in another jurisdiction (from the groups) does not see it");
        using var auditor = Client(await _provider.TokenAsync(await _provider.AccountAsync(Roles.Auditor, "NL", "nl-inspectorate")));
        Assert.That((await auditor.PostAsJsonAsync("/api/identification/cases", new { })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the role comes from the groups: an auditor may not open a case");
    }

    [Test, Order(2)]
    public async Task The_runs_own_test_issuer_is_not_trusted_beside_the_provider()
    {
        Assert.That((await GetCasesAsync(await _provider.TokenAsync("focal-point-nl"))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "positive control");
        Assert.That((await GetCasesAsync(TestTokens.For(Roles.FocalPoint))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test, Order(3)]
    public async Task An_expired_provider_token_is_401()
    {
        var expired = await _provider.TokenAsync("focal-point-nl", expired: true);
        var response = await GetCasesAsync(expired);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Challenge(response), Does.Contain("expired"));
    }

    [Test, Order(4)]
    public async Task A_provider_token_for_another_audience_is_401()
    {
        var response = await GetCasesAsync(await _provider.TokenAsync("focal-point-nl", resource: "urn:trm:other-api"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(Challenge(response), Does.Contain("audience"));
    }

    [Test, Order(5)]
    public async Task A_token_of_another_provider_is_401()
    {
        await using var other = await OidcProvider.StartAsync();
        Assert.That(other.Issuer, Is.Not.EqualTo(_provider.Issuer));
        Assert.That((await GetCasesAsync(await other.TokenAsync("focal-point-nl"))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("two-roles", "2 values for the role (FocalPoint, Auditor)", TestName = "Two_role_groups_are_401_with_the_reason")]
    [TestCase("unknown-role", "the role 'Administrator'", TestName = "An_unknown_role_group_is_401_with_the_reason")]
    [TestCase("invalid-jurisdiction", "the jurisdiction 'XX'", TestName = "An_invalid_jurisdiction_group_is_401_with_the_reason")]
    [TestCase("no-organisation", "no organisation: the token has no groups under /trm/org/", TestName = "No_organisation_group_is_401_with_the_reason")]
    [Order(6)]
    public async Task Ambiguous_or_unknown_groups_are_401_with_the_reason(string account, string reason)
    {
        var token = await _provider.TokenAsync(account);
        foreach (var address in new[] { _node.Gateway, _node.Services["identification"] })
        {
            using var client = Client(token, address);
            var response = await client.GetAsync("/api/identification/cases");
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"{address}: {body}");
            Assert.That(Challenge(response), Does.Contain("invalid_token").And.Contain(reason), address.ToString());
            Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), Does.Contain(reason), $"{address}: the ProblemDetails say why");
        }
    }

    /// <summary>
    /// The route × role matrix with the provider's tokens, on every parameterless GET route of every service and the
    /// gateway that names a permission: each role (its groups mapped) is answered where the permission matrix lets it in
    /// and 403 elsewhere — never 401, so every role's token is understood. The full matrix over relations runs with the
    /// run's own tokens (<see cref="RouteAccessMatrixTests"/>): the mapping does not depend on the route.
    /// </summary>
    [Test, Order(7)]
    public async Task Every_role_from_the_provider_is_answered_or_forbidden_as_the_permission_matrix_says()
    {
        var routes = _node.Providers.SelectMany(p => p.Value.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true && !e.RoutePattern.RawText!.Contains('{'))
                .Select(e => (Service: p.Key, Pattern: "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    Permission: e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault(policy => policy is not null && Permissions.Matrix.ContainsKey(policy)))))
            .Where(r => r.Permission is not null)
            .Distinct()
            .ToList();
        Assert.That(routes.Select(r => r.Service).Distinct(), Is.SupersetOf(new[] { "identification", "protection", "return", "remedies", "judicial" }));

        var failures = new List<string>();
        foreach (var role in Roles.All.Order())
        {
            using var client = Client(await _provider.TokenAsync(await _provider.AccountAsync(role, "NL", "nl-ngo-a")));
            foreach (var (service, pattern, permission) in routes)
            {
                using var response = await client.GetAsync(pattern + "?purpose=audit");
                var allowed = Permissions.Matrix[permission!].Contains(role);
                var ok = allowed
                    ? (int)response.StatusCode < 500 && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : response.StatusCode == HttpStatusCode.Forbidden;
                if (!ok) failures.Add($"{service} GET {pattern} as {role}: {(int)response.StatusCode}, expected {(allowed ? "answered" : "403")}");
            }
        }
        TestContext.Out.WriteLine($"{routes.Count} routes × {Roles.All.Count} roles with provider-issued tokens.");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>
    /// The provider rotates its key: a token signed with the new key is accepted once the services have refetched the JWKS
    /// (a key id they do not know makes them refetch; the first such request may still be refused). When the old key is
    /// retired and the services refetch again (here: the next rotation's unknown key id), a token signed with it is refused.
    /// </summary>
    [Test, Order(100)]
    public async Task After_a_key_rotation_the_new_key_is_accepted_and_a_retired_key_refused()
    {
        var first = await _provider.PublishedKeyIdsAsync();
        var oldToken = await _provider.TokenAsync("focal-point-nl");
        Assert.That((await GetCasesAsync(oldToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "positive control: the current key");

        var second = await _provider.RotateKeyAsync();
        Assert.That(await _provider.PublishedKeyIdsAsync(), Is.EqualTo(new[] { second }.Concat(first)), "the new key is published first, the old one still");
        var newToken = await _provider.TokenAsync("focal-point-nl");
        Assert.That(KeyId(newToken), Is.EqualTo(second), "the provider signs with the new key");
        await Eventually.TrueAsync("a token signed with the new key is accepted (the JWKS refetched)", async () => (await GetCasesAsync(newToken)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.That((await GetCasesAsync(oldToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the old key is still published: its tokens still pass");

        await _provider.RetireOldKeysAsync();
        var third = await _provider.RotateKeyAsync();
        Assert.That(await _provider.PublishedKeyIdsAsync(), Is.EqualTo(new[] { third, second }), "the first key is gone from the JWKS");
        var thirdToken = await _provider.TokenAsync("focal-point-nl");
        await Eventually.TrueAsync("a token signed with the third key is accepted (the JWKS refetched again)", async () => (await GetCasesAsync(thirdToken)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var refused = await GetCasesAsync(oldToken);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a token signed with the retired key");
        using var direct = Client(oldToken, _node.Services["identification"]);
        Assert.That((await direct.GetAsync("/api/identification/cases")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the service refuses it too");
        Assert.That((await GetCasesAsync(newToken)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second key is still published");
    }

    private static string Challenge(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? string.Join(" ", values) : "";

    private static string KeyId(string jwt) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt).Kid;
}
