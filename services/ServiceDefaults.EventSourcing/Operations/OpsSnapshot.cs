namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>
/// One figure a service reports about itself, e.g. <c>trm.cases{stage="presumed-victim",jurisdiction="NL"} = 3</c>.
/// Labels are low-cardinality codes only (stage, jurisdiction, sex, age group, gate, currency…), never an id or a
/// person's data.
/// </summary>
public sealed record Figure(string Metric, double Value, IReadOnlyDictionary<string, string> Labels)
{
    public static Figure Of(string metric, double value, params (string Key, string Value)[] labels) =>
        new(metric, value, labels.ToDictionary(l => l.Key, l => l.Value));
}

/// <summary>
/// Something past (or near) its deadline that somebody must act on, named by ids only: the case, the item
/// (referral, request, claim), when it was due and the counterpart jurisdiction if any.
/// </summary>
public sealed record OverdueItem(string Kind, Guid? CaseId, Guid? ItemId, DateTimeOffset DueAt, string Jurisdiction, string? Counterpart = null);

/// <summary>
/// A gauge a service reports: its name (OpenTelemetry style, dots), what it counts, and the label sets always reported
/// for the node's jurisdiction — as 0 when nothing is counted — so that a dashboard shows 0 and not "no data".
/// </summary>
public sealed record GaugeDefinition(string Name, string Description, string? Unit = null, IReadOnlyList<(string Key, string Value)[]>? Baseline = null)
{
    public GaugeDefinition WithBaseline(string key, params string[] values) => this with { Baseline = [.. values.Select(v => new[] { (key, v) })] };
}

/// <summary>What a service's read models say now: its figures and the items past their deadline.</summary>
public sealed record OpsReading(IReadOnlyList<Figure> Figures, IReadOnlyList<OverdueItem> Overdue);

/// <summary>
/// A service's "how many X are now in state Y", read from its own read models (Marten documents). Read on a short
/// interval by <see cref="OpsRefresher"/> and cached: a scrape or an ops page never queries the database.
/// </summary>
public interface IOpsFigures
{
    IReadOnlyList<GaugeDefinition> Gauges { get; }

    Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The outbox subscription's distance behind the event store: events not yet published and the age of the oldest.</summary>
public sealed record OutboxHealth(long HeadSequence, long PublishedSequence, long LagEvents, double LagSeconds);

/// <summary>A queue of this service's receive endpoints with the messages waiting in it (the <c>_error</c> queues).</summary>
public sealed record QueueHealth(string Queue, long Messages);

/// <summary>The latest reading of everything the ops page and the gauges show, taken at <see cref="At"/>.</summary>
public sealed record OpsSnapshot(
    string Service,
    DateTimeOffset At,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<OverdueItem> Overdue,
    OutboxHealth? Outbox,
    IReadOnlyList<QueueHealth> ErrorQueues,
    string? Problem = null)
{
    public static OpsSnapshot Empty(string service) => new(service, DateTimeOffset.MinValue, [], [], null, []);
}

/// <summary>The cached snapshot (replaced atomically by the refresher).</summary>
public sealed class OpsSnapshotCache(ServiceIdentity identity)
{
    private OpsSnapshot _current = OpsSnapshot.Empty(identity.Name);
    public OpsSnapshot Current => Volatile.Read(ref _current);
    internal void Replace(OpsSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
