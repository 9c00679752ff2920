// Build script (Cake 7, run through ./build.sh).
//
//   ./build.sh                              Build (Release)
//   ./build.sh --target=Test [--filter=…]   Build + local infrastructure + every tests/**/*.Tests.csproj
//   ./build.sh --target=Up                  Build + infrastructure + the five services and the gateway
//   ./build.sh --target=Up --resilient [--instances=2] [--restart]   on a RabbitMQ cluster and PostgreSQL with failover
//   ./build.sh --target=Up --nodes=2        two national nodes side by side (AT on :8080, NG on :8081), linked by the cross-border exchange
//   ./build.sh --target=Up --instances=3    three instances of every service (ports 5101, 5111, 5121 for identification …) behind the gateway
//   ./build.sh --target=Down                stops what a running Up started (as Ctrl-C in its terminal does)
//   ./build.sh --target=Token --role=FocalPoint --jurisdiction=NL    prints a development bearer token
//   ./build.sh --target=Rebuild --service=<name> [--projection=<name>]
//   ./build.sh --target=Requeue [--queue=<name> | --all] [--vhost=<name>]   lists the _error queues, or moves messages back after a fix
//   ./build.sh --target=Bench [--seconds=10] [--audit=false] [--quick]   the benchmark (tools/Bench): artifacts/bench/report.{md,json}
//   ./build.sh --target=Chaos [--quick] [--rate=20] [--rounds=3] [--instances=2] [--spacing=30] [--resilient]   faults under load, then the stores checked (tools/Chaos): artifacts/chaos/
//   ./build.sh --target=Images [--official-base]   container images of the node (deploy/images/build-images.sh; local registry on 127.0.0.1:55800)
//   ./build.sh --target=ComposeCheck [--keep]       Images, then the compose node (deploy/compose/node.yml) up, the README walk-through against it, down
//   ./build.sh --target=Infra | Tools | AsyncApiTools | OpenApiTools | KubernetesTools | OidcTools | Publish | Clean
//   common: --configuration=Release|Debug
//
// The tasks are here; what they run is in tools/Devtool (the process supervisor of Up/Down, the test runner and its TRX
// report, Rebuild, Publish) and deploy/local/ (infrastructure, tools).
using System.Diagnostics;
using System.Runtime.InteropServices;

var target = Argument("target", "Build");
var configuration = Argument("configuration", "Release");
var nodes = Argument("nodes", 1);   // Up/Infra: 2 = two national nodes (AT, NG) side by side, linked by the cross-border exchange
if (nodes is < 1 or > 2) throw new Exception("--nodes is 1 or 2");
// Up/Chaos/Infra: --resilient = a 3-node RabbitMQ cluster and PostgreSQL under Patroni (deploy/local/infra.sh resilient up)
var resilient = HasArgument("resilient");
if (resilient && nodes == 2) throw new Exception("--resilient runs one node (not with --nodes=2)");
var instances = Argument("instances", 1);   // Up: N instances of every service behind the gateway (one node only)

var root = MakeAbsolute(Directory("./"));
var artifacts = root.Combine("artifacts");
var localDir = root.Combine(".local");
var devtoolProject = root.CombineWithFilePath("tools/Devtool/TransnationalReferral.Devtool.csproj");
var devtoolDll = root.CombineWithFilePath($"tools/Devtool/bin/{configuration}/net10.0/TransnationalReferral.Devtool.dll");
var gatewayProject = root.CombineWithFilePath("gateway/TransnationalReferral.Gateway.csproj");
var gatewayDll = root.CombineWithFilePath($"gateway/bin/{configuration}/net10.0/TransnationalReferral.Gateway.dll");
var infraStartedByThisRun = false;

// ------------------------------------------------------------------------------------------ helpers
FilePath Solution()
{
    foreach (var name in new[] { "TransnationalReferral.sln", "TransnationalReferral.slnx" })
        if (FileExists(root.CombineWithFilePath(name))) return root.CombineWithFilePath(name);
    throw new CakeException("TransnationalReferral.sln (or .slnx) not found in " + root);
}

void BuildIfMissing(FilePath dll, FilePath project)
{
    if (!FileExists(dll))
        DotNetBuild(project.FullPath, new DotNetBuildSettings { Configuration = configuration, NoLogo = true, Verbosity = DotNetVerbosity.Quiet });
}

void Script(string script, string args = "", bool envOnStdout = false)
{
    var exit = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().AppendQuoted(root.CombineWithFilePath(script).FullPath).Append(args),
        WorkingDirectory = root,
        RedirectStandardOutput = envOnStdout,   // infra.sh: the env listing; progress goes to stderr
    });
    if (exit != 0) throw new CakeException($"{script} {args} failed (exit code {exit})");
}

// Runs a command of tools/Devtool in the foreground. Its output goes straight to the console (progress lines, the test
// report). Ctrl-C reaches it as well (same process group): Cake then waits for it instead of dying first, and passes on a
// SIGTERM/SIGHUP/SIGQUIT sent to Cake alone.
void Devtool(string command, params string[] options)
{
    BuildIfMissing(devtoolDll, devtoolProject);
    var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root.FullPath, UseShellExecute = false };
    foreach (var argument in new[] { devtoolDll.FullPath, command, $"--configuration={configuration}" }.Concat(options.Where(o => o.Length > 0))) start.ArgumentList.Add(argument);
    using var process = Process.Start(start);
    ConsoleCancelEventHandler waitForIt = (s, e) => e.Cancel = true;
    Console.CancelKeyPress += waitForIt;
    var signals = OperatingSystem.IsWindows() ? new List<PosixSignalRegistration>() : new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
        .Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            try { Process.Start("kill", $"-s {context.Signal.ToString().Substring(3)} {process.Id}")?.WaitForExit(); } catch (Exception) { }
        })).ToList();
    try { process.WaitForExit(); }
    finally
    {
        Console.CancelKeyPress -= waitForIt;
        signals.ForEach(s => s.Dispose());
    }
    if (process.ExitCode != 0) throw new CakeException($"tools/Devtool {command} failed (exit code {process.ExitCode})");
}

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
        var value = line.Substring(eq + 1).Trim();
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[value.Length - 1] == value[0])
            value = value.Substring(1, value.Length - 2);
        Environment.SetEnvironmentVariable(line.Substring(0, eq).Trim(), value);   // inherited by every child process from here on
        count++;
    }
    return count;
}

// ---------------------------------------------------------------------------------------------- tasks
Task("Clean").Does(() =>
{
    DotNetClean(Solution().FullPath, new DotNetCleanSettings { Configuration = configuration, NoLogo = true, Verbosity = DotNetVerbosity.Minimal });
    if (DirectoryExists(artifacts)) DeleteDirectory(artifacts, new DeleteDirectorySettings { Recursive = true, Force = true });
});

Task("Build").Does(() =>
{
    DotNetBuild(Solution().FullPath, new DotNetBuildSettings { Configuration = configuration, NoLogo = true, Verbosity = DotNetVerbosity.Minimal });
});

Task("Infra").Does(() =>
{
    if (resilient)
    {
        // The resilient infrastructure instead (deploy/local/resilient.sh): its variables replace the single servers' for
        // everything this run starts; it keeps running after Up stops (./deploy/local/infra.sh resilient down stops it).
        Script("deploy/local/infra.sh", "resilient up", envOnStdout: true);
        Information("[infra] {0} variables from {1} set for child processes", LoadEnvFile(localDir.CombineWithFilePath("resilient.env")), localDir);
        return;
    }
    if (nodes == 2) Environment.SetEnvironmentVariable("TR_NODES", "2");   // infra.sh up then provisions the two nodes too
    Script("deploy/local/infra.sh", "up", envOnStdout: true);
    var infraEnvFile = localDir.CombineWithFilePath("infra.env");
    if (!FileExists(infraEnvFile)) throw new CakeException($"{infraEnvFile} was not written by infra.sh");
    var count = LoadEnvFile(infraEnvFile);
    if (nodes == 2) count += LoadEnvFile(localDir.CombineWithFilePath("two-nodes.env"));
    var lastUp = localDir.CombineWithFilePath("infra.last-up");
    infraStartedByThisRun = FileExists(lastUp) && System.IO.File.ReadAllText(lastUp.FullPath).Contains("started=yes");
    Information("[infra] {0} variables from {1} set for child processes", count, localDir);
});

// The AsyncAPI parser (npm @asyncapi/parser, pinned in deploy/asyncapi/package-lock.json) that tests/CrossBorder.Tests runs
// over the partner and internal bus contracts; installed from the npm registry with the machine's npm. Tests then require it.
Task("AsyncApiTools").Does(() => NpmCi("deploy/asyncapi", "node_modules/@asyncapi/parser", "TR_ASYNCAPI_PARSER", "the AsyncAPI validation test"));

// Redocly's CLI (npm @redocly/cli, pinned in deploy/redocly/package-lock.json) that tests/EndToEnd.Tests runs over the five
// services' OpenAPI documents (recommended ruleset, deploy/redocly/redocly.yaml); installed like the AsyncAPI parser.
Task("OpenApiTools").Does(() => NpmCi("deploy/redocly", "node_modules/.bin/redocly", "TR_REDOCLY", "the OpenAPI lint test"));

// The Kubernetes manifests' offline validator (npm kubernetes-models, ajv, yaml; pinned in deploy/kubernetes/validate/
// package-lock.json) that tests/EndToEnd.Tests/KubernetesManifestTests.cs runs; it renders with `kubectl kustomize`.
Task("KubernetesTools").Does(() => NpmCi("deploy/kubernetes/validate", "node_modules/kubernetes-models", "TR_KUBERNETES_VALIDATOR", "the Kubernetes manifest test"));

// The OpenID Connect provider (npm oidc-provider, OpenID-certified, pinned in deploy/oidc-test/package-lock.json) that
// tests/EndToEnd.Tests (OidcProviderTests) starts as a child process on loopback: the tests that need tokens run against it.
Task("OidcTools").Does(() => NpmCi("deploy/oidc-test", "node_modules/oidc-provider", "TR_OIDC_PROVIDER", "the OIDC provider tests"));

// npm ci in a folder of the repository (its package-lock.json pins the tool) unless it is installed; the tests that need
// it are told (the variable "required") to fail rather than skip when it is missing.
void NpmCi(string folder, string installed, string requiredVariable, string test)
{
    var dir = root.Combine(folder);
    Environment.SetEnvironmentVariable(requiredVariable, "required");
    if (DirectoryExists(dir.Combine(installed)) || FileExists(dir.CombineWithFilePath(installed))) return;
    try
    {
        var exit = StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund --ignore-scripts", WorkingDirectory = dir });
        if (exit != 0) Warning($"npm ci in {dir} failed with exit code {exit}: {test} will fail");
    }
    catch (Exception e)
    {
        Warning($"npm is not available ({e.Message}): {test} will fail (install Node.js and npm)");
    }
}

// promtool (Debian's prometheus) and chromium for the operations tests; skipped at once when present.
Task("Tools").Does(() => Script("deploy/local/tools.sh"));

// Per project: "---- <project>", dotnet test's own output, then a table of counts and "N passed, N failed, N skipped".
Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("Infra")
    .IsDependentOn("Tools")
    .IsDependentOn("AsyncApiTools")
    .IsDependentOn("OpenApiTools")
    .IsDependentOn("KubernetesTools")
    .IsDependentOn("OidcTools")
    .Does(() =>
{
    var filter = Argument("filter", "");
    CakeException failed = null;
    try { Devtool("test", $"--results={artifacts.Combine("test-results").FullPath}", $"--filter={filter}"); } catch (CakeException e) { failed = e; }
    if (filter == "") Bench(quick: true);   // so that the benchmark never rots: fails the build if it throws or a section has no figures
    // Three faults under load (a service killed, RabbitMQ killed, PostgreSQL stopped) and every accepted case looked for in the
    // five stores: fails the build on a lost, duplicated or HTTP 500 answer (the full run: ./build.sh --target=Chaos --resilient).
    if (filter == "") Chaos(quick: true);
    if (failed != null) throw failed;
});

// Runs in the foreground until Ctrl-C (or ./build.sh --target=Down elsewhere); then stops the infrastructure if this run started it.
Task("Up")
    .IsDependentOn("Build")
    .IsDependentOn("Infra")
    .Does(() =>
{
    try { Devtool("up", $"--nodes={nodes}", $"--instances={instances}", HasArgument("restart") ? "--restart" : ""); }
    finally
    {
        if (infraStartedByThisRun)
        {
            Console.Error.WriteLine("[up] stopping the infrastructure this run started (deploy/local/infra.sh down)");
            try { Script("deploy/local/infra.sh", "down"); } catch (Exception e) { Console.Error.WriteLine("[up] " + e.Message); }
        }
    }
});

Task("Down").Does(() => Devtool("down"));

Task("Publish").Does(() => Devtool("publish", $"--output={artifacts.Combine("publish").FullPath}"));

// Prints a development bearer token (the gateway's `token` command mode). build.sh routes all of Cake's
// own output to stderr for this target and prints the file named by TR_TOKEN_OUT, so stdout is the token only.
Task("Token").Does(() =>
{
    BuildIfMissing(gatewayDll, gatewayProject);
    var args = new ProcessArgumentBuilder()
        .Append("run").Append("--project").AppendQuoted(gatewayProject.FullPath)
        .Append("--no-build").Append("--no-launch-profile").Append("-c").Append(configuration)
        .Append("--").Append("token");
    foreach (var (name, fallback) in new[] { ("role", "FocalPoint"), ("jurisdiction", "NL"), ("organisation", "focal-point"), ("sub", "dev-user"), ("hours", "8") })
        args.AppendQuoted($"--{name}={Argument(name, fallback)}");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = args,
        WorkingDirectory = gatewayProject.GetDirectory(),
        RedirectStandardOutput = true,
        EnvironmentVariables = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
    }, out var output);
    var lines = output.ToList();
    if (exit != 0) throw new CakeException($"gateway token command failed (exit code {exit}):\n" + string.Join("\n", lines));
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
    .Does(() => Devtool("rebuild", $"--service={Argument("service", "")}", $"--projection={Argument("projection", "")}"));

// ./build.sh --target=Requeue: lists the _error queues of the local node's vhost with their depths; with --queue=<name>
// (the endpoint's queue, with or without _error) or --all moves their messages back to be consumed again, after the fix
// (a dynamic shovel per queue through the management API; tools/Devtool ErrorQueues.cs).
Task("Requeue")
    .IsDependentOn("Infra")
    .Does(() =>
{
    BuildIfMissing(devtoolDll, devtoolProject);
    Devtool("errors", $"--queue={Argument("queue", "")}", $"--all={HasArgument("all").ToString().ToLowerInvariant()}", $"--vhost={Argument("vhost", "")}");
});

// Raw PostgreSQL and RabbitMQ baselines, a node started as Up starts it (its ports must be free): decisions through its gateway
// (closed and open loop, cross-service delays, backlog), memory; the audit and outbox figures: tools/Bench, artifacts/bench/.
Task("Bench").IsDependentOn("Build").IsDependentOn("Infra").Does(() => Bench(HasArgument("quick")));

void Bench(bool quick)
{
    var args = new ProcessArgumentBuilder().AppendQuoted(root.CombineWithFilePath($"tools/Bench/bin/{configuration}/net10.0/TransnationalReferral.Bench.dll").FullPath)
        .Append($"--configuration={configuration}").Append($"--seconds={Argument("seconds", 10)}").Append($"--audit={Argument("audit", "true")}")
        .AppendQuoted($"--output={artifacts.Combine(quick ? "bench/quick" : "bench").FullPath}").Append(quick ? "--quick" : "");
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = root });
    if (exit != 0) throw new CakeException($"tools/Bench{(quick ? " --quick" : "")} failed (exit code {exit}): see its output above and artifacts/bench");
}

// Open-loop load through a node started as Up starts it (with --restart) while its processes, RabbitMQ and PostgreSQL are
// killed and brought back; then every accepted case is looked for in the five stores and the error queues are read:
// tools/Chaos, artifacts/chaos/report.{md,json}. It kills this checkout's local infrastructure (infra.sh's), nothing else.
Task("Chaos").IsDependentOn("Build").IsDependentOn("Infra").Does(() => Chaos(HasArgument("quick")));

void Chaos(bool quick)
{
    var args = new ProcessArgumentBuilder().AppendQuoted(root.CombineWithFilePath($"tools/Chaos/bin/{configuration}/net10.0/TransnationalReferral.Chaos.dll").FullPath)
        .Append($"--configuration={configuration}").AppendQuoted($"--output={artifacts.Combine(quick ? "chaos/quick" : "chaos").FullPath}").Append(quick ? "--quick" : "");
    foreach (var option in new[] { "rate", "rounds", "instances", "spacing" })
        if (HasArgument(option)) args.Append($"--{option}={Argument<string>(option)}");
    if (resilient) args.Append("--resilient");
    var exit = StartProcess("dotnet", new ProcessSettings { Arguments = args, WorkingDirectory = root });
    if (exit != 0) throw new CakeException($"tools/Chaos{(quick ? " --quick" : "")} failed (exit code {exit}): see its table above and artifacts/chaos");
}

// The node's container images, built here from Debian packages and this machine's .NET runtime (no public registry needed):
// trm/base, trm/aspnet:10.0, the five services and the gateway (dotnet publish /t:PublishContainer, deploy/images/Containers.props),
// trm/postgres:15, trm/rabbitmq:3.10, trm/prometheus:2.42; pushed to a local registry (127.0.0.1:55800, left running;
// `deploy/images/build-images.sh registry-down` stops it) and loaded into podman as localhost/trm/<name>:dev.
// --official-base: the apps on mcr.microsoft.com/dotnet/aspnet:10.0 instead (where that registry is reachable).
Task("Images").Does(() =>
{
    if (HasArgument("official-base")) Environment.SetEnvironmentVariable("TRM_OFFICIAL_BASE", "true");
    Environment.SetEnvironmentVariable("CONFIGURATION", configuration);
    Script("deploy/images/build-images.sh");
});

// A whole node from those images with podman-compose (deploy/compose/node.yml, ASPNETCORE_ENVIRONMENT=Production, generated
// secrets), the README walk-through (deploy/local/walkthrough.sh) against its gateway on http://127.0.0.1:18080 with tokens of
// the node's issuer, then down with its volumes (--keep: left running). Long (minutes): not part of Test.
Task("ComposeCheck").IsDependentOn("Images").Does(() =>
{
    var watch = Stopwatch.StartNew();
    try { Script("deploy/compose/node.sh", "check" + (HasArgument("keep") ? " --keep" : "")); }
    finally { Information("[compose-check] {0:0} s", watch.Elapsed.TotalSeconds); }
});

Task("Default").IsDependentOn("Build");

RunTarget(target);
