using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TransnationalReferral.ServiceDefaults.Http;

namespace TransnationalReferral.Gateway.Hardening;

/// <summary>
/// Response headers every gateway answer carries (also 401, 429, 502 and errors), set when the response starts
/// so that they override whatever a service sent: no MIME sniffing, no framing, no referrer, a Content-Security-Policy
/// (nothing may load for JSON; /docs may run its own scripts only), no browser features, and
/// <c>Cache-Control: no-store</c> on <c>/api/**</c> (case data must not be kept by browsers or proxies).
/// The <c>Server</c> header is dropped (Kestrel's is switched off; a service's would be copied by the proxy).
/// </summary>
public static partial class SecurityHeaders
{
    public const string ApiContentSecurityPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private const string DocsScriptHashesKey = "trm.docs-inline-script-hashes";

    /// <summary>
    /// /docs is Scalar: its HTML, scalar.js and scalar.aspnetcore.js are served by the gateway itself (embedded in
    /// the Scalar.AspNetCore package). The page starts them with one inline module script, allowed by its SHA-256
    /// (computed from the page as served, see <see cref="UseDocsScriptHashes"/>), not by 'unsafe-inline'. Scalar
    /// injects its styles, hence 'unsafe-inline' for styles only. Its CDN fonts and telemetry are switched off in
    /// Program.cs, so nothing is fetched from another host; the OpenAPI documents come from this origin.
    /// </summary>
    public static string DocsContentSecurityPolicy(IEnumerable<string> inlineScriptHashes) =>
        $"default-src 'none'; script-src {string.Join(' ', inlineScriptHashes.Select(h => $"'sha256-{h}'").Prepend("'self'"))}; " +
        "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/docs")
                ? DocsContentSecurityPolicy(http.Items[DocsScriptHashesKey] as IReadOnlyList<string> ?? [])
                : http.Request.Path.StartsWithSegments("/ops") ? Operations.OpsPage.ContentSecurityPolicy : ApiContentSecurityPolicy;
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

    /// <summary>
    /// For the /docs HTML pages (paths under /docs without a file extension; Scalar's scripts have one): buffers the
    /// page (about 1 KiB) and records the SHA-256 of each inline script for the page's Content-Security-Policy.
    /// </summary>
    public static IApplicationBuilder UseDocsScriptHashes(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!http.Request.Path.StartsWithSegments("/docs") || Path.HasExtension(http.Request.Path.Value))
        {
            await next(http);
            return;
        }

        await using var buffer = await http.BufferResponseAsync(next);
        if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            http.Items[DocsScriptHashesKey] = InlineScriptHashes(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    });

    /// <summary>Base64 SHA-256 of the text of every inline script (a script element without src), as CSP hashes it.</summary>
    public static IReadOnlyList<string> InlineScriptHashes(string html) => InlineScripts().Matches(html)
        .Select(m => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value))))
        .Distinct()
        .ToList();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScripts();
}
