using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TransnationalReferral.Testing;

/// <summary>
/// A real OpenID Connect provider for a fixture: <c>deploy/oidc-test/server.mjs</c> (the OpenID-certified
/// <c>oidc-provider</c>, installed by <c>./build.sh --target=OidcTools</c>) as a child process on a free loopback port.
/// Its test accounts carry Keycloak-style groups; hosts configured with <see cref="Settings"/> trust it through its
/// discovery document and JWKS (<c>Auth:Authority</c>) and map the groups as <c>deploy/keycloak/auth-claims.json</c> says.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    /// <summary>The audience the provider puts in tokens for the API (resource <c>urn:trm:api</c>).</summary>
    public const string Audience = "transnational-referral";

    private const string ClientId = "trm-tests", ClientSecret = "trm-tests-secret";

    private readonly Process _process;
    private readonly StringBuilder _errors;
    private readonly HttpClient _http;

    /// <summary>The provider's issuer, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Issuer { get; }

    private OidcProvider(Process process, StringBuilder errors, string issuer)
    {
        (_process, _errors, Issuer) = (process, errors, issuer);
        _http = new HttpClient { BaseAddress = new Uri(issuer + "/") };
    }

    public static string Directory => Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/oidc-test");

    /// <summary>Starts the provider and waits for its discovery document; fails (or, unless TR_OIDC_PROVIDER=required, skips) when it is not installed.</summary>
    public static async Task<OidcProvider> StartAsync()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules/oidc-provider")))
        {
            const string missing = "oidc-provider is not installed in deploy/oidc-test: ./build.sh --target=Test installs it (OidcTools, npm ci), or run npm ci there";
            if (Environment.GetEnvironmentVariable("TR_OIDC_PROVIDER") == "required") Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        var start = new ProcessStartInfo("node", ["server.mjs", "0"])
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? issuer = null;
        try
        {
            while (issuer is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith("listening ", StringComparison.Ordinal)) issuer = line["listening ".Length..].Trim();
        }
        catch (OperationCanceledException)
        {
        }
        if (issuer is null)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The OIDC test provider did not start: {errors}");
        }
        // Keep reading stdout so that the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        var provider = new OidcProvider(process, errors, issuer);
        var discovery = await provider._http.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        if (discovery.GetProperty("issuer").GetString() != issuer) throw new InvalidOperationException($"The provider's discovery document names issuer {discovery.GetProperty("issuer")}, not {issuer}");
        return provider;
    }

    /// <summary>The <c>Auth:Claims</c> settings deploy/keycloak documents for the Keycloak realm (the test provider issues the same groups).</summary>
    public static IReadOnlyDictionary<string, string> KeycloakClaimSettings()
    {
        var file = Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/keycloak/auth-claims.json");
        var claims = JsonNode.Parse(File.ReadAllText(file))!["Auth"]!["Claims"]!.AsObject();
        return claims.ToDictionary(c => $"Auth:Claims:{c.Key}", c => c.Value!.GetValue<string>());
    }

    /// <summary>
    /// What a host needs to trust this provider (and nothing else): its authority over http on loopback, the audience, the
    /// Keycloak claim mapping, and an on-demand metadata refresh of at most once a second (so a key rotation is followed at once).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Authority"] = Issuer,
            ["Auth:Audience"] = Audience,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:MetadataRefreshInterval"] = "00:00:01",
            // The run's own test issuer is not trusted beside the provider.
            ["Auth:Issuer"] = "",
        };
        foreach (var (key, value) in KeycloakClaimSettings()) settings[key] = value;
        return settings;
    }

    /// <summary>Adds (or replaces) a test account with Keycloak-style group paths.</summary>
    public async Task AddAccountAsync(string id, params string[] groups)
    {
        var response = await _http.PostAsJsonAsync("test/accounts", new { id, groups });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>An account with one role, organisation and jurisdiction group (added if need be); its id.</summary>
    public async Task<string> AccountAsync(string role, string jurisdiction, string organisation)
    {
        var id = $"{role}-{organisation}-{jurisdiction}".ToLowerInvariant();
        await AddAccountAsync(id, $"/trm/roles/{role}", $"/trm/org/{organisation}", $"/trm/jurisdiction/{jurisdiction}");
        return id;
    }

    /// <summary>
    /// An access token the provider issues for <paramref name="account"/> at its token endpoint (a JWT signed with its
    /// current key); <paramref name="resource"/> selects the audience; <paramref name="expired"/> backdates it by an hour.
    /// </summary>
    public async Task<string> TokenAsync(string account, string resource = "urn:trm:api", bool expired = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:trm:grant-type:test-account",
                ["account"] = account,
                ["resource"] = resource,
                ["expired"] = expired ? "true" : "false",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{ClientSecret}")));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The provider refused a token for {account}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A new signing key: first in the JWKS and signing from now on; the older keys stay published. Returns the new key id.</summary>
    public async Task<string> RotateKeyAsync() => (await KeysAsync(HttpMethod.Post, "test/keys/rotate")).Current;

    /// <summary>Every key but the current one leaves the JWKS.</summary>
    public async Task RetireOldKeysAsync() => await KeysAsync(HttpMethod.Post, "test/keys/retire");

    /// <summary>The key ids the provider's JWKS publishes.</summary>
    public async Task<string[]> PublishedKeyIdsAsync()
    {
        var jwks = await _http.GetFromJsonAsync<JsonElement>("jwks");
        return jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToArray();
    }

    private async Task<(string Current, string[] Keys)> KeysAsync(HttpMethod method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path));
        response.EnsureSuccessStatusCode();
        var keys = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (keys.GetProperty("current").GetString()!, keys.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray());
    }

    /// <summary>What the provider wrote to stderr (for a failure message).</summary>
    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
