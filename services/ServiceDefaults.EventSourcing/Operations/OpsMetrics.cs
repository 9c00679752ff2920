using System.Diagnostics.Metrics;

namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>A duration a service measures at a decision (e.g. signal → reasonable grounds), with buckets that fit it.</summary>
public sealed record DurationDefinition(string Name, string Description, double[] BucketSeconds);

/// <summary>
/// The meter of the domain figures (<c>TransnationalReferral.Operations.{service}</c>, exported on <c>/metrics</c> with the
/// rest): decisions and refusals counted where they are committed, durations recorded after commit, and the gauges
/// of the cached <see cref="OpsSnapshot"/>. Every measurement carries the <c>service</c> label; other labels are codes.
/// </summary>
public sealed class OpsMetrics
{
    /// <summary>The meter's name starts with this and ends with the service (<c>TransnationalReferral.Operations.protection</c>): one meter per service, also when several are hosted in one process.</summary>
    public const string MeterName = "TransnationalReferral.Operations";
    public static readonly double[] Hours = [3600, 4 * 3600, 12 * 3600, 86400, 2 * 86400, 3 * 86400, 7 * 86400, 14 * 86400];
    public static readonly double[] Days = [86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 60 * 86400, 90 * 86400, 180 * 86400];

    private readonly ServiceIdentity _identity;
    private readonly OpsSnapshotCache _cache;
    private readonly Lease _lease;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _refusals;
    private readonly Dictionary<string, Histogram<double>> _durations;

    public OpsMetrics(IMeterFactory meters, TimeProvider clock, ServiceIdentity identity, OpsSnapshotCache cache, Leases leases, IEnumerable<IOpsFigures> figures,
        IEnumerable<DurationDefinition> durations)
    {
        _identity = identity;
        _cache = cache;
        _lease = leases.ForBackground;
        var meter = Meter = meters.Create(new MeterOptions($"{MeterName}.{identity.Name}"));
        _decisions = meter.CreateCounter<long>("trm.decisions", description: "Decisions committed, by decision type (the endpoint's name)");
        _refusals = meter.CreateCounter<long>("trm.refusals", description: "Decisions refused, by the rule that refused them");
        _durations = durations.ToDictionary(d => d.Name, d => meter.CreateHistogram(d.Name, "s", d.Description, tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = d.BucketSeconds }));

        foreach (var gauge in figures.SelectMany(f => f.Gauges).DistinctBy(g => g.Name))
            meter.CreateObservableGauge(gauge.Name, () => Observe(gauge.Name), gauge.Unit, gauge.Description);

        meter.CreateObservableGauge("trm.outbox.lag_events", () => Outbox(o => o.LagEvents), description: "Committed events the outbox has not yet published");
        meter.CreateObservableGauge("trm.outbox.lag_seconds", () => Outbox(o => o.LagSeconds), description: "Age of the oldest event the outbox has not yet published (0 when caught up)");
        meter.CreateObservableGauge("trm.bus.error_queue_messages", () => Shared.ErrorQueues.Select(q =>
            new Measurement<long>(q.Messages, Service, new("queue", q.Queue))), description: "Messages waiting in the _error queue of each receive endpoint");
        meter.CreateObservableGauge("trm.ops.snapshot_age_seconds", () => _cache.Current.At == DateTimeOffset.MinValue ? [] :
            new[] { new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - _cache.Current.At).TotalSeconds), Service) }, description: "Seconds since the figures were last read from the read models");
    }

    /// <summary>This process's meter of the figures (a listener tells it from another instance's meter of the same name in one process, as in tests).</summary>
    public Meter Meter { get; }

    private KeyValuePair<string, object?> Service => new("service", _identity.Name);

    /// <summary>
    /// The snapshot whose figures describe the whole service rather than this process (the read models, the outbox's lag,
    /// the shared <c>_error</c> queues): only the instance holding the background lease reports them, so a dashboard's
    /// <c>sum()</c> over instances counts them once; the others report none of them (their ops endpoint still answers).
    /// </summary>
    private OpsSnapshot Shared => _lease.IsHeld ? _cache.Current : OpsSnapshot.Empty(_identity.Name);

    private IEnumerable<Measurement<double>> Observe(string metric) =>
        Shared.Figures.Where(f => f.Metric == metric)
            .Select(f => new Measurement<double>(f.Value, [Service, .. f.Labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value))]));

    private IEnumerable<Measurement<double>> Outbox(Func<OutboxHealth, double> value) =>
        Shared.Outbox is { } outbox ? [new Measurement<double>(value(outbox), Service)] : [];

    public void DecisionCommitted(string decision) => _decisions.Add(1, Service, new("decision", decision));

    public void DecisionRefused(string rule) => _refusals.Add(1, Service, new("rule", rule));

    /// <summary>Records a duration defined with <see cref="DurationDefinition"/> (call it after the decision committed).</summary>
    public void RecordDuration(string name, TimeSpan duration, params (string Key, string Value)[] labels)
    {
        if (!_durations.TryGetValue(name, out var histogram)) throw new InvalidOperationException($"No duration '{name}' is registered.");
        histogram.Record(Math.Max(0, duration.TotalSeconds), [Service, .. labels.Select(l => new KeyValuePair<string, object?>(l.Key, l.Value))]);
    }
}

/// <summary>Work to do only once the decision's transaction committed (the decision filter runs it), e.g. recording a duration.</summary>
public static class AfterCommit
{
    private const string Key = "trm.after-commit";

    public static void AfterCommitted(this HttpContext http, Action<OpsMetrics> action)
    {
        if (http.Items[Key] is not List<Action<OpsMetrics>> actions) http.Items[Key] = actions = [];
        actions.Add(action);
    }

    internal static void Run(HttpContext http, OpsMetrics metrics)
    {
        if (http.Items[Key] is List<Action<OpsMetrics>> actions)
            foreach (var action in actions) action(metrics);
    }
}
