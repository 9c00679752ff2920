using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway.Hardening;

/// <summary>
/// Behind an ingress or load balancer (TLS ends there) the gateway honours <c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>
/// and <c>X-Forwarded-Host</c> only from the proxies it is told about: <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), each a list (<c>:0</c>, <c>:1</c>, … or comma-separated). None
/// configured: the headers are ignored (ASP.NET Core's default trust in loopback is dropped too) and the caller is the
/// connection's peer. Applied first in the pipeline, so the rate limiter's per-address partitions, the scheme and the host
/// see the client. <c>ForwardedHeaders:ForwardLimit</c> (default 1) is how many proxies in a row are unwrapped.
/// Trusting every address is refused in Production (production checklist, <c>forwarded-headers-trust-all</c>).
/// </summary>
public static class GatewayForwardedHeaders
{
    public static WebApplicationBuilder AddGatewayForwardedHeaders(this WebApplicationBuilder builder)
    {
        var proxies = UnsafeDefaults.Values(builder.Configuration, "ForwardedHeaders:KnownProxies")
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = UnsafeDefaults.Values(builder.Configuration, "ForwardedHeaders:KnownNetworks")
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a CIDR range (e.g. 10.0.0.0/8).")).ToList();
        var limit = builder.Configuration.GetValue("ForwardedHeaders:ForwardLimit", 1);
        builder.Services.AddSingleton(new TrustedProxies(proxies.Count + networks.Count > 0));
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = Math.Max(1, limit);
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return builder;
    }

    /// <summary>First in the pipeline; nothing at all when no proxy is configured.</summary>
    public static WebApplication UseGatewayForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TrustedProxies>().Any) app.UseForwardedHeaders();
        return app;
    }

    private sealed record TrustedProxies(bool Any);
}
