using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Testing;

/// <summary>
/// Tokens for tests: ES256, signed with a key pair generated for this test run. Hosted services trust its public key
/// through configuration (<see cref="Settings"/>: <c>Auth:Issuer</c> + <c>Auth:SigningKeys:{kid}</c>), never a development key.
/// </summary>
public static class TestTokens
{
    /// <summary>
    /// An HMAC key in the style of the development key. The hosted services do NOT accept tokens signed with it
    /// (development tokens exist only in Development; hosts run in Testing): kept to prove exactly that.
    /// </summary>
    public const string SigningKey = "trm-test-signing-key-only-for-tests-0123456789abcdef";

    /// <summary>The vault master key the hosted Identification service gets in tests (32 bytes, base64).</summary>
    public const string VaultMasterKey = "dHJtLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    /// <summary>The issuer of the test tokens.</summary>
    public const string Issuer = "trm-tests";

    private static readonly ECDsa RunKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The key id of this run's signing key.</summary>
    public static readonly string KeyId = $"test-run-{Guid.NewGuid():N}";

    /// <summary>This run's public key (PEM), as hosts are configured to trust it.</summary>
    public static readonly string PublicKeyPem = RunKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>This run's scrape credential for <c>/metrics</c> (what Prometheus presents as a bearer token).</summary>
    public static readonly string MetricsToken = $"metrics-{Guid.NewGuid():N}";

    /// <summary>The configuration a hosted service needs to accept these tokens (also as environment variables for a child process: ':' → '__').</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Auth:Issuer"] = Issuer,
        [$"Auth:SigningKeys:{KeyId}"] = PublicKeyPem,
        ["Metrics:Token"] = MetricsToken,
    };

    public static string For(string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user") =>
        WithClaims(CompleteClaims(role, jurisdiction, organisation, subject));

    /// <summary>
    /// A token signed with this run's key carrying exactly <paramref name="claims"/> (e.g. one of sub, role, organisation,
    /// jurisdiction left out), valid for <paramref name="lifetime"/> (an hour) from <paramref name="now"/>.
    /// </summary>
    public static string WithClaims(IReadOnlyDictionary<string, object> claims, string? issuer = null, string? audience = null, DateTimeOffset? now = null, TimeSpan? lifetime = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? DevelopmentTokens.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = new Dictionary<string, object>(claims),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(RunKey) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>The four claims a complete test token carries.</summary>
    public static Dictionary<string, object> CompleteClaims(string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user") => new()
    {
        [TrmClaims.Subject] = subject,
        [TrmClaims.Role] = role,
        [TrmClaims.Organisation] = organisation,
        [TrmClaims.Jurisdiction] = jurisdiction,
    };

    /// <summary>The four claims that name a caller (a token without one of them is refused).</summary>
    public static readonly string[] CallerClaims = [TrmClaims.Subject, TrmClaims.Role, TrmClaims.Organisation, TrmClaims.Jurisdiction];

    /// <summary>One test case a caller claim, named <paramref name="testName"/> with the claim in place of <c>{0}</c> (for <c>[TestCaseSource]</c>).</summary>
    public static IEnumerable<TestCaseData> CallerClaimCases(string testName) =>
        CallerClaims.Select(claim => new TestCaseData(claim).SetName(string.Format(System.Globalization.CultureInfo.InvariantCulture, testName, claim)));

    public static HttpClient Authorize(this HttpClient client, string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user")
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, jurisdiction, organisation, subject));
        return client;
    }
}
