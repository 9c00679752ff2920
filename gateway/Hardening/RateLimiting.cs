using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway.Hardening;

/// <summary>
/// Per-caller rate limiting of the proxied routes (the YARP routes name <see cref="PolicyName"/>; health,
/// metrics and /docs are not limited). An authenticated caller is one partition per (<c>organisation</c>,
/// <c>sub</c>) of its token; anyone else is one partition per remote IP address, with a stricter limit.
/// Fixed windows; configuration <c>RateLimiting:PermitsPerWindow</c>, <c>RateLimiting:AnonymousPermitsPerWindow</c>,
/// <c>RateLimiting:WindowSeconds</c>. A rejection is 429 with <c>Retry-After</c> (seconds) and ProblemDetails.
/// </summary>
public static class GatewayRateLimiting
{
    public const string PolicyName = "per-caller";

    public sealed record Settings(int PermitsPerWindow, int AnonymousPermitsPerWindow, TimeSpan Window)
    {
        public static Settings From(IConfiguration configuration)
        {
            var section = configuration.GetSection("RateLimiting");
            var permits = Positive(section, "PermitsPerWindow", 300);
            var anonymous = Positive(section, "AnonymousPermitsPerWindow", Math.Min(60, permits));
            var seconds = Positive(section, "WindowSeconds", 60);
            return new Settings(permits, anonymous, TimeSpan.FromSeconds(seconds));
        }

        private static int Positive(IConfigurationSection section, string key, int fallback)
        {
            var raw = section[key];
            if (string.IsNullOrWhiteSpace(raw)) return fallback;
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"RateLimiting:{key} must be a positive whole number (it is '{raw}').");
        }
    }

    /// <summary>Who a request counts against: a token's organisation and subject, or else the remote address.</summary>
    private readonly record struct Caller(string Kind, string Organisation, string Subject);

    public static WebApplicationBuilder AddGatewayRateLimiting(this WebApplicationBuilder builder)
    {
        var settings = Settings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PolicyName, http =>
            {
                var caller = CallerOf(http);
                var permits = caller.Kind == "token" ? settings.PermitsPerWindow : settings.AnonymousPermitsPerWindow;
                return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = settings.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = (context, ct) => RejectAsync(context.HttpContext, context.Lease, settings, ct);
        });
        return builder;
    }

    private static Caller CallerOf(HttpContext http)
    {
        var user = http.User;
        var subject = user.FindFirstValue(TrmClaims.Subject);
        if (user.Identity?.IsAuthenticated == true && !string.IsNullOrEmpty(subject))
            return new Caller("token", user.FindFirstValue(TrmClaims.Organisation) ?? "", subject);
        return new Caller("address", "", http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, Settings settings, CancellationToken ct)
    {
        var caller = CallerOf(http);
        var permits = caller.Kind == "token" ? settings.PermitsPerWindow : settings.AnonymousPermitsPerWindow;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("TransnationalReferral.Gateway.RateLimiting")
            .LogWarning("Rate limit reached ({Permits} requests per {Window} s) for a caller identified by {Kind}", permits, settings.Window.TotalSeconds, caller.Kind);

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var who = caller.Kind == "token" ? "this caller" : "callers without a token from this address";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"At most {permits} requests per {settings.Window.TotalSeconds:0} s are accepted from {who}. Retry after {seconds} s.",
                Extensions = { ["retryAfterSeconds"] = seconds },
            },
        });
    }
}
