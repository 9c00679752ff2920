extern alias Gateway;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// deploy/keycloak: the realm export's mappers and groups produce exactly the claims the <c>Auth</c> settings of its
/// README (and auth-claims.json, which the OIDC provider tests use) expect — the realm and the settings cannot drift
/// apart silently. Keycloak itself does not run here (no image, a large JVM): this reads the export as Keycloak would.
/// </summary>
public class KeycloakRealmTests
{
    private static readonly string Folder = Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/keycloak");
    private static JsonNode Realm => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "trm-realm.json")))!;

    /// <summary>The <c>Auth</c> block of the README's settings example.</summary>
    private static JsonNode ReadmeAuth()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        var block = Regex.Match(readme, "```json\\s*(\\{.*?\\})\\s*```", RegexOptions.Singleline);
        Assert.That(block.Success, "the README shows the settings as a json block");
        return JsonNode.Parse(block.Groups[1].Value)!["Auth"]!;
    }

    private static JsonObject ApiClient()
    {
        var clients = Realm["clients"]!.AsArray().Select(c => c!.AsObject()).ToList();
        return clients.Single(c => c["clientId"]!.GetValue<string>() == "trm-api");
    }

    private static List<JsonObject> Mappers(string type) =>
        ApiClient()["protocolMappers"]!.AsArray().Select(m => m!.AsObject()).Where(m => m["protocolMapper"]!.GetValue<string>() == type).ToList();

    private static bool InAccessToken(JsonObject mapper) => mapper["config"]!["access.token.claim"]?.GetValue<string>() == "true";

    private static IEnumerable<string> GroupPaths(JsonArray? groups) =>
        groups?.SelectMany(g => new[] { g!["path"]!.GetValue<string>() }.Concat(GroupPaths(g["subGroups"]?.AsArray()))) ?? [];

    [Test]
    public void The_README_settings_are_auth_claims_json_and_the_realm_is_trm()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "auth-claims.json")))!["Auth"]!["Claims"]!;
        Assert.That(JsonNode.DeepEquals(ReadmeAuth()["Claims"], file), "README.md's Auth:Claims are auth-claims.json's");
        Assert.That(Realm["realm"]!.GetValue<string>(), Is.EqualTo("trm"));
        Assert.That(ReadmeAuth()["Authority"]!.GetValue<string>(), Does.EndWith("/realms/trm"), "the authority is the realm's issuer");
    }

    [Test]
    public void The_client_puts_the_configured_audience_and_sub_in_its_access_tokens()
    {
        var audience = ReadmeAuth()["Audience"]!.GetValue<string>();
        Assert.That(audience, Is.EqualTo(OidcProvider.Audience), "the audience the test provider issues");
        Assert.That(Mappers("oidc-audience-mapper").Where(InAccessToken).Select(m => m["config"]!["included.custom.audience"]?.GetValue<string>()), Does.Contain(audience));
        Assert.That(Mappers("oidc-sub-mapper").Where(InAccessToken), Is.Not.Empty, "sub in the access token");
        Assert.That(ApiClient()["publicClient"]!.GetValue<bool>(), Is.False, "a confidential client");
        Assert.That(ApiClient()["directAccessGrantsEnabled"]!.GetValue<bool>(), Is.False, "no password grant");
    }

    [TestCase("Role")]
    [TestCase("Organisation")]
    [TestCase("Jurisdiction")]
    public void Each_group_setting_has_a_group_membership_mapper_with_full_paths_and_groups_under_its_prefix(string name)
    {
        var claims = ReadmeAuth()["Claims"]!;
        var claim = claims[$"{name}FromGroups"]!.GetValue<string>();
        var prefix = claims[$"{name}GroupPrefix"]!.GetValue<string>();
        var mapper = Mappers("oidc-group-membership-mapper").Where(InAccessToken).SingleOrDefault(m => m["config"]!["claim.name"]!.GetValue<string>() == claim);
        Assert.That(mapper, Is.Not.Null, $"a group membership mapper puts the groups in claim {claim} of the access token");
        Assert.That(mapper!["config"]!["full.path"]!.GetValue<string>(), Is.EqualTo(prefix.StartsWith('/') ? "true" : "false"), $"the prefix {prefix} is a {(prefix.StartsWith('/') ? "full" : "bare")} group path");

        var under = GroupPaths(Realm["groups"]!.AsArray()).Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]).ToList();
        Assert.That(under, Is.Not.Empty, $"the realm has groups under {prefix}");
        Func<string, bool> valid = name switch
        {
            "Role" => Roles.All.Contains,
            "Organisation" => OrganisationCodes.IsValid,
            _ => Jurisdictions.IsValid,
        };
        Assert.That(under.Where(v => !valid(v)), Is.Empty, $"every group under {prefix} is a valid {name.ToLowerInvariant()}");
        if (name == "Role") Assert.That(under, Is.EquivalentTo(Roles.All), "a group for every role, and no other");
    }

    /// <summary>The claims the realm's mappers produce for a user in one group of each kind, mapped with the README's settings.</summary>
    [Test]
    public void A_realm_user_in_one_group_of_each_kind_maps_to_the_caller_and_one_more_role_group_is_refused()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(OidcProvider.KeycloakClaimSettings().ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var mapping = ProviderClaims.From(settings.GetSection("Auth:Claims"));
        var paths = GroupPaths(Realm["groups"]!.AsArray()).ToList();
        string[] groups = [paths.First(p => p == "/trm/roles/FocalPoint"), paths.First(p => p.StartsWith("/trm/org/")), paths.First(p => p.StartsWith("/trm/jurisdiction/"))];
        var claim = Mappers("oidc-group-membership-mapper").Single()["config"]!["claim.name"]!.GetValue<string>();
        ClaimsPrincipal Token(IEnumerable<string> memberOf) => new(new ClaimsIdentity(memberOf.Select(g => new Claim(claim, g)).Append(new Claim("sub", "3f0c-user")), "Bearer"));

        var (caller, failure) = mapping.Map(Token(groups));
        Assert.That(failure, Is.Null);
        Assert.That(caller!.ToActor(), Is.EqualTo(new Actor("3f0c-user", Roles.FocalPoint, groups[1]["/trm/org/".Length..], groups[2]["/trm/jurisdiction/".Length..])));

        var (refused, reason) = mapping.Map(Token(groups.Append("/trm/roles/Auditor")));
        Assert.That(refused, Is.Null);
        Assert.That(reason, Does.Contain("2 values for the role"));
    }
}

/// <summary>The OIDC settings a host refuses to start with (before any token is seen).</summary>
public class OidcSettingsTests
{
    private static Exception? StartGateway(Dictionary<string, string?> settings)
    {
        settings["Services:identification"] = "http://127.0.0.1:9";
        // Outside Development, but not Production: there the production checklist (UnsafeDefaults, checked first) already
        // refuses any http authority, which would hide the authentication rules these tests are about.
        using var gateway = new ServiceHost<Gateway::Program>(settings, builder => builder.UseEnvironment("Staging"));
        return Assert.Catch(() => gateway.Start());
    }

    private static Dictionary<string, string?> Oidc(string authority = "http://127.0.0.1:9/realms/trm") => new()
    {
        ["Auth:Issuer"] = "",
        ["Auth:Authority"] = authority,
        ["Auth:Audience"] = OidcProvider.Audience,
        ["Auth:RequireHttpsMetadata"] = "false",
    };

    [Test]
    public void Plain_http_metadata_is_refused_for_an_authority_that_is_not_loopback()
    {
        var error = StartGateway(Oidc("http://keycloak.example.org/realms/trm"));
        Assert.That(error?.ToString(), Does.Contain("Auth:RequireHttpsMetadata is false but Auth:Authority 'http://keycloak.example.org/realms/trm' is not a loopback address"));
    }

    [Test]
    public void An_authority_without_an_audience_is_refused()
    {
        var settings = Oidc();
        settings["Auth:Audience"] = "";
        Assert.That(StartGateway(settings)?.ToString(), Does.Contain("Auth:Audience is required with Auth:Authority"));
    }

    [Test]
    public void An_unknown_claim_setting_is_refused()
    {
        var settings = Oidc();
        settings["Auth:Claims:RoleFromGroup"] = "groups";
        Assert.That(StartGateway(settings)?.ToString(), Does.Contain("Auth:Claims has unknown setting(s) RoleFromGroup"));
    }

    [Test]
    public void Groups_without_a_prefix_are_refused()
    {
        var settings = Oidc();
        settings["Auth:Claims:RoleFromGroups"] = "groups";
        Assert.That(StartGateway(settings)?.ToString(), Does.Contain("Auth:Claims:RoleFromGroups and Auth:Claims:RoleGroupPrefix go together"));
    }
}
