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
    /// <item><c>Auth:Authority</c>: an OIDC authority (production), its keys from its metadata, with <c>Auth:Audience</c>
    /// (required), <c>Auth:RequireHttpsMetadata</c> (false only for a loopback authority), <c>Auth:MetadataRefreshInterval</c>
    /// and the claim mapping <c>Auth:Claims:*</c> (<see cref="ProviderClaims"/>; deploy/keycloak/README.md);</item>
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
        var providerClaims = ProviderClaims.From(auth.GetSection("Claims"));
        var requireHttpsMetadata = !development;
        TimeSpan? metadataRefreshInterval = null;
        if (!string.IsNullOrWhiteSpace(authority))
        {
            if (string.IsNullOrWhiteSpace(auth["Audience"]))
                throw new InvalidOperationException("Auth:Audience is required with Auth:Authority (the audience the provider puts in tokens for this API, e.g. transnational-referral): refusing to start without it.");
            requireHttpsMetadata = RequireHttpsMetadata(auth, authority, development);
            if (auth["MetadataRefreshInterval"] is { Length: > 0 } interval)
                metadataRefreshInterval = TimeSpan.TryParse(interval, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= TimeSpan.FromSeconds(1)
                    ? parsed
                    : throw new InvalidOperationException($"Auth:MetadataRefreshInterval '{interval}' is not a time span of at least 00:00:01. Refusing to start.");
        }

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
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => MapAndRequireCallerClaims(context, providerClaims),
                OnChallenge = ExplainRefusedCaller,
            };
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.TokenValidationParameters.ValidIssuer = authority;
                options.TokenValidationParameters.ValidAudience = auth["Audience"];
                options.RequireHttpsMetadata = requireHttpsMetadata;
                // A token signed with a key the cached JWKS lacks makes the handler refetch the metadata (RefreshOnIssuerKeyNotFound),
                // at most once per RefreshInterval (default 5 minutes; the tests shorten it to follow a key rotation quickly).
                if (metadataRefreshInterval is { } refresh) options.RefreshInterval = refresh;
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

        if (!string.IsNullOrWhiteSpace(authority))
        {
            // Microsoft.IdentityModel keeps validating with a "last known good" configuration for an hour after a refetch:
            // a key the provider has retired (perhaps because it leaked) would still pass. Off: a key the JWKS no longer
            // publishes is refused from the next refetch on. (Runs after JwtBearer's own post-configuration, which creates the manager.)
            builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            {
                if (options.ConfigurationManager is BaseConfigurationManager manager) manager.UseLastKnownGoodConfiguration = false;
            });
        }

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

    /// <summary>
    /// <c>Auth:RequireHttpsMetadata</c> (default: true outside Development): false only for a loopback authority (a test
    /// provider on 127.0.0.1), so a production node can never fetch its keys over plain http.
    /// </summary>
    private static bool RequireHttpsMetadata(IConfigurationSection auth, string authority, bool development)
    {
        var configured = auth["RequireHttpsMetadata"];
        if (string.IsNullOrWhiteSpace(configured)) return !development;
        if (!bool.TryParse(configured, out var require))
            throw new InvalidOperationException($"Auth:RequireHttpsMetadata '{configured}' is not true or false. Refusing to start.");
        if (!require && !(Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback))
            throw new InvalidOperationException($"Auth:RequireHttpsMetadata is false but Auth:Authority '{authority}' is not a loopback address: the provider's keys must come over https. Refusing to start.");
        return require;
    }

    /// <summary>Why a token does not name its caller (a claim missing, ambiguous or invalid): the 401 says so.</summary>
    public sealed class CallerClaimsException(string message) : Exception(message);

    private static Task MapAndRequireCallerClaims(TokenValidatedContext context, ProviderClaims providerClaims)
    {
        if (providerClaims.Configured && context.Principal is { } principal)
        {
            var (mapped, failure) = providerClaims.Map(principal);
            if (failure is not null)
            {
                context.Fail(new CallerClaimsException(failure));
                return Task.CompletedTask;
            }
            context.Principal = mapped;
        }
        return RequireCallerClaims(context);
    }

    /// <summary>A 401 for a token that does not name its caller says why (RFC 6750 error_description and a ProblemDetails body).</summary>
    private static async Task ExplainRefusedCaller(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not CallerClaimsException refused) return;
        context.HandleResponse();
        var reason = refused.Message;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{new string(reason.Select(c => c is '"' or '\\' || char.IsControl(c) ? '\'' : c).ToArray())}\"";
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The token does not name the caller", detail: reason).ExecuteAsync(context.HttpContext);
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
            context.Fail(new CallerClaimsException($"The token has no {string.Join(", ", missing)} claim: every caller must be named by sub, role, organisation and jurisdiction."));
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
