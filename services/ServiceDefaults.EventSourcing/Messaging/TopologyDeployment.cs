using MassTransit;

namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// <c>dotnet TransnationalReferral.&lt;Service&gt;.dll topology</c>: declares the service's exchanges, queues (with their
/// <c>_error</c> and bindings) on its RabbitMQ virtual host and exits, consuming nothing — MassTransit's
/// <c>DeployTopologyOnly</c>. Run at deploy time (tools/Devtool <c>up</c> runs it for every service before starting them),
/// so an event published before a consumer's first start waits on its queue instead of being dropped for it.
/// <c>Messaging:DeployTopologyOnly=true</c> has the same effect on a bus started as part of the host (tests).
/// </summary>
public static class TopologyDeployment
{
    /// <summary>This process was started as <c>… topology</c>.</summary>
    public static bool Requested => Environment.GetCommandLineArgs() is [_, "topology", ..];

    public static bool DeployOnly(IConfiguration configuration) => Requested || configuration.GetValue<bool>("Messaging:DeployTopologyOnly");

    /// <summary>Starts the bus alone (not the web host, nor the other background work), waits until every endpoint has declared its topology, and stops it.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var bus = services.GetRequiredService<IBusControl>();
        var handle = await bus.StartAsync(ct);
        try
        {
            await handle.Ready.WaitAsync(TimeSpan.FromSeconds(60), ct);
            output.WriteLine($"topology declared on {bus.Address.GetLeftPart(UriPartial.Authority)}: the exchanges, queues and bindings of every endpoint");
            return 0;
        }
        finally
        {
            await handle.StopAsync(ct);
        }
    }
}
