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

    /// <summary>The authenticated caller as the domain sees it.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.FindFirstValue(TrmClaims.Subject) ?? "unknown",
        user.FindFirstValue(TrmClaims.Role) ?? "unknown",
        user.FindFirstValue(TrmClaims.Organisation) ?? "unknown",
        user.FindFirstValue(TrmClaims.Jurisdiction) ?? "unknown");

    public static Actor Actor(this HttpContext http) => http.User.ToActor();

    /// <summary>The clock every decision reads (the registered <see cref="TimeProvider"/>, so tests can move time).</summary>
    public static DateTimeOffset Now(this HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
