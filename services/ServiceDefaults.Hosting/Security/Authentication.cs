using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace TransnationalReferral.ServiceDefaults.Security;

public static class Authentication
{
    /// <summary>
    /// JWT bearer authentication for the gateway and every service (defence in depth), from exactly one trust source:
    /// <list type="bullet">
    /// <item><c>Auth:Authority</c>: an OIDC authority (production), its keys from its metadata;</item>
    /// <item><c>Auth:Issuer</c> with <c>Auth:SigningKeys:{kid}</c>: ES256 tokens of that issuer verified with the given
    /// public keys (PEM) — how test hosts trust a key generated for the run; any environment;</item>
    /// <item><c>Auth:DevelopmentSigningKey</c>: HMAC development tokens (<see cref="DevelopmentTokens"/>), in Development
    /// only — anywhere else the process refuses to start (<see cref="UnsafeDefaults"/>).</item>
    /// </list>
    /// Every token must name the caller completely (<see cref="RequiredClaims"/>), else 401.
    /// </summary>
    public static IHostApplicationBuilder AddTrmAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        var development = builder.Environment.IsDevelopment();
        var authority = auth["Authority"];
        var issuer = auth["Issuer"];
        var signingKeys = auth.GetSection("SigningKeys").GetChildren().ToList();
        var developmentKey = auth["DevelopmentSigningKey"];
        if (!development && !string.IsNullOrWhiteSpace(developmentKey))
            throw new InvalidOperationException($"Auth:DevelopmentSigningKey is set in environment '{builder.Environment.EnvironmentName}': development tokens are accepted only in Development. Refusing to start.");
        if (string.IsNullOrWhiteSpace(authority) && string.IsNullOrWhiteSpace(issuer) && !development)
            throw new InvalidOperationException("Auth:Authority (an OIDC authority) is required outside Development (or Auth:Issuer with Auth:SigningKeys): refusing to start without it.");
        var issuerKeys = string.IsNullOrWhiteSpace(authority) && !string.IsNullOrWhiteSpace(issuer) ? PublicKeys(signingKeys) : [];

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = TrmClaims.Subject,
                RoleClaimType = TrmClaims.Role,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = RequireCallerClaims };
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.TokenValidationParameters.ValidIssuer = authority;
                options.TokenValidationParameters.ValidAudience = auth["Audience"] ?? DevelopmentTokens.Audience;
                options.RequireHttpsMetadata = !development;
            }
            else if (!string.IsNullOrWhiteSpace(issuer))
            {
                options.TokenValidationParameters.ValidIssuer = issuer;
                options.TokenValidationParameters.ValidAudience = auth["Audience"] ?? DevelopmentTokens.Audience;
                options.TokenValidationParameters.IssuerSigningKeys = issuerKeys;
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
            }
            else
            {
                var key = developmentKey
                    ?? throw new InvalidOperationException("Auth:DevelopmentSigningKey is required in Development without Auth:Authority or Auth:Issuer (see appsettings.Development.json).");
                options.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                options.TokenValidationParameters.ValidAudience = DevelopmentTokens.Audience;
                options.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(key);
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(TrmClaims.Jurisdiction).Build())
            .AddPermissionPolicies();
        return builder;
    }

    /// <summary><c>Auth:SigningKeys:{kid}</c>: ECDSA P-256 public keys (PEM); a private key here is refused (it belongs to the issuer alone).</summary>
    private static List<SecurityKey> PublicKeys(IReadOnlyList<IConfigurationSection> keys)
    {
        if (keys.Count == 0) throw new InvalidOperationException("Auth:Issuer needs at least one public key under Auth:SigningKeys:{kid} (PEM).");
        return keys.Select(k =>
        {
            var pem = k.Value ?? "";
            if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
                throw new InvalidOperationException($"Auth:SigningKeys:{k.Key} is a private key: give the issuer's public key only.");
            var ecdsa = System.Security.Cryptography.ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            if (ecdsa.KeySize != 256) throw new InvalidOperationException($"Auth:SigningKeys:{k.Key} must be an ECDSA P-256 public key (ES256).");
            return (SecurityKey)new ECDsaSecurityKey(ecdsa) { KeyId = k.Key };
        }).ToList();
    }

    /// <summary>The claims that make a caller someone: without any of them a token is refused (401), never defaulted.</summary>
    public static readonly IReadOnlyList<string> RequiredClaims = [TrmClaims.Subject, TrmClaims.Role, TrmClaims.Organisation, TrmClaims.Jurisdiction];

    /// <summary>
    /// A token without <c>sub</c>, <c>role</c>, <c>organisation</c> or <c>jurisdiction</c> (or with an empty one) fails
    /// authentication: a default such as "unknown" would match cases owned by "unknown" and share one idempotency namespace.
    /// </summary>
    private static Task RequireCallerClaims(TokenValidatedContext context)
    {
        var missing = RequiredClaims.Where(c => string.IsNullOrWhiteSpace(context.Principal?.FindFirstValue(c))).ToList();
        if (missing.Count > 0)
            context.Fail($"The token has no {string.Join(", ", missing)} claim: every caller must be named by sub, role, organisation and jurisdiction.");
        return Task.CompletedTask;
    }

    /// <summary>The authenticated caller as the domain sees it (authentication has required every claim; nothing is defaulted).</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        Required(user, TrmClaims.Subject), Required(user, TrmClaims.Role), Required(user, TrmClaims.Organisation), Required(user, TrmClaims.Jurisdiction));

    private static string Required(ClaimsPrincipal user, string claim) =>
        user.FindFirstValue(claim) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value
        : throw new UnauthorizedAccessException($"The caller has no {claim} claim.");

    public static Actor Actor(this HttpContext http) => http.User.ToActor();

    /// <summary>The clock every decision reads (the registered <see cref="TimeProvider"/>, so tests can move time).</summary>
    public static DateTimeOffset Now(this HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
