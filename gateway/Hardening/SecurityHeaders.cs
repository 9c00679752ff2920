namespace TransnationalReferral.Gateway.Hardening;

/// <summary>
/// Response headers every gateway answer carries (also 401, 429, 502 and errors), set when the response starts
/// so that they override whatever a service sent: no MIME sniffing, no framing, no referrer, a Content-Security-Policy
/// (nothing may load for JSON; /docs may load its own scripts and styles only), no browser features, and
/// <c>Cache-Control: no-store</c> on <c>/api/**</c> (case data must not be kept by browsers or proxies).
/// The <c>Server</c> header is dropped (Kestrel's is switched off; a service's would be copied by the proxy).
/// </summary>
public static class SecurityHeaders
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// /docs is Scalar: its HTML, scalar.js and scalar.aspnetcore.js are served by the gateway itself (embedded in the
    /// Scalar.AspNetCore package); the page starts them with an inline module script and Scalar injects its styles.
    /// Its default CDN fonts and telemetry are switched off in Program.cs, so nothing is fetched from another host;
    /// the OpenAPI documents come from this origin.
    /// </summary>
    public const string DocsContentSecurityPolicy =
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs") ? DocsContentSecurityPolicy : ApiContentSecurityPolicy;
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
                headers.Remove("Expires");
                headers.Remove("Pragma");
            }
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
