using System.Text;
using System.Text.Json;

namespace TransnationalReferral.Bench;

/// <summary>One row of tests/Benchmarks' audit table: milliseconds per operation, audited and raw, and their ratio.</summary>
public sealed record AuditFigure(string Measure, double AuditedMs, double RawMs, double Ratio);

/// <summary>tests/Benchmarks' bus row: a backlog of opened cases published by Identification's outbox and consumed.</summary>
public sealed record OutboxBusFigure(int Backlog, long Consumed, double Seconds, double PerSecond, bool Drained);

/// <summary>Everything one run measured; written as report.json and as the Markdown tables of report.md.</summary>
public sealed class Report
{
    public DateTimeOffset StartedAt { get; init; }
    public int Cores { get; init; }
    public double WindowSeconds { get; init; }
    public double OpenLoopSeconds { get; init; }
    public bool Quick { get; init; }
    public string Configuration { get; init; } = "";
    public List<Figure> RawPostgres { get; set; } = [];
    public List<Figure> RawRabbit { get; set; } = [];
    public List<Figure> Decisions { get; } = [];
    public List<OpenLoopFigure> OpenLoop { get; } = [];
    public OutboxBusFigure? OutboxBus { get; set; }
    public double? StartToReadySeconds { get; set; }
    public Dictionary<string, double> ResidentIdleMb { get; set; } = [];
    public Dictionary<string, double> ResidentAfterLoadMb { get; set; } = [];
    public List<AuditFigure> Audit { get; set; } = [];
    public double? RebuildEventsPerSecond { get; set; }
    public double? RawRebuildEventsPerSecond { get; set; }
    /// <summary>What the audit and bus benchmark printed when it did not give its figures.</summary>
    public List<string> BenchmarksFailure { get; set; } = [];

    /// <summary>Decisions per second as a share of the raw commits per second at the same concurrency.</summary>
    public double? RatioToRaw(Figure decision) =>
        RawPostgres.FirstOrDefault(r => r.Concurrency == decision.Concurrency) is { PerSecond: > 0 } raw ? decision.PerSecond / raw.PerSecond : null;

    /// <summary>The raw RabbitMQ row the outbox is set beside: the most in flight.</summary>
    public Figure? RawBusBeside => RawRabbit.MaxBy(r => r.Concurrency);

    /// <summary>
    /// The sections that produced no figures (empty when every section did). Not a judgement of the figures: a check
    /// that the instrument still works (the quick run in the Test task fails the build on any).
    /// </summary>
    public List<string> Missing(bool auditExpected)
    {
        var missing = new List<string>();
        void Need(bool ok, string what) { if (!ok) missing.Add(what); }
        Need(RawPostgres.Count > 0 && RawPostgres.All(f => f.Count > 0), "raw PostgreSQL inserts");
        Need(RawRabbit.Count > 0 && RawRabbit.All(f => f.Count > 0), "raw RabbitMQ publish + consume");
        Need(StartToReadySeconds is not null, "start to ready");
        Need(ResidentIdleMb.Count > 0 && ResidentAfterLoadMb.Count > 0, "resident memory");
        Need(Decisions.Count > 0, "decisions through the gateway");
        foreach (var f in Decisions) Need(f.Count > 0, $"decisions: {f.Name} at {f.Concurrency} clients (none succeeded; first error: {f.FirstError})");
        Need(OpenLoop.Count > 0, "open loop");
        foreach (var o in OpenLoop)
        {
            Need(o.Ok > 0, $"open loop at {o.Rate:0}/s: no case opened (first error: {o.FirstError})");
            // At the lowest rate every service must be reached, or the probe itself is broken; at a higher rate a node that
            // cannot keep up may reach none within the wait: that is a figure (all "not reached"), not a broken benchmark.
            if (o == OpenLoop.MinBy(l => l.Rate))
                foreach (var d in o.Delays) Need(d.Reached > 0, $"open loop at {o.Rate:0}/s: no case reached {d.Service}");
            Need(o.End is not null, $"open loop at {o.Rate:0}/s: backlog at the end");
            Need(o.End?.OutboxLag.GetValueOrDefault("identification") is not null, $"open loop at {o.Rate:0}/s: Identification's outbox position (mt_event_progression, outbox…)");
        }
        Need(OutboxBus is { Consumed: > 0 }, "the bus through the project's outbox" + (BenchmarksFailure.Count > 0 ? ": " + string.Join(" ", BenchmarksFailure) : ""));
        if (auditExpected) Need(Audit.Count >= 5 && RebuildEventsPerSecond is not null, "audit figures (append, as-of, verify, timeline, rebuild)");
        return missing;
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(new
        {
            StartedAt, Cores, Quick, WindowSeconds, OpenLoopSeconds, Configuration, RawPostgres, RawRabbit,
            Decisions = Decisions.Select(d => new { d.Name, d.Concurrency, d.Seconds, d.Count, d.Errors, d.PerSecond, d.P50Ms, d.P99Ms, d.FirstError, RatioToRawCommits = RatioToRaw(d) }),
            OpenLoop, OutboxBus, RawBusBeside = RawBusBeside?.PerSecond, StartToReadySeconds, ResidentIdleMb, ResidentAfterLoadMb,
            Audit, AppendRatioToRawInsert = Audit.FirstOrDefault()?.Ratio, RebuildEventsPerSecond, RawRebuildEventsPerSecond, BenchmarksFailure,
        }, json));
        File.WriteAllText(Path.Combine(directory, "report.md"), Markdown());
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# Benchmark ({StartedAt:yyyy-MM-dd HH:mm} UTC, {Cores} cores, {Configuration}{(Quick ? ", QUICK: smallest sizes, figures not for comparison" : "")}; closed loop {WindowSeconds:0} s per row, open loop {OpenLoopSeconds:0} s per rate)").AppendLine();
        md.AppendLine("How to read it: every figure is from this one run on this one machine, so compare rows with each other, not with another machine's run. " +
            "**Raw** rows are what the machine does without the system: one row inserted per PostgreSQL transaction; one persistent message published with a confirm to a quorum queue, consumed and acknowledged. " +
            "**Closed loop** rows: each client sends its next request when the previous answer arrives; the ratio divides decisions per second by raw commits per second at the same number of clients (issue 18's targets: (b) ≥ 10 %, (a) ≥ 5 % at 8 clients). " +
            "**Open loop** rows: cases opened at a fixed arrival rate whatever the answers do, latencies counted from when each request was due; the cross-service delay is the time from Identification's case-opened event to the first event of the same case in each other service, both read from the stores' `mt_events.timestamp` after the run (target: p99 ≤ 250 ms at 50 cases/s). " +
            "**Outbox lag** is how many events each service's outbox has not yet published (its `mt_event_progression` position against the highest event sequence); **queued** is the messages waiting in the node's RabbitMQ queues. A rate is **sustained** when that backlog at the end is not clearly larger than at mid-run and no service's delay is still climbing (the p50 of the last quarter of the cases against the first; target: no growing backlog at 150 cases/s). " +
            "The **bus through the outbox** is a backlog of opened cases published by Identification's outbox and consumed, beside the raw RabbitMQ row. " +
            "**Audit** rows are milliseconds per operation of the audited store and of raw PostgreSQL doing the same reads and writes (targets: append ≤ 3× a raw insert, rebuild ≥ 30,000 events/s). Memory targets: ≤ 150 MB idle, ≤ 250 MB after the load.").AppendLine();

        md.AppendLine("## Raw baselines and decisions through the gateway (closed loop)").AppendLine();
        md.AppendLine("| measure | clients / in flight | per second | p50 ms | p99 ms | errors | ratio to raw commits |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var f in RawPostgres.Concat(RawRabbit))
            md.AppendLine($"| {f.Name} | {f.Concurrency} | {f.PerSecond:N0} | {f.P50Ms:F1} | {f.P99Ms:F1} | {f.Errors} | |");
        foreach (var f in Decisions)
            md.AppendLine($"| {f.Name} | {f.Concurrency} | {f.PerSecond:N1} | {f.P50Ms:F1} | {f.P99Ms:F1} | {f.Errors} | {(RatioToRaw(f) is { } r ? $"{r:P1}" : "")} |");
        var errors = Decisions.Concat(RawPostgres).Concat(RawRabbit).Where(f => f.FirstError is not null).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine().AppendLine("First error of each row that had errors:").AppendLine();
            foreach (var f in errors) md.AppendLine($"- {f.Name} at {f.Concurrency}: `{f.FirstError!.ReplaceLineEndings(" ")}`");
        }

        md.AppendLine().AppendLine("## Open loop: opening cases at a fixed rate").AppendLine();
        md.AppendLine("| cases/s | sent | ok | errors | HTTP p50 ms | p99 ms | p99.9 ms | sender behind (max ms) | outbox lag mid → end | queued mid → end | all reached after (s) | backlog |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var o in OpenLoop)
            md.AppendLine($"| {o.Rate:0} | {o.Sent} | {o.Ok} | {o.Errors} | {o.P50Ms:F1} | {o.P99Ms:F1} | {o.P999Ms:F1} | {o.MaxSendLagMs:F0} | {o.Mid?.OutboxTotal.ToString() ?? "?"} → {o.End?.OutboxTotal.ToString() ?? "?"} | {o.Mid?.QueuedTotal.ToString() ?? "?"} → {o.End?.QueuedTotal.ToString() ?? "?"} | {(o.DrainedAfterSeconds is { } d ? d.ToString("F1") : "not within the limit")} | {(o.Sustained ? "sustained" : "**growing**")} |");
        md.AppendLine().AppendLine("Cross-service delay (Identification's case-opened event → the first event of the case in the service, from the stores):").AppendLine();
        md.AppendLine("| cases/s | service | p50 ms | p99 ms | p50 first quarter → last quarter | not reached |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|");
        foreach (var o in OpenLoop)
            foreach (var d in o.Delays)
                md.AppendLine($"| {o.Rate:0} | {d.Service} | {d.P50Ms:F0} | {d.P99Ms:F0} | {d.FirstQuarterP50Ms:F0} → {d.LastQuarterP50Ms:F0} | {d.NotReached} |");
        md.AppendLine().AppendLine("At the end of each rate (outbox lag per service; non-empty queues):").AppendLine();
        foreach (var o in OpenLoop.Where(o => o.End is not null))
            md.AppendLine($"- {o.Rate:0}/s: outbox {o.End!.DescribeOutbox()}; queues {(o.End.Queues.Where(q => q.Value > 0).Select(q => $"{q.Key} {q.Value}").DefaultIfEmpty("all empty").Aggregate((a, b) => a + ", " + b))}");
        foreach (var o in OpenLoop.Where(o => o.FirstError is not null)) md.AppendLine($"- {o.Rate:0}/s first error: `{o.FirstError!.ReplaceLineEndings(" ")}`");

        md.AppendLine().AppendLine("## The bus through the project's outbox").AppendLine();
        md.AppendLine("| measure | messages | seconds | messages/s |");
        md.AppendLine("|---|---:|---:|---:|");
        if (OutboxBus is { } bus)
            md.AppendLine($"| Identification's outbox publishes opened cases, a queue consumes them{(bus.Drained ? "" : " (window ended first)")} | {bus.Consumed} of {bus.Backlog} | {bus.Seconds:F1} | {bus.PerSecond:N0} |");
        else md.AppendLine($"| (not measured{(BenchmarksFailure.Count > 0 ? ": " + string.Join(" ", BenchmarksFailure).Replace('|', '/') : "")}) | | | |");
        if (RawBusBeside is { } rawBus) md.AppendLine($"| raw RabbitMQ publish + confirm + consume, {rawBus.Concurrency} in flight | {rawBus.Count} | {rawBus.Seconds:F1} | {rawBus.PerSecond:N0} |");

        md.AppendLine().AppendLine("## Memory and start-up").AppendLine();
        md.AppendLine($"Start to ready (every process answers /health/ready): {(StartToReadySeconds is { } s ? $"{s:F1} s" : "not measured")}").AppendLine();
        md.AppendLine("| process | resident idle (MB) | resident after the load (MB) |");
        md.AppendLine("|---|---:|---:|");
        foreach (var name in ResidentIdleMb.Keys.Union(ResidentAfterLoadMb.Keys))
            md.AppendLine($"| {name} | {(ResidentIdleMb.TryGetValue(name, out var idle) ? idle.ToString("F0") : "")} | {(ResidentAfterLoadMb.TryGetValue(name, out var after) ? after.ToString("F0") : "")} |");

        md.AppendLine().AppendLine("## Audit (tests/Benchmarks: the audited store against raw PostgreSQL)").AppendLine();
        md.AppendLine("| measure | audited ms | raw ms | ratio |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var a in Audit) md.AppendLine($"| {a.Measure} | {a.AuditedMs:F2} | {a.RawMs:F2} | {a.Ratio:F1}× |");
        if (Audit.Count == 0) md.AppendLine("| (not run) | | | |");
        if (RebuildEventsPerSecond is { } rebuild) md.AppendLine().AppendLine($"Rebuild: {rebuild:N0} events/s (raw: read and parse the same rows, {RawRebuildEventsPerSecond:N0} events/s).");

        md.AppendLine().AppendLine($"Settings: the node runs as `./build.sh --target=Up` runs it (Development, Release build), except the gateway's per-caller rate limit, raised to {LocalNode.RateLimitForTheRun:N0} requests a minute (RateLimiting__PermitsPerWindow) so that it is not what is measured. One token (FocalPoint, NL) for every client. Closed loop: (a) opens a case (the four other services then open their files from the bus, not waited for), (b) records information on rights on the client's own case (one commit, nothing published).");
        return md.ToString();
    }
}
