using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TransnationalReferral.Bench;

// ./build.sh --target=Bench [--seconds=10] [--audit=false] [--quick]   (or, after the build and with .local/infra.env sourced:
// dotnet tools/Bench/bin/Release/net10.0/TransnationalReferral.Bench.dll [--seconds=10] [--open-seconds=60] [--rates=50,150,300]
//   [--audit=false] [--quick] [--output=artifacts/bench])
// One run on one machine: the raw baselines, a node started as Up starts it, decisions per second through its gateway as
// a ratio to the raw commits at the same concurrency, the open loop (HTTP latencies, cross-service delays from the stores,
// outbox lag and queue depths), resident memory, then tests/Benchmarks (the audit figures, the bus through the outbox);
// artifacts/bench/report.{md,json}. --quick: the smallest sizes, a couple of minutes (the Test task ends with it); it
// checks that every section produced figures, never what the figures are. Exit code 1 when a section has none.
var arguments = new ToolArguments(args, "Bench");
string Option(string name, string fallback) => arguments.Option(name, fallback);
double Number(string name, double fallback) => arguments.Number(name, fallback);
string Need(string variable) => arguments.Need(variable);

var root = ToolArguments.Root();
var configuration = Option("configuration", "Release");
var quick = Option("quick", "false") != "false";
// Quick: 2 s windows, 1 and 8 clients, one open-loop rate of 20 cases/s for 5 s, a small audit; full: --seconds (10) per
// closed-loop row and for the bus, six times that (60 s) per open-loop rate.
var window = TimeSpan.FromSeconds(quick ? 2 : Number("seconds", 10));
var openWindow = TimeSpan.FromSeconds(quick ? 5 : Number("open-seconds", window.TotalSeconds * 6));
double[] rates = quick ? [20] : Option("rates", "50,150,300").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToArray();
int[] clients = quick ? [1, 8] : [1, 8, 32], inFlight = quick ? [1, 8] : [1, 100];
var auditEvents = quick ? 50 : 1000;
var busMessages = quick ? 300 : (int)Math.Clamp(500 * window.TotalSeconds, 1000, 20_000);
var audit = Option("audit", "true") != "false";
var output = Path.GetFullPath(Option("output", Path.Combine(root, "artifacts", "bench")));
var report = new Report
{
    StartedAt = DateTimeOffset.UtcNow, Cores = Environment.ProcessorCount, WindowSeconds = window.TotalSeconds, OpenLoopSeconds = openWindow.TotalSeconds,
    Quick = quick, Configuration = configuration,
};

try
{
    Console.WriteLine($"[bench] raw PostgreSQL: single-row insert + commit at {string.Join(", ", clients)} clients, {window.TotalSeconds:0} s each");
    report.RawPostgres = await RawBaselines.PostgresAsync(Need("TR_PG_IDENTIFICATION"), clients, window);
    Console.WriteLine($"[bench] raw RabbitMQ: publish with confirms + consume on a quorum queue at {string.Join(", ", inFlight)} in flight");
    report.RawRabbit = await RawBaselines.RabbitAsync(Need("TR_RABBITMQ"), inFlight, window);
    var stores = Stores.FromEnvironment(Need);

    Console.WriteLine("[bench] starting a node (Devtool up: five services and the gateway) …");
    await using (var node = new LocalNode(root, configuration))
    {
        report.StartToReadySeconds = (await node.StartAsync(TimeSpan.FromSeconds(Number("ready-seconds", 150)))).TotalSeconds;   // Devtool waits as long for each process (TR_UP_READY_SECONDS)
        Console.WriteLine($"[bench] node ready in {report.StartToReadySeconds:F1} s");
        using var http = GatewayDecisions.Client(await node.TokenAsync("FocalPoint", "NL", "nl-focal-point", "bench-officer"));
        var decisions = new GatewayDecisions(http);
        await Task.Delay(TimeSpan.FromSeconds(5));   // past start-up's own work (JIT, first polls) before "idle"
        report.ResidentIdleMb = node.ResidentMegabytes();
        Console.WriteLine("[bench] resident idle (MB): " + string.Join(", ", report.ResidentIdleMb.Select(p => $"{p.Key} {p.Value:F0}")));

        // (b) first: (a) leaves a backlog of fan-out work in the four other services that would weigh on (b).
        // Warm-up: the first cases' fan-out makes the four other services compile their consumers' code (JIT, Marten's
        // generated code) — seconds of CPU that would weigh on the first row — so the node settles first, then each
        // kind of request runs for a while unmeasured (the runtime promotes what runs often to optimised code).
        var drainLimit = TimeSpan.FromSeconds(Math.Max(30, openWindow.TotalSeconds));
        var warmUp = TimeSpan.FromSeconds(quick ? 1 : 3);
        var (cases, etags) = await decisions.OpenCasesAsync(clients.Max());
        await WaitForQuietAsync(stores, drainLimit);
        await WarmUpAsync(warmUp, () => decisions.InformAsync(cases[0], etags, 0, CancellationToken.None));
        foreach (var n in clients)
            report.Decisions.Add(await ClosedLoop.RunAsync("(b) information on rights (publishes nothing)", n, window, (w, ct) => decisions.InformAsync(cases[w], etags, w, ct)));
        await WarmUpAsync(warmUp, () => decisions.OpenCaseAsync(CancellationToken.None));
        await WaitForQuietAsync(stores, drainLimit);
        foreach (var n in clients)
            report.Decisions.Add(await ClosedLoop.RunAsync("(a) open a case (fans out to four services)", n, window, (_, ct) => decisions.OpenCaseAsync(ct)));

        // Each rate starts on a node that has caught up with what came before (or after the limit, as it is).
        foreach (var rate in rates)
        {
            await WaitForQuietAsync(stores, drainLimit);
            report.OpenLoop.Add(await OpenLoop.RunAsync(rate, openWindow, drainLimit, () => decisions.OpenCaseWithIdAsync(CancellationToken.None), stores));
        }
        report.ResidentAfterLoadMb = node.ResidentMegabytes();
        Console.WriteLine("[bench] resident after the load (MB): " + string.Join(", ", report.ResidentAfterLoadMb.Select(p => $"{p.Key} {p.Value:F0}")));
    }

    await BenchmarksAsync(root, configuration, output, audit, auditEvents, busMessages, window, report);
}
finally
{
    report.Write(output);
    Console.WriteLine($"[bench] report: {Path.Combine(output, "report.md")} and report.json");
}
var missing = report.Missing(audit);
foreach (var m in missing) Console.WriteLine($"[bench] NO FIGURES: {m}");
Console.WriteLine(missing.Count == 0 ? "[bench] every section produced figures" : $"[bench] {missing.Count} section(s) without figures: the benchmark is broken");
return missing.Count == 0 ? 0 : 1;

// At least 20 requests, and for at least the duration, none of them measured.
static async Task WarmUpAsync(TimeSpan duration, Func<Task> request)
{
    var until = DateTime.UtcNow + duration;
    for (var n = 0; n < 20 || DateTime.UtcNow < until; n++) await request();
}

// Until the node's outbox lag and queues are empty (what came before is done), or the limit has passed.
static async Task WaitForQuietAsync(Stores stores, TimeSpan limit)
{
    for (var waited = Stopwatch.StartNew(); ; await Task.Delay(TimeSpan.FromSeconds(1)))
    {
        var backlog = await stores.BacklogAsync(0);
        if (backlog.Total == 0) return;
        if (waited.Elapsed > limit)
        {
            Console.WriteLine($"[bench] the node still has a backlog after {limit.TotalSeconds:0} s (outbox {backlog.DescribeOutbox()}; {backlog.QueuedTotal} queued): going on");
            return;
        }
        if (waited.Elapsed.TotalSeconds < 1) Console.WriteLine($"[bench] waiting for the node to catch up (outbox {backlog.OutboxTotal} behind, {backlog.QueuedTotal} queued) …");
    }
}

// tests/Benchmarks (the audit figures, the bus through the project's outbox) in its own process; its figures come back as
// JSON, its log goes to <output>/benchmarks.log and its progress lines to the console.
static async Task BenchmarksAsync(string root, string configuration, string output, bool audit, int events, int messages, TimeSpan window, Report report)
{
    var dll = Path.Combine(root, "tests", "Benchmarks", "bin", configuration, "net10.0", "TransnationalReferral.Benchmarks.dll");
    if (!File.Exists(dll)) { report.BenchmarksFailure = [$"{dll} not found: build first"]; return; }
    Console.WriteLine($"[bench] tests/Benchmarks: {(audit ? "the audit figures (append, as-of, verify, timeline, rebuild), then " : "")}the bus through the project's outbox …");
    Directory.CreateDirectory(output);
    var json = Path.Combine(output, "benchmarks.json");
    File.Delete(json);
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { dll, events.ToString(CultureInfo.InvariantCulture), $"--audit={audit.ToString().ToLowerInvariant()}", $"--outbox-messages={messages}",
        $"--outbox-seconds={window.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", $"--json={json}" }) start.ArgumentList.Add(a);
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    using var process = Process.Start(start)!;
    await using var log = new StreamWriter(Path.Combine(output, "benchmarks.log"));
    var errors = new List<string>();
    var stderr = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is { } line) lock (errors) errors.Add(line); });
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        await log.WriteLineAsync(line);
        var shown = line.Split('\r').Last();
        // The in-process hosts' own log lines stay in the log file.
        if (shown.Trim().Length > 0 && !HostLogLine().IsMatch(shown))
            Console.WriteLine("[bench]   " + shown);
    }
    await process.WaitForExitAsync();
    await stderr;
    foreach (var line in errors) await log.WriteLineAsync(line);
    if (process.ExitCode != 0 || !File.Exists(json))
    {
        report.BenchmarksFailure = [$"tests/Benchmarks failed (exit code {process.ExitCode}, see {Path.Combine(output, "benchmarks.log")})", .. errors.Where(l => l.Contains("Exception", StringComparison.Ordinal)).Take(2).Select(l => l.Trim())];
        Console.WriteLine("[bench] " + string.Join(" ", report.BenchmarksFailure));
        return;
    }
    var figures = JsonSerializer.Deserialize<JsonElement>(await File.ReadAllTextAsync(json));
    var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
    report.Audit = figures.GetProperty("audit").Deserialize<List<AuditFigure>>(web) ?? [];
    report.RebuildEventsPerSecond = figures.GetProperty("rebuildEventsPerSecond").Deserialize<double?>();
    report.RawRebuildEventsPerSecond = figures.GetProperty("rawRebuildEventsPerSecond").Deserialize<double?>();
    report.OutboxBus = figures.GetProperty("outbox").Deserialize<OutboxBusFigure?>(web);
}

// "info: Category[0]", "fail: …" and their indented message and stack lines.
static System.Text.RegularExpressions.Regex HostLogLine() => new(@"^([a-z]{4}: |\s{6})");
