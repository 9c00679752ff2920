using Scalar.AspNetCore;
using TransnationalReferral.Gateway;
using TransnationalReferral.ServiceDefaults;

if (args is ["token", ..]) return TokenCommand.Run(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.Services.AddReverseProxy().LoadFromMemory(ServiceRoutes.Routes(), ServiceRoutes.Clusters(builder.Configuration));

var app = builder.Build();
app.UseServiceDefaults();
app.MapScalarApiReference("/docs", o => o
        .WithTitle("TransnationalReferral API")
        .WithOpenApiRoutePattern("/openapi/{documentName}.json")
        .AddDocuments(ServiceRoutes.Names))
    .AllowAnonymous();
app.MapReverseProxy();

app.Run();
return 0;
