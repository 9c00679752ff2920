using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>
/// Signed tokens for Development and tests only (HMAC-SHA256 with the configured development key).
/// Outside Development the services accept only tokens from the OIDC authority (or the ES256 issuer) in configuration;
/// the other <see cref="Mint(SigningCredentials, string, string, string, string, string, string, TimeSpan, DateTimeOffset?)"/>
/// signs such an issuer's tokens with its private key (the gateway's <c>token --issuer-key</c>).
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "trm-development", Audience = "transnational-referral";

    public static SymmetricSecurityKey Key(string signingKey) => new(Encoding.UTF8.GetBytes(signingKey));

    public static string Mint(string signingKey, string subject, string role, string organisation, string jurisdiction, TimeSpan lifetime, DateTimeOffset? now = null) =>
        Mint(new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256), Issuer, Audience, subject, role, organisation, jurisdiction, lifetime, now);

    /// <summary>A token naming the caller completely (<see cref="Authentication.RequiredClaims"/>), signed with <paramref name="credentials"/>.</summary>
    public static string Mint(SigningCredentials credentials, string issuer, string audience, string subject, string role, string organisation, string jurisdiction, TimeSpan lifetime, DateTimeOffset? now = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
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
            SigningCredentials = credentials,
        });
    }
}
