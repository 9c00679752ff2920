using System.Diagnostics;
using TransnationalReferral.Bench;

// ./build.sh --target=Bench [--seconds=10] [--audit=false]   (or, after the build and with .local/infra.env sourced:
// dotnet tools/Bench/bin/Release/net10.0/TransnationalReferral.Bench.dll [--seconds=10] [--audit=false] [--output=artifacts/bench])
// One run on one machine: the raw baselines, a node started as Up starts it, decisions per second through its gateway as
// a ratio to the raw commits at the same concurrency, resident memory, the audit figures; artifacts/bench/report.{md,json}.
var options = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
string Option(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;
string Need(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v
    : throw new InvalidOperationException($"{variable} is not set: run ./build.sh --target=Bench (its Infra step sets it), or source .local/infra.env");

var root = Directory.GetCurrentDirectory();
while (!File.Exists(Path.Combine(root, "build.cake"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from the checkout (build.cake not found)");
var configuration = Option("configuration", "Release");
var window = TimeSpan.FromSeconds(double.Parse(Option("seconds", "10"), System.Globalization.CultureInfo.InvariantCulture));
var output = Path.GetFullPath(Option("output", Path.Combine(root, "artifacts", "bench")));
int[] clients = [1, 8, 32], inFlight = [1, 100];
var report = new Report { StartedAt = DateTimeOffset.UtcNow, Cores = Environment.ProcessorCount, WindowSeconds = window.TotalSeconds, Configuration = configuration };

try
{
    Console.WriteLine($"[bench] raw PostgreSQL: single-row insert + commit at {string.Join(", ", clients)} clients, {window.TotalSeconds:0} s each");
    report.RawPostgres = await RawBaselines.PostgresAsync(Need("TR_PG_IDENTIFICATION"), clients, window);
    Console.WriteLine($"[bench] raw RabbitMQ: publish with confirms + consume on a quorum queue at {string.Join(", ", inFlight)} in flight");
    report.RawRabbit = await RawBaselines.RabbitAsync(Need("TR_RABBITMQ"), inFlight, window);

    Console.WriteLine("[bench] starting a node (Devtool up: five services and the gateway) …");
    await using (var node = new LocalNode(root, configuration))
    {
        report.StartToReadySeconds = (await node.StartAsync(TimeSpan.FromSeconds(150))).TotalSeconds;
        Console.WriteLine($"[bench] node ready in {report.StartToReadySeconds:F1} s");
        using var http = GatewayDecisions.Client(await node.TokenAsync("FocalPoint", "NL", "nl-focal-point", "bench-officer"));
        var decisions = new GatewayDecisions(http);
        await Task.Delay(TimeSpan.FromSeconds(5));   // past start-up's own work (JIT, first polls) before "idle"
        report.ResidentIdleMb = node.ResidentMegabytes();
        Console.WriteLine("[bench] resident idle (MB): " + string.Join(", ", report.ResidentIdleMb.Select(p => $"{p.Key} {p.Value:F0}")));

        // (b) first: (a) leaves a backlog of fan-out work in the four other services that would weigh on (b).
        var (cases, etags) = await decisions.OpenCasesAsync(clients.Max());
        for (var i = 0; i < 20; i++) await decisions.InformAsync(cases[0], etags, 0, CancellationToken.None);   // warm-up
        foreach (var n in clients)
            report.Decisions.Add(await ClosedLoop.RunAsync("(b) information on rights (publishes nothing)", n, window, (w, ct) => decisions.InformAsync(cases[w], etags, w, ct)));
        for (var i = 0; i < 20; i++) await decisions.OpenCaseAsync(CancellationToken.None);   // warm-up
        foreach (var n in clients)
            report.Decisions.Add(await ClosedLoop.RunAsync("(a) open a case (fans out to four services)", n, window, (_, ct) => decisions.OpenCaseAsync(ct)));
        report.ResidentAfterLoadMb = node.ResidentMegabytes();
        Console.WriteLine("[bench] resident after the load (MB): " + string.Join(", ", report.ResidentAfterLoadMb.Select(p => $"{p.Key} {p.Value:F0}")));
    }

    if (Option("audit", "true") != "false") report.Audit = await AuditAsync(root, configuration);
}
finally
{
    report.Write(output);
    Console.WriteLine($"[bench] report: {Path.Combine(output, "report.md")} and report.json");
}
return 0;

// The audit benchmark (tests/Benchmarks) as it is, its table folded into this report.
static async Task<List<string>> AuditAsync(string root, string configuration)
{
    var dll = Path.Combine(root, "tests", "Benchmarks", "bin", configuration, "net10.0", "TransnationalReferral.Benchmarks.dll");
    if (!File.Exists(dll)) return [$"(not run: {dll} not found)"];
    Console.WriteLine("[bench] the audit benchmark (tests/Benchmarks: append, as-of, verify, timeline, rebuild) …");
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true };
    start.ArgumentList.Add(dll);
    using var process = Process.Start(start)!;
    var lines = new List<string>();
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        Console.WriteLine("[bench]   " + line.Split('\r').Last());
        lines.Add(line);
    }
    await process.WaitForExitAsync();
    var table = lines.SkipWhile(l => !l.StartsWith("measure", StringComparison.Ordinal)).ToList();
    return process.ExitCode == 0 && table.Count > 0 ? table : [$"(the audit benchmark failed, exit code {process.ExitCode})", .. lines.Where(l => l.Contains("Exception:", StringComparison.Ordinal)).Take(3).Select(l => l.Trim())];
}
