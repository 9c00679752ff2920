using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>
/// Signed tokens for Development and tests only (HMAC-SHA256 with the configured development key).
/// Outside Development the services accept only tokens from the OIDC authority in configuration.
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "trm-development", Audience = "transnational-referral";

    public static SymmetricSecurityKey Key(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public static string Mint(string signingKey, string subject, string role, string organisation, string jurisdiction, TimeSpan lifetime, DateTimeOffset? now = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TrmClaims.Subject, subject),
                new Claim(TrmClaims.Role, role),
                new Claim(TrmClaims.Organisation, organisation),
                new Claim(TrmClaims.Jurisdiction, jurisdiction),
            ]),
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
