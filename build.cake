// Build script (Cake 7, run through ./build.sh).
//
//   ./build.sh                              Build (Release)
//   ./build.sh --target=Test [--filter=…]   Build + local infrastructure + every tests/**/*.Tests.csproj
//   ./build.sh --target=Up                  Build + infrastructure + the five services and the gateway
//   ./build.sh --target=Up --nodes=2        two national nodes side by side (AT on :8080, NG on :8081), linked by the cross-border exchange
//   ./build.sh --target=Token --role=FocalPoint --jurisdiction=NL    prints a development bearer token
//   ./build.sh --target=Infra | Publish | Clean
//   common: --configuration=Release|Debug
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Xml.Linq;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var testFilter = Argument("filter", "");
var nodes = Argument("nodes", 1);   // Up/Infra: 2 = two national nodes (AT, NG) side by side, linked by the cross-border exchange
if (nodes is < 1 or > 2) throw new Exception("--nodes is 1 or 2");

var root = MakeAbsolute(Directory("./"));
var artifacts = root.Combine("artifacts");
var localDir = root.Combine(".local");
var infraScript = root.CombineWithFilePath("deploy/local/infra.sh");
var infraEnvFile = localDir.CombineWithFilePath("infra.env");

// name, project, port, PostgreSQL connection-string variable written by infra.sh
var services = new[]
{
    new ServiceDef("identification", "services/Identification/TransnationalReferral.Identification.csproj", 5101, "TR_PG_IDENTIFICATION"),
    new ServiceDef("protection", "services/Protection/TransnationalReferral.Protection.csproj", 5102, "TR_PG_PROTECTION"),
    new ServiceDef("return", "services/Return/TransnationalReferral.Return.csproj", 5103, "TR_PG_RETURN"),
    new ServiceDef("remedies", "services/Remedies/TransnationalReferral.Remedies.csproj", 5104, "TR_PG_REMEDIES"),
    new ServiceDef("judicial", "services/JudicialCooperation/TransnationalReferral.JudicialCooperation.csproj", 5105, "TR_PG_JUDICIAL"),
};
var gateway = new ServiceDef("gateway", "gateway/TransnationalReferral.Gateway.csproj", 8080, null);

var infraStartedByThisRun = false;

// ------------------------------------------------------------------------------------------ helpers
void Say(string text) => Information("{0}", text);

FilePath Solution()
{
    foreach (var name in new[] { "TransnationalReferral.sln", "TransnationalReferral.slnx" })
    {
        var file = root.CombineWithFilePath(name);
        if (FileExists(file)) return file;
    }
    throw new CakeException("TransnationalReferral.sln (or .slnx) not found in " + root);
}

// bin/<configuration>/<tfm>/<AssemblyName>.dll of a project (AssemblyName defaults to the project file name)
FilePath OutputDll(ServiceDef svc)
{
    var project = root.CombineWithFilePath(svc.Project);
    var assembly = project.GetFilenameWithoutExtension().ToString();
    try
    {
        var declared = XDocument.Load(project.FullPath).Descendants()
            .FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value?.Trim();
        if (!string.IsNullOrEmpty(declared) && !declared.Contains("$(")) assembly = declared;
    }
    catch (Exception) { /* fall back to the file name */ }
    var bin = project.GetDirectory().Combine("bin").Combine(configuration);
    var preferred = bin.Combine("net10.0").CombineWithFilePath(assembly + ".dll");
    if (FileExists(preferred)) return preferred;
    var any = DirectoryExists(bin) ? GetFiles(bin.FullPath + "/*/" + assembly + ".dll").FirstOrDefault() : null;
    return any ?? preferred;
}

bool PortTaken(int port)
{
    try
    {
        using var client = new TcpClient();
        return client.ConnectAsync("127.0.0.1", port).Wait(300) && client.Connected;
    }
    catch (Exception) { return false; }
}

string Tail(string path, int lines)
{
    try
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
    }
    catch (Exception e) { return "(no log: " + e.Message + ")"; }
}

void RunInfraScript(string args)
{
    var exit = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().AppendQuoted(infraScript.FullPath).Append(args),
        WorkingDirectory = root,
        RedirectStandardOutput = true,   // the env listing; progress goes to stderr
    });
    if (exit != 0) throw new CakeException($"deploy/local/infra.sh {args} failed (exit code {exit})");
}

// ---------------------------------------------------------------------------------------------- tasks
Task("Clean").Does(() =>
{
    var sln = root.CombineWithFilePath("TransnationalReferral.sln");
    if (FileExists(sln) || FileExists(root.CombineWithFilePath("TransnationalReferral.slnx")))
        DotNetClean(Solution().FullPath, new DotNetCleanSettings { Configuration = configuration, NoLogo = true, Verbosity = DotNetVerbosity.Minimal });
    if (DirectoryExists(artifacts)) DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
});

Task("Build").Does(() =>
{
    DotNetBuild(Solution().FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoLogo = true,
        Verbosity = DotNetVerbosity.Minimal,
    });
});

int LoadEnvFile(FilePath file)
{
    var count = 0;
    foreach (var raw in System.IO.File.ReadAllLines(file.FullPath))
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith("#")) continue;
        if (line.StartsWith("export ")) line = line.Substring(7).TrimStart();
        var eq = line.IndexOf('=');
        if (eq <= 0) continue;
        var name = line.Substring(0, eq).Trim();
        var value = line.Substring(eq + 1).Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0])
            value = value.Substring(1, value.Length - 2);
        Environment.SetEnvironmentVariable(name, value);   // inherited by every child process from here on
        count++;
    }
    return count;
}

Task("Infra").Does(() =>
{
    if (nodes == 2) Environment.SetEnvironmentVariable("TR_NODES", "2");   // infra.sh up then provisions the two nodes too
    RunInfraScript("up");
    if (!FileExists(infraEnvFile)) throw new CakeException($"{infraEnvFile} was not written by infra.sh");
    var count = LoadEnvFile(infraEnvFile);
    if (nodes == 2) count += LoadEnvFile(localDir.CombineWithFilePath("two-nodes.env"));
    var lastUp = localDir.CombineWithFilePath("infra.last-up");
    infraStartedByThisRun = FileExists(lastUp) && System.IO.File.ReadAllText(lastUp.FullPath).Contains("started=yes");
    Say($"[infra] {count} variables from {localDir} set for child processes");
});

// The AsyncAPI parser (npm @asyncapi/parser, pinned in deploy/asyncapi/package-lock.json) that tests/CrossBorder.Tests runs
// over the partner and internal bus contracts; installed from the npm registry with the machine's npm. Tests then require it.
Task("AsyncApiTools").Does(() =>
{
    var dir = root.Combine("deploy/asyncapi");
    Environment.SetEnvironmentVariable("TR_ASYNCAPI_PARSER", "required");
    if (DirectoryExists(dir.Combine("node_modules/@asyncapi/parser"))) return;
    try
    {
        var exit = StartProcess("npm", new ProcessSettings
        {
            Arguments = new ProcessArgumentBuilder().Append("ci").Append("--no-audit").Append("--no-fund").Append("--ignore-scripts"),
            WorkingDirectory = dir,
        });
        if (exit != 0) Warning($"npm ci in {dir} failed with exit code {exit}: the AsyncAPI validation test will fail");
    }
    catch (Exception e)
    {
        Warning($"npm is not available ({e.Message}): the AsyncAPI validation test will fail (install Node.js and npm)");
    }
});

// promtool (Debian's prometheus) and chromium for the operations tests; skipped at once when present.
Task("Tools").Does(() =>
{
    var exit = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().AppendQuoted(root.CombineWithFilePath("deploy/local/tools.sh").FullPath),
        WorkingDirectory = root,
    });
    if (exit != 0) throw new CakeException($"deploy/local/tools.sh failed (exit code {exit})");
});

Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("Infra")
    .IsDependentOn("Tools")
    .IsDependentOn("AsyncApiTools")
    .Does(() =>
{
    var clock = Stopwatch.StartNew();
    var resultsDir = artifacts.Combine("test-results");
    EnsureDirectoryExists(resultsDir);
    CleanDirectory(resultsDir);

    var projects = GetFiles(root.FullPath + "/tests/**/*.Tests.csproj").OrderBy(p => p.FullPath).ToList();
    if (projects.Count == 0) throw new CakeException("no test projects found (tests/**/*.Tests.csproj)");

    var rows = new List<TestRow>();
    foreach (var project in projects)
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        var trx = resultsDir.CombineWithFilePath(name + ".trx");
        var args = new ProcessArgumentBuilder()
            .Append("test").AppendQuoted(project.FullPath)
            .Append("-c").Append(configuration)
            .Append("--no-build")
            .Append("--logger").AppendQuoted($"trx;LogFileName={name}.trx")
            .Append("--results-directory").AppendQuoted(resultsDir.FullPath);
        if (!string.IsNullOrWhiteSpace(testFilter)) args.Append("--filter").AppendQuoted(testFilter);

        Say($"---- {name}");
        var projectClock = Stopwatch.StartNew();
        var exit = StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = root });
        var row = ReadTrx(name, trx.FullPath, exit);
        row.Duration = projectClock.Elapsed;
        rows.Add(row);
    }

    var width = Math.Max(7, rows.Max(r => r.Name.Length));
    Say("");
    Say($"{"Project".PadRight(width)}  {"Passed",7}  {"Failed",7}  {"Skipped",7}  {"Time",8}  Status");
    Say(new string('-', width + 48));
    foreach (var r in rows)
        Say($"{r.Name.PadRight(width)}  {r.Passed,7}  {r.Failed,7}  {r.Skipped,7}  {r.Duration.TotalSeconds,7:0.0}s  {r.Status}");
    Say(new string('-', width + 48));

    foreach (var r in rows.Where(r => r.Failures.Count > 0))
    {
        Say($"failed in {r.Name}:");
        foreach (var f in r.Failures) Say("  - " + f);
    }

    int passed = rows.Sum(r => r.Passed), failed = rows.Sum(r => r.Failed), skipped = rows.Sum(r => r.Skipped);
    Say($"elapsed {clock.Elapsed.TotalSeconds:0.0} s (tests only; Cake start-up, build and infrastructure not included)");
    Console.Out.Flush();
    Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    Console.Out.Flush();

    var problems = new List<string>();
    if (failed > 0) problems.Add($"{failed} test(s) failed");
    var broken = rows.Where(r => r.Crashed).Select(r => r.Name).ToList();
    if (broken.Count > 0) problems.Add("test run did not complete for: " + string.Join(", ", broken));
    if (passed + failed + skipped == 0) problems.Add("no tests ran");
    if (problems.Count > 0) throw new CakeException(string.Join("; ", problems));
});

Task("Up")
    .IsDependentOn("Build")
    .IsDependentOn("Infra")
    .Does(() =>
{
    var logs = localDir.Combine("logs");
    EnsureDirectoryExists(logs);
    var rabbit = EnvironmentVariable("TR_RABBITMQ") ?? throw new CakeException("TR_RABBITMQ not set by Infra");
    // Each service connects to RabbitMQ as its own user (TR_RABBITMQ_<SERVICE>, written by infra.sh: limited to that
    // service's queues and exchanges); TR_RABBITMQ (the administrator) only where no such user exists.
    string RabbitFor(ServiceDef svc)
    {
        var own = EnvironmentVariable("TR_RABBITMQ_" + svc.Name.ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(own)) return own;
        Warning($"TR_RABBITMQ_{svc.Name.ToUpperInvariant()} is not set: {svc.Name} connects to RabbitMQ with TR_RABBITMQ");
        return rabbit;
    }

    // What to start: one node (the services and the gateway as configured), or two nodes AT and NG (ports +0 and +100,
    // gateways 8080 and 8081), each with its own databases and vhost, Return linked to the other node over the exchange.
    var launches = new List<(ServiceDef Svc, Dictionary<string, string> Env)>();
    // /metrics answers only this node's scrape credential (infra.sh generates it into .local; Prometheus reads the same file).
    var metricsTokenFile = EnvironmentVariable("TR_METRICS_TOKEN_FILE") ?? localDir.CombineWithFilePath("metrics-token").FullPath;
    if (!System.IO.File.Exists(metricsTokenFile) || System.IO.File.ReadAllText(metricsTokenFile).Trim().Length == 0)
    {
        System.IO.File.WriteAllText(metricsTokenFile, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(metricsTokenFile, System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite);
    }
    var metricsToken = System.IO.File.ReadAllText(metricsTokenFile).Trim();
    if (nodes == 1)
    {
        foreach (var svc in services)
            launches.Add((svc, new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{svc.Port}",
                ["ConnectionStrings__Marten"] = EnvironmentVariable(svc.PgVariable) ?? throw new CakeException($"{svc.PgVariable} not set by Infra"),
                ["ConnectionStrings__RabbitMq"] = RabbitFor(svc),
            }));
        var gatewayEnv = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://localhost:{gateway.Port}" };
        foreach (var s in services) gatewayEnv[$"Services__{s.Name}"] = $"http://127.0.0.1:{s.Port}";
        launches.Add((gateway, gatewayEnv));
    }
    else
    {
        string Need(string variable) => EnvironmentVariable(variable) ?? throw new CakeException($"{variable} is not set (deploy/local/infra.sh two-nodes writes .local/two-nodes.env)");
        foreach (var (node, offset, gatewayPort, partner) in new[] { ("AT", 0, 8080, "NG"), ("NG", 100, 8081, "AT") })
        {
            var prefix = node.ToLowerInvariant();
            foreach (var svc in services)
            {
                var key = svc.PgVariable.Substring("TR_PG_".Length);
                var env = new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{svc.Port + offset}",
                    ["Node__Jurisdiction"] = node,
                    ["ConnectionStrings__Marten"] = Need($"TR_{node}_PG_{key}"),
                    ["ConnectionStrings__RabbitMq"] = Need($"TR_{node}_RABBITMQ_{key}"),
                };
                // Return consumes the node's default cross-border inbox; Identification, Remedies, JudicialCooperation and Protection their own (identification assistance, compensation, MLA, protection continuity and witness relocation).
                if (svc.Name is "identification" or "return" or "remedies" or "judicial" or "protection")
                {
                    env["ConnectionStrings__CrossBorder"] = Need($"TR_{node}_CROSSBORDER");
                    env["CrossBorder__DeclareTopology"] = "false";
                    env["CrossBorder__Receive"] = "true";
                    env["CrossBorder__SigningKey"] = System.IO.File.ReadAllText(Need($"TR_{node}_SIGNING_KEY_FILE"));
                    env[$"CrossBorder__Partners__{partner}__PublicKey"] = Need($"TR_{partner}_PUBLIC_KEY");
                }
                launches.Add((svc with { Name = $"{prefix}-{svc.Name}", Port = svc.Port + offset }, env));
            }
            // (Urls too: the gateway's appsettings.json names :8080, which ASPNETCORE_URLS does not override)
            var gatewayEnv = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://localhost:{gatewayPort}", ["Urls"] = $"http://localhost:{gatewayPort}", ["Node__Jurisdiction"] = node };
            foreach (var s in services) gatewayEnv[$"Services__{s.Name}"] = $"http://127.0.0.1:{s.Port + offset}";
            launches.Add((gateway with { Name = $"{prefix}-gateway", Port = gatewayPort }, gatewayEnv));
        }
    }
    foreach (var (_, env) in launches) env["Metrics__Token"] = metricsToken;
    foreach (var (svc, _) in launches)
    {
        if (!FileExists(OutputDll(svc))) throw new CakeException($"{OutputDll(svc)} not found; did the build produce it?");
        if (PortTaken(svc.Port)) throw new CakeException($"port {svc.Port} ({svc.Name}) is already in use; stop whatever listens there first");
    }

    var stop = new CancellationTokenSource();
    ConsoleCancelEventHandler onCtrlC = (s, e) => { e.Cancel = true; stop.Cancel(); };
    Console.CancelKeyPress += onCtrlC;
    var signals = new List<PosixSignalRegistration>();
    if (!OperatingSystem.IsWindows())
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            signals.Add(PosixSignalRegistration.Create(signal, ctx => { ctx.Cancel = true; stop.Cancel(); }));

    var children = new List<Child>();
    try
    {
        foreach (var (svc, env) in launches)
            children.Add(Child.Start(svc, OutputDll(svc).FullPath, root.CombineWithFilePath(svc.Project).GetDirectory().FullPath,
                                     logs.CombineWithFilePath(svc.Name + ".log").FullPath, env));

        // wait for /health/ready of each, with a progress line
        var interactive = !Console.IsErrorRedirected;
        var spinner = new[] { '|', '/', '-', '\\' };
        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(90);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            var pending = children.ToList();
            var tick = 0;
            var lastNotice = TimeSpan.Zero;
            while (pending.Count > 0)
            {
                if (stop.IsCancellationRequested) throw new OperationCanceledException();
                foreach (var child in pending.ToList())
                {
                    if (child.Process.HasExited)
                    {
                        if (interactive) Console.Error.Write("\r\u001b[K");
                        Console.Error.WriteLine($"[up] {child.Name} exited with code {child.Process.ExitCode} before it was ready; last lines of {child.LogPath}:");
                        Console.Error.WriteLine(Tail(child.LogPath, 40));
                        throw new CakeException($"{child.Name} did not start");
                    }
                    bool ok;
                    try { ok = http.GetAsync($"http://127.0.0.1:{child.Port}/health/ready").GetAwaiter().GetResult().IsSuccessStatusCode; }
                    catch (Exception) { ok = false; }
                    if (ok)
                    {
                        pending.Remove(child);
                        if (interactive) Console.Error.Write("\r\u001b[K");
                        Console.Error.WriteLine($"[up] {child.Name} ready ({child.Clock.Elapsed.TotalSeconds:0.0} s)");
                    }
                }
                if (pending.Count == 0) break;
                if (clock.Elapsed > timeout)
                {
                    if (interactive) Console.Error.Write("\r\u001b[K");
                    foreach (var child in pending)
                    {
                        Console.Error.WriteLine($"[up] {child.Name} not ready after {timeout.TotalSeconds:0} s (http://127.0.0.1:{child.Port}/health/ready); last lines of {child.LogPath}:");
                        Console.Error.WriteLine(Tail(child.LogPath, 30));
                    }
                    throw new CakeException("services did not become ready: " + string.Join(", ", pending.Select(c => c.Name)));
                }
                var waiting = string.Join(", ", pending.Select(c => c.Name));
                if (interactive)
                    Console.Error.Write($"\r\u001b[K{spinner[tick++ % spinner.Length]} [up] waiting for {waiting} ({clock.Elapsed.TotalSeconds:0} s)");
                else if (clock.Elapsed - lastNotice > TimeSpan.FromSeconds(10))
                {
                    lastNotice = clock.Elapsed;
                    Console.Error.WriteLine($"[up] waiting for {waiting} ({clock.Elapsed.TotalSeconds:0} s)");
                }
                stop.Token.WaitHandle.WaitOne(300);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"All services are up ({clock.Elapsed.TotalSeconds:0.0} s). Logs: {logs.FullPath}/<name>.log");
        Console.WriteLine();
        if (nodes == 2)
        {
            Console.WriteLine("  Node AT (Austria)    http://localhost:8080/api/...   tokens: --jurisdiction=AT");
            Console.WriteLine("  Node NG (Nigeria)    http://localhost:8081/api/...   tokens: --jurisdiction=NG");
            Console.WriteLine("  Cross-border         vhosts trm-at and trm-ng, shovels between them (deploy/rabbitmq/); Identification, Return, Remedies and JudicialCooperation exchange requests and answers");
        }
        else Console.WriteLine("  API                  http://localhost:8080/api/...");
        Console.WriteLine("  OpenAPI docs         http://localhost:8080/docs");
        Console.WriteLine("  Ops page             http://localhost:8080/ops  (token of role Ops or FocalPoint)");
        foreach (var (s, _) in launches)
            Console.WriteLine($"  {s.Name,-20} http://127.0.0.1:{s.Port}");
        Console.WriteLine($"  RabbitMQ management  {EnvironmentVariable("TR_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:55673"}  (user trm / trm-dev-password)");
        Console.WriteLine("  Bearer token         ./build.sh --target=Token --role=FocalPoint --jurisdiction=NL");
        Console.WriteLine("                       (TOKEN=$(./build.sh --target=Token --role=FocalPoint --jurisdiction=NL | tail -n1))");
        Console.WriteLine();
        Console.WriteLine("Press Ctrl-C to stop.");

        var reported = new HashSet<string>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var child in children)
                if (child.Process.HasExited && reported.Add(child.Name))
                {
                    Console.Error.WriteLine($"[up] warning: {child.Name} exited with code {child.Process.ExitCode}; last lines of {child.LogPath}:");
                    Console.Error.WriteLine(Tail(child.LogPath, 20));
                }
            if (children.All(c => c.Process.HasExited)) { Console.Error.WriteLine("[up] every process has exited"); break; }
            stop.Token.WaitHandle.WaitOne(1000);
        }
    }
    catch (OperationCanceledException) { /* Ctrl-C while starting */ }
    finally
    {
        Console.Error.WriteLine();
        Console.Error.WriteLine("[up] stopping…");
        foreach (var child in children) child.Terminate();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        foreach (var child in children)
        {
            var left = deadline - DateTime.UtcNow;
            if (!child.Process.WaitForExit((int)Math.Max(0, left.TotalMilliseconds)))
            {
                Console.Error.WriteLine($"[up] {child.Name} did not stop in time; killing it");
                try { child.Process.Kill(entireProcessTree: true); } catch (Exception) { }
                child.Process.WaitForExit(5000);
            }
            child.Dispose();
        }
        Console.Error.WriteLine($"[up] stopped {children.Count} process(es)");
        Console.CancelKeyPress -= onCtrlC;
        foreach (var registration in signals) registration.Dispose();
        if (infraStartedByThisRun)
        {
            Console.Error.WriteLine("[up] stopping the infrastructure this run started (deploy/local/infra.sh down)");
            try { RunInfraScript("down"); } catch (Exception e) { Console.Error.WriteLine("[up] " + e.Message); }
        }
    }
});

Task("Publish").Does(() =>
{
    foreach (var svc in services.Append(gateway))
    {
        DotNetPublish(root.CombineWithFilePath(svc.Project).FullPath, new DotNetPublishSettings
        {
            Configuration = configuration,
            OutputDirectory = artifacts.Combine("publish").Combine(svc.Name),
            NoLogo = true,
            Verbosity = DotNetVerbosity.Minimal,
        });
    }
});

// Prints a development bearer token (the gateway's `token` command mode). build.sh routes all of Cake's
// own output to stderr for this target and prints the file named by TR_TOKEN_OUT, so stdout is the token only.
Task("Token").Does(() =>
{
    var role = Argument("role", "FocalPoint");
    var jurisdiction = Argument("jurisdiction", "NL");
    var organisation = Argument("organisation", "focal-point");
    var sub = Argument("sub", "dev-user");
    var hours = Argument("hours", "8");

    var project = root.CombineWithFilePath(gateway.Project);
    if (!FileExists(OutputDll(gateway)))
        DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = configuration, NoLogo = true, Verbosity = DotNetVerbosity.Quiet });

    var args = new ProcessArgumentBuilder()
        .Append("run").Append("--project").AppendQuoted(project.FullPath)
        .Append("--no-build").Append("--no-launch-profile").Append("-c").Append(configuration)
        .Append("--")
        .Append("token")
        .AppendQuoted($"--role={role}")
        .AppendQuoted($"--jurisdiction={jurisdiction}")
        .AppendQuoted($"--organisation={organisation}")
        .AppendQuoted($"--sub={sub}")
        .AppendQuoted($"--hours={hours}");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = args,
        WorkingDirectory = project.GetDirectory(),
        RedirectStandardOutput = true,
        EnvironmentVariables = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
    }, out var output);
    var lines = output.ToList();
    if (exit != 0)
        throw new CakeException($"gateway token command failed (exit code {exit}):\n" + string.Join("\n", lines));
    var token = lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
    if (string.IsNullOrEmpty(token)) throw new CakeException("gateway token command printed nothing");

    var outFile = EnvironmentVariable("TR_TOKEN_OUT");
    if (!string.IsNullOrEmpty(outFile)) System.IO.File.WriteAllText(outFile, token + "\n");
    else Console.WriteLine(token);
});

// ./build.sh --target=Rebuild --service=<name> [--projection=<name>]: rebuilds a service's read models from its events
// (its `rebuild` command, against the local node's database), showing progress. Stop the service first (Ctrl+C on Up).
Task("Rebuild")
    .IsDependentOn("Build")
    .IsDependentOn("Infra")
    .Does(() =>
{
    var name = Argument("service", "");
    var svc = services.FirstOrDefault(s => s.Name == name)
        ?? throw new CakeException($"--service=<name> is required: one of {string.Join(", ", services.Select(s => s.Name))}");
    if (PortTaken(svc.Port)) throw new CakeException($"{svc.Name} is running on port {svc.Port}: stop it before rebuilding its read models");
    var args = new ProcessArgumentBuilder().AppendQuoted(OutputDll(svc).FullPath).Append("rebuild");
    var projection = Argument("projection", "");
    if (projection.Length > 0) args.AppendQuoted(projection);
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = args,
        WorkingDirectory = root.CombineWithFilePath(svc.Project).GetDirectory(),
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Marten"] = EnvironmentVariable(svc.PgVariable) ?? throw new CakeException($"{svc.PgVariable} not set by Infra"),
            ["ConnectionStrings__RabbitMq"] = EnvironmentVariable("TR_RABBITMQ_" + svc.Name.ToUpperInvariant()) ?? EnvironmentVariable("TR_RABBITMQ") ?? "",
        },
    });
    if (exit != 0) throw new CakeException($"{svc.Name} rebuild failed (exit code {exit})");
});

Task("Default").IsDependentOn("Build");

RunTarget(target);

// ------------------------------------------------------------------------------------------- types
public record ServiceDef(string Name, string Project, int Port, string PgVariable);

public class TestRow
{
    public string Name { get; set; }
    public int Passed { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
    public bool Crashed { get; set; }
    public string Status { get; set; }
    public TimeSpan Duration { get; set; }
    public List<string> Failures { get; } = new List<string>();
}

// Counts from a VSTest TRX file: UnitTestResult outcomes (Passed / Failed|Error|Timeout|Aborted / anything
// else, e.g. NotExecuted = skipped); falls back to ResultSummary/Counters when there are no results.
static TestRow ReadTrx(string name, string path, int exitCode)
{
    var row = new TestRow { Name = name };
    if (!System.IO.File.Exists(path))
    {
        row.Crashed = true;
        row.Status = $"CRASHED (exit code {exitCode}, no TRX)";
        return row;
    }
    try
    {
        var doc = XDocument.Load(path);
        var ns = doc.Root.Name.Namespace;
        var results = doc.Root.Element(ns + "Results")?.Elements(ns + "UnitTestResult").ToList() ?? new List<XElement>();
        var failedOutcomes = new[] { "Failed", "Error", "Timeout", "Aborted" };
        var summary = doc.Root.Element(ns + "ResultSummary");
        var counters = summary?.Element(ns + "Counters");
        int Counter(string attribute) => int.TryParse((string)counters?.Attribute(attribute), out var n) ? n : 0;
        if (results.Count > 0)
        {
            row.Passed = results.Count(r => (string)r.Attribute("outcome") == "Passed");
            row.Failed = results.Count(r => failedOutcomes.Contains((string)r.Attribute("outcome")));
            row.Skipped = results.Count - row.Passed - row.Failed;
            foreach (var failure in results.Where(r => failedOutcomes.Contains((string)r.Attribute("outcome"))))
            {
                var message = (failure.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "").Trim();
                var lines = message.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(4);
                row.Failures.Add($"{(string)failure.Attribute("testName")} ({(string)failure.Attribute("duration")})"
                                 + string.Concat(lines.Select(l => "\n      " + (l.Length > 300 ? l.Substring(0, 300) + "…" : l))));
            }
        }
        else if (counters != null)
        {
            row.Passed = Counter("passed");
            row.Failed = Counter("failed") + Counter("error") + Counter("timeout") + Counter("aborted");
            row.Skipped = Math.Max(Counter("notExecuted"), Counter("total") - row.Passed - row.Failed);
        }
        var runErrors = summary?.Descendants(ns + "RunInfo")
            .Where(i => (string)i.Attribute("outcome") == "Error")
            .Select(i => (i.Element(ns + "Text")?.Value ?? "").Trim())
            .ToList() ?? new List<string>();
        var aborted = runErrors.Any(t => t.Contains("aborted", StringComparison.OrdinalIgnoreCase)
                                      || t.Contains("crash", StringComparison.OrdinalIgnoreCase));
        if (aborted || (exitCode != 0 && row.Failed == 0))
        {
            row.Crashed = true;
            var reason = runErrors.FirstOrDefault(t => t.Length > 0) ?? "";
            if (reason.Length > 80) reason = reason.Substring(0, 80) + "…";
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

public sealed class Child : IDisposable
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public string Name { get; private set; }
    public int Port { get; private set; }
    public string LogPath { get; private set; }
    public Process Process { get; private set; }
    public Stopwatch Clock { get; private set; }
    private StreamWriter _log;
    private readonly object _gate = new object();

    public static Child Start(ServiceDef svc, string dll, string workingDirectory, string logPath, IDictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,   // content root = project folder, as with `dotnet run`
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(dll);
        foreach (var pair in env) psi.Environment[pair.Key] = pair.Value;
        var child = new Child { Name = svc.Name, Port = svc.Port, LogPath = logPath, Clock = Stopwatch.StartNew() };
        child._log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        child._log.WriteLine($"# {DateTime.Now:O} dotnet {dll} (cwd {workingDirectory})");
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (s, e) => child.Write(e.Data);
        process.ErrorDataReceived += (s, e) => child.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Process = process;
        Console.Error.WriteLine($"[up] started {svc.Name} (pid {process.Id}) on port {svc.Port}; log {logPath}");
        return child;
    }

    private void Write(string line)
    {
        if (line == null) return;
        lock (_gate) { try { _log?.WriteLine(line); } catch (ObjectDisposedException) { } }
    }

    // SIGTERM first (graceful ASP.NET shutdown); Kill() on Windows.
    public void Terminate()
    {
        try
        {
            if (Process.HasExited) return;
            if (OperatingSystem.IsWindows()) Process.Kill(entireProcessTree: true);
            else kill(Process.Id, 15);
        }
        catch (Exception) { }
    }

    public void Dispose()
    {
        lock (_gate) { _log?.Dispose(); _log = null; }
        Process?.Dispose();
    }
}
