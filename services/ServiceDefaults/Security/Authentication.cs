using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.ServiceDefaults.Security;

public static class Authentication
{
    /// <summary>
    /// JWT bearer authentication for the gateway and every service (defence in depth).
    /// Development: tokens signed with <c>Auth:DevelopmentSigningKey</c>. Elsewhere: only <c>Auth:Authority</c> (OIDC).
    /// </summary>
    public static IHostApplicationBuilder AddTrmAuthentication(this IHostApplicationBuilder builder)
    {
        var auth = builder.Configuration.GetSection("Auth");
        if (string.IsNullOrWhiteSpace(auth["Authority"]) && !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
            throw new InvalidOperationException("Auth:Authority (an OIDC authority) is required outside Development: refusing to start without it.");
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
            var authority = auth["Authority"];
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.TokenValidationParameters.ValidIssuer = authority;
                options.TokenValidationParameters.ValidAudience = auth["Audience"] ?? DevelopmentTokens.Audience;
                options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
            }
            else if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
            {
                var key = auth["DevelopmentSigningKey"]
                    ?? throw new InvalidOperationException("Auth:DevelopmentSigningKey is required in Development (see appsettings.Development.json).");
                options.TokenValidationParameters.ValidIssuer = DevelopmentTokens.Issuer;
                options.TokenValidationParameters.ValidAudience = DevelopmentTokens.Audience;
                options.TokenValidationParameters.IssuerSigningKey = DevelopmentTokens.Key(key);
                options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                throw new InvalidOperationException("Auth:Authority (an OIDC authority) is required outside Development.");
            }
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(TrmClaims.Jurisdiction).Build())
            .AddPermissionPolicies();
        return builder;
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
