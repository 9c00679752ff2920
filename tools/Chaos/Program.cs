using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TransnationalReferral.Bench;
using TransnationalReferral.Chaos;

// ./build.sh --target=Chaos [--quick] [--rate=20] [--rounds=3] [--instances=1]   (or, after the build and with .local/infra.env
// sourced: dotnet tools/Chaos/bin/Release/net10.0/TransnationalReferral.Chaos.dll [same options] [--output=artifacts/chaos])
// A node started as Up starts it (with --restart: the supervisor starts a killed process again), cases opened through its
// gateway at a fixed rate by careful clients (Idempotency-Key, retry after Retry-After on an outage), and meanwhile faults
// one after another: kill -9 of a process of every service, kill -9 of RabbitMQ, PostgreSQL stopped as if it crashed; each
// brought back, the time until every process is ready again measured. Then, from the stores and the broker: every accepted
// case reached the four services that hear it exactly once, nothing in an error queue, no HTTP 500. A table of faults and
// outcomes, artifacts/chaos/report.{md,json}; exit code 1 when a check fails. --quick (in the Test target): three faults.
// --infra=false: only the node's processes are killed.
var arguments = new ToolArguments(args, "Chaos");
string Option(string name, string fallback) => arguments.Option(name, fallback);
double Number(string name, double fallback) => arguments.Number(name, fallback);
string Need(string variable) => arguments.Need(variable);
void Say(string line) => Console.WriteLine($"[chaos] {line}");

var root = ToolArguments.Root();
var configuration = Option("configuration", "Release");
var quick = Option("quick", "false") != "false";
var rate = Number("rate", quick ? 10 : 20);
var rounds = (int)Number("rounds", quick ? 1 : 3);
var instances = (int)Number("instances", 1);
var output = Path.GetFullPath(Option("output", Path.Combine(root, "artifacts", quick ? "chaos/quick" : "chaos")));
// --resilient: the node runs on infra.sh's resilient infrastructure (a RabbitMQ cluster, PostgreSQL under Patroni; its
// variables from .local/resilient.env in the environment): a cluster node and the primary are killed instead.
var resilient = Option("resilient", "false") != "false";
var mode = resilient ? "resilient (3 RabbitMQ nodes, PostgreSQL primary + synchronous standby under Patroni)" : File.Exists(Path.Combine(root, ".local", "infra.mode")) ? File.ReadAllText(Path.Combine(root, ".local", "infra.mode")).Trim() : "none";

var databases = Stores.Services.ToDictionary(s => s.Name, s => Need(s.Variable));
var stores = new Stores(databases, Need("TR_RABBITMQ"), Need("TR_RABBITMQ_MANAGEMENT"));
var checks = new Checks(databases, stores);
var report = new ChaosReport { StartedAt = DateTimeOffset.UtcNow, Quick = quick, Rate = rate, Instances = instances, Infrastructure = mode };

Say($"starting a node (Devtool up --restart{(instances > 1 ? $" --instances={instances}" : "")}) …");
await using (var node = new LocalNode(root, configuration, [.. new[] { "--restart" }.Concat(instances > 1 ? [$"--instances={instances}"] : [])]) { Label = "chaos" })
{
    await node.StartAsync(TimeSpan.FromSeconds(Number("ready-seconds", 150)));
    var faults = new Faults(root, node, Say);
    var plan = new List<Fault>();
    // Per round: a process of each service, then the broker, then the database (the infrastructure only when infra.sh runs
    // it here: an external or containerised server is not this run's to kill).
    var down = TimeSpan.FromSeconds(quick ? 3 : 5);
    for (var round = 0; round < rounds; round++)
    {
        foreach (var service in quick ? ["protection"] : Stores.Services.Select(s => s.Name))
            plan.Add(faults.KillProcess(InstanceToKill(node, service, round)));
        if (Option("infra", "true") == "false") continue;
        if (resilient) { plan.Add(faults.KillClusterNode(round % 3 + 1, down)); plan.Add(faults.KillPrimary(down)); }
        else if (mode == "local") { plan.Add(faults.KillBroker(down)); plan.Add(faults.StopDatabase(down)); }
    }
    if (!resilient && mode != "local") Say($"the infrastructure is '{mode}', not this checkout's local servers: only the node's processes are killed");

    using var http = GatewayDecisions.Client(await node.TokenAsync("FocalPoint", "NL", "nl-focal-point", "chaos-officer"));
    http.Timeout = TimeSpan.FromSeconds(30);
    var spacing = TimeSpan.FromSeconds(Number("spacing", quick ? 12 : 30));
    report.Faults.Clear();
    var runClock = Stopwatch.StartNew();
    var load = new Load(http, runClock);
    var since = DateTimeOffset.UtcNow.AddSeconds(-1);
    Say($"load: cases at {rate:0}/s from now until {spacing.TotalSeconds:0} s after the last of {plan.Count} faults, each {spacing.TotalSeconds:0} s after the previous one recovered");
    using var stopLoad = new CancellationTokenSource();
    var loadTask = load.RunAsync(rate, Say, stopLoad.Token);

    foreach (var fault in plan)
    {
        await Task.Delay(spacing);
        var injectedAt = runClock.Elapsed.TotalSeconds;
        string? problem = null;
        var pidBefore = fault.Kind == "process" ? node.PidOf(fault.Name["kill -9 ".Length..]) : 0;
        try
        {
            await fault.InjectAsync();
            await Task.Delay(fault.Down);
            await fault.RecoverAsync();
        }
        catch (Exception e) { problem = ClosedLoop.Shorten(e.Message); Say($"fault {fault.Name}: {problem}"); }
        var backAt = runClock.Elapsed.TotalSeconds;
        var recovered = await ReadyAsync(node, fault, pidBefore, TimeSpan.FromSeconds(120));
        var recoveredAt = runClock.Elapsed.TotalSeconds;
        var answers = load.Answers.Where(a => a.At >= injectedAt && a.At <= recoveredAt).ToList();
        var outcome = new FaultOutcome(fault.Name, fault.Kind, injectedAt, backAt, recoveredAt, recoveredAt - backAt, recovered,
            answers.Count, answers.Count(a => a.Status == 201), answers.Count(a => a.Status is 502 or 503 or 504), answers.Count(a => a.Status == 0),
            answers.Count(a => a.Status == 500), LongestGap(answers.Where(a => a.Status == 201).Select(a => a.At), injectedAt, recoveredAt), problem ?? (recovered ? null : "not every process was ready again within 120 s"));
        report.Faults.Add(outcome);
        Say($"{fault.Name}: {(recovered ? $"every process ready {outcome.RecoverySeconds:F1} s after it was back" : "NOT RECOVERED")}; no case accepted for {outcome.LongestGapSeconds:F1} s at most; meanwhile {outcome.Created} created, {outcome.Unavailable} unavailable, {outcome.NoAnswer} without answer, {outcome.ServerErrors} HTTP 500");
    }

    await Task.Delay(spacing);
    stopLoad.Cancel();
    var openings = await loadTask;
    report.LoadSeconds = runClock.Elapsed.TotalSeconds;
    var accepted = openings.Where(o => o.Accepted).Select(o => o.CaseId!.Value).ToArray();
    report.Sent = openings.Count;
    report.Accepted = accepted.Length;
    report.AcceptedDistinct = accepted.Distinct().Count();
    report.GivenUp = openings.Count(o => !o.Accepted && o.Problem?.StartsWith("gave up", StringComparison.Ordinal) == true);
    report.Refused = openings.Count(o => !o.Accepted) - report.GivenUp;
    report.FirstRefusal = openings.FirstOrDefault(o => !o.Accepted)?.Problem;
    report.Retried = openings.Count(o => o.Statuses.Count > 1);
    report.Http500 = load.Answers.Count(a => a.Status == 500);
    report.AnswersByStatus = load.Answers.GroupBy(a => a.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count());
    Say($"load done: {report.Sent} sent, {report.Accepted} accepted ({report.Retried} after a retry), {report.GivenUp} given up, {report.Refused} refused; answers {string.Join(", ", report.AnswersByStatus.Select(p => $"{p.Key}: {p.Value}"))}");

    // Everything accepted must arrive: wait until it has (or the limit has passed), then read the verdict.
    var others = Stores.Services.Select(s => s.Name).Where(s => s != "identification").ToArray();
    var drain = Stopwatch.StartNew();
    var limit = TimeSpan.FromSeconds(Number("drain-seconds", 180));
    while (true)
    {
        var counts = new List<int>();
        foreach (var service in others) counts.Add((await stores.FirstEventsAsync(service, accepted)).Count);
        if (counts.All(c => c >= accepted.Length)) { report.DrainedAfterSeconds = drain.Elapsed.TotalSeconds; break; }
        if (drain.Elapsed > limit) break;
        if (drain.Elapsed.TotalSeconds % 10 < 1) Say($"waiting for the four services ({string.Join(", ", others.Zip(counts, (s, c) => $"{s} {c}/{accepted.Length}"))}) …");
        await Task.Delay(TimeSpan.FromSeconds(1));
    }
    foreach (var service in Stores.Services.Select(s => s.Name)) report.Services.Add(await checks.ServiceAsync(service, accepted));
    report.UnansweredCases = (await checks.UnansweredCasesAsync(since, accepted.ToHashSet())).Count;
    report.ErrorQueues = new(await checks.ErrorQueuesAsync());
}

report.Write(output);
Console.WriteLine();
Console.WriteLine(report.Markdown());
var failures = report.Failures();
foreach (var f in failures) Say("FAILED: " + f);
Say(failures.Count == 0 ? $"passed: {report.Faults.Count} faults, 0 lost, 0 duplicated, 0 HTTP 500, nothing in an error queue (artifacts: {output})" : $"{failures.Count} check(s) failed (artifacts: {output})");
return failures.Count == 0 ? 0 : 1;

// The longest stretch of [from, to] without an accepted case.
static double LongestGap(IEnumerable<double> created, double from, double to)
{
    var times = created.Order().Prepend(from).Append(to).ToArray();
    return times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max();
}

// Which process of a service to kill in a round: with several instances, a different one each round.
static string InstanceToKill(LocalNode node, string service, int round)
{
    var names = node.Pids.Keys.Where(n => n == service || n.StartsWith(service + "-", StringComparison.Ordinal)).Order().ToList();
    return names.Count == 0 ? service : names[round % names.Count];
}

// Every process answers /health/ready (a killed one under a new pid), polled every half second up to the limit.
static async Task<bool> ReadyAsync(LocalNode node, Fault fault, int pidBefore, TimeSpan limit)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < limit)
    {
        var restarted = fault.Kind != "process" || node.PidOf(fault.Name["kill -9 ".Length..]) != pidBefore;
        var ready = restarted;
        foreach (var (_, port) in node.Ports)
        {
            if (!ready) break;
            try { ready = (await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode; }
            catch (Exception) { ready = false; }
        }
        if (ready) return true;
        await Task.Delay(500);
    }
    return false;
}
