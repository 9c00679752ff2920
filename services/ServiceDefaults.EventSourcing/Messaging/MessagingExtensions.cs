using MassTransit;

namespace TransnationalReferral.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (<c>ConnectionStrings:RabbitMq</c>, an amqp URI with the vhost): endpoints
    /// named after the service, quorum queues, retries then the <c>_error</c> queue, and start-up that waits
    /// until the bus is connected so nothing published at start is lost.
    /// </summary>
    public static IHostApplicationBuilder AddMessageBus(this IHostApplicationBuilder builder, string service, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(15);
        });

        builder.Services.AddSingleton<Operations.ErrorQueueMonitor>();
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<Operations.ErrorQueueMonitor>());
        // MassTransit 8.4+ would post usage telemetry to its vendor over HTTPS: a node phones nobody, and the
        // MASSTRANSIT_USAGE_TELEMETRY variable (which MassTransit lets override the option) may not turn it back on.
        if (Environment.GetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY") is { } telemetry && (telemetry.Trim() == "1" || telemetry.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidOperationException("Refusing to start: MASSTRANSIT_USAGE_TELEMETRY turns on MassTransit's usage telemetry, which sends data to a third party. Unset it.");
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            // Queues are named after the service; a second node on the same virtual host (Node:Name, e.g. "ro") prefixes them.
            var node = builder.Configuration["Node:Name"];
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(string.IsNullOrWhiteSpace(node) ? service : $"{node}-{service}", false));
            consumers?.Invoke(bus);
            bus.ConfigureHealthCheckOptions(o =>
            {
                o.Name = "rabbitmq";
                o.Tags.Add("ready");
                o.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
            });

            bus.AddConfigureEndpointsCallback((context, _, cfg) =>
            {
                if (cfg is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                // A message that can never be applied goes to _error at once; a database outage is waited out however long
                // it lasts (the message stays on its queue); anything else (a message that overtook the one it depends on)
                // is retried with back-off for about two minutes first (Messaging:Retry).
                var settings = MessageRetrySettings.From(context.GetRequiredService<IConfiguration>());
                var logger = context.GetRequiredService<ILoggerFactory>().CreateLogger<OutageAwareRetryPolicy>();
                cfg.UseMessageRetry(r =>
                {
                    r.Ignore<InvalidMessageException>();
                    r.SetRetryPolicy(filter => new OutageAwareRetryPolicy(filter, settings, logger));
                });
            });

            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(context.GetRequiredService<IConfiguration>().GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured (an amqp URI with the vhost).")), h => h.UseClusterNodes(context.GetRequiredService<IConfiguration>()));
                // `topology` (deploy time): declare the exchanges, queues and bindings, consume nothing.
                cfg.DeployTopologyOnly = TopologyDeployment.DeployOnly(context.GetRequiredService<IConfiguration>());
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}

/// <summary>A message that can never be applied (missing ids, unknown codes): goes straight to the error queue.</summary>
public sealed class InvalidMessageException(string message) : Exception(message);
