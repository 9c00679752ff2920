using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TransnationalReferral.ServiceDefaults.OpenApi;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TransnationalReferral.ServiceDefaults;

/// <summary>The plumbing every service and the gateway share, written once.</summary>
public static class Extensions
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string service)
    {
        // Secrets from files (Secrets:Directory, /run/secrets) before anything reads configuration.
        Configuration.SecretFiles.AddSecretFiles(builder.Configuration, builder.Configuration);
        UnsafeDefaults.Refuse(builder.Configuration, builder.Environment, service: service != "gateway");
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ServiceIdentity(service, UnsafeDefaults.Jurisdiction(builder.Configuration)));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = HttpDefaults.MaxRequestBodyBytes);
        builder.AddTelemetry(service);
        builder.AddTrmAuthentication();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.AddTraceId);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o => HttpDefaults.ConfigureJson(o.SerializerOptions));
        builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o => o.AddSchemaTransformer<IsoDateSchemas>());
        builder.AddOpenApiDocuments(service);
        builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(o => o.AddOperationTransformer<OpenApi.RefusalResponses>()); // after the shared responses exist
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        return builder;
    }

    private static void AddTelemetry(this WebApplicationBuilder builder, string service)
    {
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            // service.instance.id: Node:Instance (identification-2) where several instances run, else a random id per process
            .ConfigureResource(r => r.AddService($"trm-{service}", serviceInstanceId: builder.Configuration["Node:Instance"]))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Marten", "Npgsql", "TransnationalReferral.*")
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit", "Marten", "TransnationalReferral.*"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
    }

    /// <summary>Exception handling, authentication and the endpoints every service has (health, metrics, OpenAPI).</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCaseScope();
        app.UseIdempotencyKeys();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteHealth }).AllowAnonymous();
        // Degraded is unready too: MassTransit reports the bus "Degraded" (not "Unhealthy") while it has lost the broker and reconnects.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready") || c.Tags.Contains("live"),
            ResponseWriter = WriteHealth,
            ResultStatusCodes = { [HealthStatus.Healthy] = StatusCodes.Status200OK, [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable, [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable },
        }).AllowAnonymous();
        app.MapMetrics();
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        return app;
    }

    /// <summary>Health as JSON an ops team can read: overall status and each check (no exception details).</summary>
    private static Task WriteHealth(HttpContext http, HealthReport report) => http.Response.WriteAsJsonAsync(new
    {
        status = report.Status.ToString(),
        checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = e.Value.Duration.TotalMilliseconds }),
    });
}
