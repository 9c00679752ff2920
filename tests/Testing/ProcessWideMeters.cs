using System.Diagnostics.Metrics;

namespace TransnationalReferral.Testing;

/// <summary>
/// Test hosting only. MassTransit creates its meter once per process (static instruments) from the first host's
/// <see cref="IMeterFactory"/>; when that host is disposed the meter dies with it and every later host in the same
/// test process exports no MassTransit metrics. A deployed service is one host per process, so this never happens
/// there. This factory hands out one process-wide "MassTransit" meter and leaves every other meter to the host's own
/// factory (so the hosts' own meters still go away with them).
/// </summary>
public sealed class ProcessWideMeters(IMeterFactory inner) : IMeterFactory
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Meter> Shared = [];
    private static readonly HashSet<string> Names = ["MassTransit"];

    public Meter Create(MeterOptions options)
    {
        // The caller set Scope to this factory; the host's factory sets its own.
        var unscoped = new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, TelemetrySchemaUrl = options.TelemetrySchemaUrl };
        if (!Names.Contains(options.Name)) return inner.Create(unscoped);
        lock (Gate)
        {
            if (!Shared.TryGetValue(options.Name, out var meter)) Shared[options.Name] = meter = new Meter(unscoped);
            return meter;
        }
    }

    public void Dispose() => inner.Dispose();

    public static void Apply(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IMeterFactory));
        if (registered?.ImplementationType is not { } type) return;
        services.Remove(registered);
        services.AddSingleton<IMeterFactory>(sp => new ProcessWideMeters((IMeterFactory)ActivatorUtilities.CreateInstance(sp, type)));
    }
}
