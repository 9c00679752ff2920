using System.Text;
using System.Text.Json;

namespace TransnationalReferral.Bench;

/// <summary>Everything one run measured; written as report.json and as the Markdown tables of report.md.</summary>
public sealed class Report
{
    public DateTimeOffset StartedAt { get; init; }
    public int Cores { get; init; }
    public double WindowSeconds { get; init; }
    public string Configuration { get; init; } = "";
    public List<Figure> RawPostgres { get; set; } = [];
    public List<Figure> RawRabbit { get; set; } = [];
    public List<Figure> Decisions { get; } = [];
    public double? StartToReadySeconds { get; set; }
    public Dictionary<string, double> ResidentIdleMb { get; set; } = [];
    public Dictionary<string, double> ResidentAfterLoadMb { get; set; } = [];
    public List<string> Audit { get; set; } = [];

    /// <summary>Decisions per second as a share of the raw commits per second at the same concurrency.</summary>
    public double? RatioToRaw(Figure decision) =>
        RawPostgres.FirstOrDefault(r => r.Concurrency == decision.Concurrency) is { PerSecond: > 0 } raw ? decision.PerSecond / raw.PerSecond : null;

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(new
        {
            StartedAt, Cores, WindowSeconds, Configuration, RawPostgres, RawRabbit,
            Decisions = Decisions.Select(d => new { d.Name, d.Concurrency, d.Seconds, d.Count, d.Errors, d.PerSecond, d.P50Ms, d.P99Ms, d.FirstError, RatioToRawCommits = RatioToRaw(d) }),
            StartToReadySeconds, ResidentIdleMb, ResidentAfterLoadMb, Audit,
        }, json));
        File.WriteAllText(Path.Combine(directory, "report.md"), Markdown());
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# Benchmark ({StartedAt:yyyy-MM-dd HH:mm} UTC, {Cores} cores, {Configuration}, closed loop {WindowSeconds:0} s per row)").AppendLine();
        md.AppendLine("## Raw baselines and decisions through the gateway").AppendLine();
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
        md.AppendLine().AppendLine("## Memory and start-up").AppendLine();
        md.AppendLine($"Start to ready (every process answers /health/ready): {(StartToReadySeconds is { } s ? $"{s:F1} s" : "not measured")}").AppendLine();
        md.AppendLine("| process | resident idle (MB) | resident after the load (MB) |");
        md.AppendLine("|---|---:|---:|");
        foreach (var name in ResidentIdleMb.Keys.Union(ResidentAfterLoadMb.Keys))
            md.AppendLine($"| {name} | {(ResidentIdleMb.TryGetValue(name, out var idle) ? idle.ToString("F0") : "")} | {(ResidentAfterLoadMb.TryGetValue(name, out var after) ? after.ToString("F0") : "")} |");
        md.AppendLine().AppendLine("## Audit (tests/Benchmarks: the audited store against raw PostgreSQL)").AppendLine();
        md.AppendLine("```");
        foreach (var line in Audit.Count > 0 ? Audit : ["(not run)"]) md.AppendLine(line);
        md.AppendLine("```").AppendLine();
        md.AppendLine($"Settings: the node runs as `./build.sh --target=Up` runs it (Development, Release build), except the gateway's per-caller rate limit, raised to {LocalNode.RateLimitForTheRun:N0} requests a minute (RateLimiting__PermitsPerWindow) so that it is not what is measured. One token (FocalPoint, NL) for every client.").AppendLine();
        md.AppendLine("How to read it: raw rows are what this machine commits without the system (one row per transaction; one confirmed, persistent message on a quorum queue, consumed and acknowledged). Decisions are closed loop through the gateway: each client sends its next request when the previous answer arrives; (a) opens a case (the four other services then open their files from the bus, not waited for here), (b) records information on rights on the client's own case (one commit, nothing published). The ratio is decisions per second over raw commits per second at the same number of clients.");
        return md.ToString();
    }
}
