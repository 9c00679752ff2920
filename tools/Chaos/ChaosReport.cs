using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TransnationalReferral.Chaos;

/// <summary>One chaos run: the faults and their outcomes, what the load got, and the verdict read from the stores and the broker.</summary>
public sealed class ChaosReport
{
    public DateTimeOffset StartedAt { get; init; }
    public bool Quick { get; init; }
    public double Rate { get; init; }
    public int Instances { get; init; }
    public string Infrastructure { get; init; } = "";
    public List<FaultOutcome> Faults { get; } = [];
    public double LoadSeconds { get; set; }
    public int Sent { get; set; }
    public int Accepted { get; set; }
    public int AcceptedDistinct { get; set; }
    public int Retried { get; set; }
    public int GivenUp { get; set; }
    public int Refused { get; set; }
    public string? FirstRefusal { get; set; }
    public int Http500 { get; set; }
    public Dictionary<string, int> AnswersByStatus { get; set; } = [];
    public double? DrainedAfterSeconds { get; set; }
    public List<ServiceCheck> Services { get; } = [];
    /// <summary>Cases Identification opened during the run that no accepted answer named (a request given up on may leave one).</summary>
    public int UnansweredCases { get; set; }
    public Dictionary<string, long> ErrorQueues { get; set; } = [];

    /// <summary>Each check that did not hold, said plainly (empty: the run passed).</summary>
    public List<string> Failures()
    {
        var failures = new List<string>();
        if (Faults.Count == 0) failures.Add("no fault was injected");
        foreach (var f in Faults.Where(f => !f.Recovered || f.Problem is not null)) failures.Add($"{f.Name}: {f.Problem ?? "not recovered"}");
        if (Accepted == 0) failures.Add("no case was accepted");
        if (GivenUp > 0) failures.Add($"{GivenUp} request(s) given up after {Load.GiveUpAfter.TotalSeconds:0} s of retries");
        if (Refused > 0) failures.Add($"{Refused} request(s) answered with a refusal (first: {FirstRefusal})");
        if (AcceptedDistinct != Accepted) failures.Add($"{Accepted - AcceptedDistinct} accepted answer(s) named a case another request had opened");
        if (Http500 > 0) failures.Add($"{Http500} HTTP 500 answer(s)");
        if (UnansweredCases > GivenUp) failures.Add($"{UnansweredCases} case(s) opened in Identification that no answer named (a request applied twice?)");
        foreach (var s in Services.Where(s => !s.Passed))
            failures.Add($"{s.Service}: {s.Reached}/{s.Expected} reached, {s.Duplicated} applied twice (missing e.g. {string.Join(", ", s.MissingSample)}; twice e.g. {string.Join(", ", s.DuplicatedSample)})");
        foreach (var (queue, depth) in ErrorQueues) failures.Add($"{depth} message(s) in {queue}");
        return failures;
    }

    public string Markdown()
    {
        var md = new StringBuilder();
        string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        md.AppendLine($"# Chaos run {StartedAt:yyyy-MM-dd HH:mm} UTC{(Quick ? " (quick)" : "")}");
        md.AppendLine();
        md.AppendLine($"{Environment.ProcessorCount} cores; {Instances} instance(s) of every service; infrastructure: {Infrastructure}; cases opened at {Rate:0}/s for {LoadSeconds:0} s by clients that retry an outage with the same Idempotency-Key.");
        md.AppendLine();
        md.AppendLine("| # | fault | at (s) | back after (s) | every process ready after (s) | longest without an accepted case (s) | answers meanwhile: 201 / 502–504 / none / 500 | outcome |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var (f, i) in Faults.Select((f, i) => (f, i + 1)))
            md.AppendLine($"| {i} | {f.Name} | {F(f.InjectedAt)} | {F(f.BackAt - f.InjectedAt)} | {F(f.RecoverySeconds)} | {F(f.LongestGapSeconds)} | {f.Created} / {f.Unavailable} / {f.NoAnswer} / {f.ServerErrors} | {(f.Recovered && f.Problem is null ? "recovered" : f.Problem ?? "not recovered")} |");
        md.AppendLine();
        md.AppendLine($"Requests: {Sent} sent, {Accepted} accepted ({Retried} needed a retry), {GivenUp} given up, {Refused} refused. Answers: {string.Join(", ", AnswersByStatus.Select(p => $"{p.Key} × {p.Value}"))}.");
        md.AppendLine($"Identification: {UnansweredCases} case(s) opened that no answer named. Drained: {(DrainedAfterSeconds is { } d ? $"every accepted case reached the four services {F(d)} s after the load ended" : "NOT every accepted case reached the four services")}.");
        md.AppendLine();
        md.AppendLine("| service | accepted cases | reached | applied twice |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var s in Services) md.AppendLine($"| {s.Service} | {s.Expected} | {s.Reached} | {s.Duplicated} |");
        md.AppendLine();
        md.AppendLine(ErrorQueues.Count == 0 ? "Error queues: all empty." : "Error queues: " + string.Join(", ", ErrorQueues.Select(q => $"{q.Key} {q.Value}")));
        var failures = Failures();
        md.AppendLine();
        md.AppendLine(failures.Count == 0 ? $"**Passed**: {Faults.Count} faults, 0 lost, 0 duplicated, 0 HTTP 500." : "**Failed**:\n" + string.Join("\n", failures.Select(f => "- " + f)));
        return md.ToString();
    }

    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.md"), Markdown());
        File.WriteAllText(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
    }
}
