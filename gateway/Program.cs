using Scalar.AspNetCore;
using TransnationalReferral.Gateway;
using TransnationalReferral.Gateway.Audit;
using TransnationalReferral.Gateway.Balancing;
using TransnationalReferral.Gateway.Hardening;
using TransnationalReferral.Gateway.Operations;
using TransnationalReferral.Gateway.OwnAccess;
using TransnationalReferral.ServiceDefaults;
using Yarp.ReverseProxy.Health;

if (args is ["token", ..]) return TokenCommand.Run(args[1..]);
if (args is ["verify", ..]) return VerifyCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
builder.AddGatewayForwardedHeaders();
builder.AddGatewayRateLimiting();
builder.Services.AddHttpClient("audit");
builder.Services.AddHttpClient("ops");
// Each service's instances with load balancing and health checks (docs/operations.md, "Several instances"). The gateway's own
// /health/ready does not depend on them: one service without a healthy instance answers 503 on its routes, while an outer
// load balancer keeps the gateway (and the other four services) in rotation.
var balancing = BalancingSettings.From(builder.Configuration);
builder.Services.AddSingleton(balancing);
builder.Services.AddSingleton<IPassiveHealthCheckPolicy, FirstTransportFailurePolicy>();
builder.Services.AddSingleton<ServiceInstances>();
builder.Services.AddReverseProxy().LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters(builder.Configuration, balancing));

var app = builder.Build();
// First: everything after it (rate limiting per address, scheme, host) sees the client behind the configured proxies.
app.UseGatewayForwardedHeaders();
app.UseSecurityHeaders();
app.UseDocsScriptHashes();
app.UseServiceDefaults();
// After authentication (inside UseServiceDefaults) so that the caller's token decides the partition.
app.UseRateLimiter();
app.MapScalarApiReference("/docs", o => o
        .WithTitle("TransnationalReferral API")
        .WithOpenApiRoutePattern("/openapi/{documentName}.json")
        .AddDocuments(ServiceRoutes.Names)
        .AddDocument("v1", "audit (gateway)")   // the gateway's own endpoints: timeline, export, keys
        .DisableDefaultFonts()     // they would come from Scalar's CDN; the CSP of /docs allows this origin only
        .DisableTelemetry())
    .AllowAnonymous();
app.MapAuditTimeline();
app.MapOwnDataExports();
app.MapOpsPage();
app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<ProxyProblems>();
    proxy.UseMiddleware<RetryElsewhere>();   // a GET or HEAD refused by one instance goes to another
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
return 0;
