using System.Diagnostics;
using System.Xml.Linq;

namespace TransnationalReferral.Devtool;

/// <summary>
/// `test`: runs every tests/**/*.Tests.csproj (built) one after another, each writing &lt;project&gt;.trx, then prints one
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

    public static int Test(Repository repo, string results, string filter)
    {
        var clock = Stopwatch.StartNew();
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        Directory.CreateDirectory(results);
        var projects = Directory.GetFiles(Path.Combine(repo.Root, "tests"), "*.Tests.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (projects.Count == 0) throw new DevtoolException("no test projects found (tests/**/*.Tests.csproj)");

        var rows = new List<Row>();
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            List<string> args = ["test", project, "-c", repo.Configuration, "--no-build", "--logger", $"trx;LogFileName={name}.trx", "--results-directory", results];
            if (!string.IsNullOrWhiteSpace(filter)) args.AddRange(["--filter", filter]);
            Console.WriteLine($"---- {name}");
            var projectClock = Stopwatch.StartNew();
            var exit = Repository.Dotnet(args, repo.Root);
            var row = ReadTrx(name, Path.Combine(results, name + ".trx"), exit);
            row.Duration = projectClock.Elapsed;
            rows.Add(row);
        }
        return Print(rows, $"elapsed {clock.Elapsed.TotalSeconds:0.0} s (tests only; Cake start-up, build and infrastructure not included)");
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
