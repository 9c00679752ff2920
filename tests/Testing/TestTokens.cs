using System.Net.Http.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Testing;

/// <summary>Development tokens for tests, signed with the key the hosted services are given.</summary>
public static class TestTokens
{
    public const string SigningKey = "trm-test-signing-key-only-for-tests-0123456789abcdef";

    /// <summary>The vault master key the hosted Identification service gets in tests (32 bytes, base64).</summary>
    public const string VaultMasterKey = "dHJtLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    public static string For(string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user") =>
        DevelopmentTokens.Mint(SigningKey, subject, role, organisation, jurisdiction, TimeSpan.FromHours(1));

    /// <summary>
    /// A token the hosted services would accept but for its claims: exactly <paramref name="claims"/> (e.g. one of
    /// sub, role, organisation, jurisdiction left out), signed with the test key, valid for an hour from <paramref name="now"/>.
    /// </summary>
    public static string WithClaims(IReadOnlyDictionary<string, object> claims, string? issuer = null, string? audience = null, DateTimeOffset? now = null, TimeSpan? lifetime = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? DevelopmentTokens.Issuer,
            Audience = audience ?? DevelopmentTokens.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = new Dictionary<string, object>(claims),
            SigningCredentials = new SigningCredentials(DevelopmentTokens.Key(SigningKey), SecurityAlgorithms.HmacSha256),
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

    public static HttpClient Authorize(this HttpClient client, string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user")
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, jurisdiction, organisation, subject));
        return client;
    }
}
