using System.Diagnostics;
using System.Xml.Linq;

namespace TransnationalReferral.Devtool;

/// <summary>
/// `test`: runs every tests/**/*.Tests.csproj (built), two at a time (<c>TR_TEST_LANES</c>), each writing &lt;project&gt;.trx, then prints one
/// row per project and the closing line "N passed, N failed, N skipped". `report`: the same table from TRX files already
/// written.
/// </summary>
public static class TestReport
{
    public sealed class Row
    {
        public required string Name { get; init; }
        public int Passed { get; set; }
        public int Failed { get; set; }
        public int Skipped { get; set; }
        public bool Crashed { get; set; }
        public string Status { get; set; } = "";
        public TimeSpan Duration { get; set; }
        public List<string> Failures { get; } = [];
    }

    /// <summary>
    /// How many test projects run at once (<c>TR_TEST_LANES</c>, default 2). Every project isolates itself (a database and a
    /// vhost of its own per fixture, free ports), and much of a test's time is waiting (for a message, a deadline, a
    /// restart), so the largest project (EndToEnd, ten minutes) runs beside the others instead of after them. 1: one after
    /// another, as before.
    /// </summary>
    private static int Lanes => int.TryParse(Environment.GetEnvironmentVariable("TR_TEST_LANES"), out var n) && n >= 1 ? n : 2;

    public static int Test(Repository repo, string results, string filter)
    {
        var clock = Stopwatch.StartNew();
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        Directory.CreateDirectory(results);
        var projects = Directory.GetFiles(Path.Combine(repo.Root, "tests"), "*.Tests.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (projects.Count == 0) throw new DevtoolException("no test projects found (tests/**/*.Tests.csproj)");

        // The largest projects (by their number of source files) first, so that the longest one starts at once.
        var queue = new Queue<string>(projects.OrderByDescending(p => Directory.GetFiles(Path.GetDirectoryName(p)!, "*.cs", SearchOption.AllDirectories)
            .Count(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))));
        var lanes = Math.Min(Lanes, projects.Count);
        var rows = new List<Row>();
        var running = new Dictionary<string, Stopwatch>();
        var gate = new Lock();
        Console.WriteLine($"[test] {projects.Count} projects, {lanes} at a time (TR_TEST_LANES); each one's output when it ends");
        void Lane()
        {
            while (true)
            {
                string project;
                lock (gate) { if (queue.Count == 0) return; project = queue.Dequeue(); }
                var name = Path.GetFileNameWithoutExtension(project);
                List<string> args = ["test", project, "-c", repo.Configuration, "--no-build", "--logger", $"trx;LogFileName={name}.trx", "--results-directory", results];
                if (!string.IsNullOrWhiteSpace(filter)) args.AddRange(["--filter", filter]);
                var projectClock = Stopwatch.StartNew();
                lock (gate) { running[name] = projectClock; Console.WriteLine($"[test] {name} started"); }
                var log = Path.Combine(results, name + ".log");
                var exit = lanes == 1 ? Run(args, repo.Root, null, name) : Run(args, repo.Root, log, name);
                var row = ReadTrx(name, Path.Combine(results, name + ".trx"), exit);
                row.Duration = projectClock.Elapsed;
                lock (gate)
                {
                    running.Remove(name);
                    rows.Add(row);
                    if (lanes > 1)
                    {
                        Console.WriteLine($"---- {name} ({row.Duration.TotalSeconds:0} s, {row.Status})");
                        Console.WriteLine(File.Exists(log) ? File.ReadAllText(log).TrimEnd() : "(no output)");
                    }
                }
            }
        }
        var threads = Enumerable.Range(0, lanes).Select(_ => new Thread(Lane) { IsBackground = true }).ToList();
        threads.ForEach(t => t.Start());
        while (!threads.All(t => t.Join(TimeSpan.FromSeconds(60))))
            lock (gate)
                if (running.Count > 0)
                    Console.WriteLine($"[test] {rows.Count} of {projects.Count} done ({clock.Elapsed.TotalSeconds:0} s); running: {string.Join(", ", running.Select(r => $"{r.Key} ({r.Value.Elapsed.TotalSeconds:0} s)"))}");
        rows.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Print(rows, $"elapsed {clock.Elapsed.TotalSeconds:0.0} s with {lanes} project(s) at a time (tests only; Cake start-up, build and infrastructure not included)");
    }

    /// <summary>dotnet test of one project: its output to the console (one lane) or to its log file (several).</summary>
    private static int Run(List<string> args, string workingDirectory, string? log, string name)
    {
        if (log is null) { Console.WriteLine($"---- {name}"); return Repository.Dotnet(args, workingDirectory); }
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args) start.ArgumentList.Add(argument);
        using var writer = new StreamWriter(log) { AutoFlush = true };
        var sync = new Lock();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sync) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sync) writer.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }

    public static int Report(string results)
    {
        var files = Directory.Exists(results) ? Directory.GetFiles(results, "*.trx").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0) throw new DevtoolException($"no TRX files in {results}");
        return Print(files.Select(f => ReadTrx(Path.GetFileNameWithoutExtension(f), f, 0)).ToList(), $"read {files.Count} TRX file(s) in {results}");
    }

    private static int Print(List<Row> rows, string footer)
    {
        var width = Math.Max(7, rows.Max(r => r.Name.Length));
        Console.WriteLine();
        Console.WriteLine($"{"Project".PadRight(width)}  {"Passed",7}  {"Failed",7}  {"Skipped",7}  {"Time",8}  Status");
        Console.WriteLine(new string('-', width + 48));
        foreach (var r in rows)
            Console.WriteLine($"{r.Name.PadRight(width)}  {r.Passed,7}  {r.Failed,7}  {r.Skipped,7}  {r.Duration.TotalSeconds,7:0.0}s  {r.Status}");
        Console.WriteLine(new string('-', width + 48));
        foreach (var r in rows.Where(r => r.Failures.Count > 0))
        {
            Console.WriteLine($"failed in {r.Name}:");
            foreach (var f in r.Failures) Console.WriteLine("  - " + f);
        }

        int passed = rows.Sum(r => r.Passed), failed = rows.Sum(r => r.Failed), skipped = rows.Sum(r => r.Skipped);
        Console.WriteLine(footer);
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");

        var problems = new List<string>();
        if (failed > 0) problems.Add($"{failed} test(s) failed");
        var broken = rows.Where(r => r.Crashed).Select(r => r.Name).ToList();
        if (broken.Count > 0) problems.Add("test run did not complete for: " + string.Join(", ", broken));
        if (passed + failed + skipped == 0) problems.Add("no tests ran");
        if (problems.Count == 0) return 0;
        Console.Error.WriteLine("error: " + string.Join("; ", problems));
        return 1;
    }

    private static readonly string[] FailedOutcomes = ["Failed", "Error", "Timeout", "Aborted"];

    /// <summary>
    /// Counts from a VSTest TRX file: UnitTestResult outcomes (Passed / Failed|Error|Timeout|Aborted / anything else, e.g.
    /// NotExecuted = skipped); falls back to ResultSummary/Counters when there are no results. The duration is the run's
    /// own (Times start to finish) until the caller measures it.
    /// </summary>
    public static Row ReadTrx(string name, string path, int exitCode)
    {
        var row = new Row { Name = name };
        if (!File.Exists(path))
        {
            row.Crashed = true;
            row.Status = $"CRASHED (exit code {exitCode}, no TRX)";
            return row;
        }
        try
        {
            var root = XDocument.Load(path).Root!;
            var ns = root.Name.Namespace;
            var results = root.Element(ns + "Results")?.Elements(ns + "UnitTestResult").ToList() ?? [];
            var summary = root.Element(ns + "ResultSummary");
            var counters = summary?.Element(ns + "Counters");
            int Counter(string attribute) => int.TryParse((string?)counters?.Attribute(attribute), out var n) ? n : 0;
            if (root.Element(ns + "Times") is { } times
                && DateTimeOffset.TryParse((string?)times.Attribute("start"), out var start) && DateTimeOffset.TryParse((string?)times.Attribute("finish"), out var finish))
                row.Duration = finish - start;
            if (results.Count > 0)
            {
                row.Passed = results.Count(r => (string?)r.Attribute("outcome") == "Passed");
                row.Failed = results.Count(r => FailedOutcomes.Contains((string?)r.Attribute("outcome")));
                row.Skipped = results.Count - row.Passed - row.Failed;
                foreach (var failure in results.Where(r => FailedOutcomes.Contains((string?)r.Attribute("outcome"))))
                {
                    var message = (failure.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "").Trim();
                    var lines = message.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(4);
                    row.Failures.Add($"{(string?)failure.Attribute("testName")} ({(string?)failure.Attribute("duration")})"
                                     + string.Concat(lines.Select(l => "\n      " + (l.Length > 300 ? l[..300] + "…" : l))));
                }
            }
            else if (counters is not null)
            {
                row.Passed = Counter("passed");
                row.Failed = Counter("failed") + Counter("error") + Counter("timeout") + Counter("aborted");
                row.Skipped = Math.Max(Counter("notExecuted"), Counter("total") - row.Passed - row.Failed);
            }
            var runErrors = summary?.Descendants(ns + "RunInfo")
                .Where(i => (string?)i.Attribute("outcome") == "Error")
                .Select(i => (i.Element(ns + "Text")?.Value ?? "").Trim())
                .ToList() ?? [];
            var aborted = runErrors.Any(t => t.Contains("aborted", StringComparison.OrdinalIgnoreCase) || t.Contains("crash", StringComparison.OrdinalIgnoreCase));
            if (aborted || (exitCode != 0 && row.Failed == 0))
            {
                row.Crashed = true;
                var reason = runErrors.FirstOrDefault(t => t.Length > 0) ?? "";
                if (reason.Length > 80) reason = reason[..80] + "…";
                row.Status = $"CRASHED (exit code {exitCode}{(reason.Length > 0 ? ": " + reason.Replace('\n', ' ') : "")})";
            }
            else row.Status = row.Failed > 0 ? "FAILED" : "ok";
        }
        catch (Exception e)
        {
            row.Crashed = true;
            row.Status = $"CRASHED (exit code {exitCode}; unreadable TRX: {e.Message})";
        }
        return row;
    }
}
