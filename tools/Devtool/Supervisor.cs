using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TransnationalReferral.Devtool;

/// <summary>
/// `up`: starts a node's processes (with <c>--instances=N</c>, N of every service) from their build output (each with its log under .local/logs), waits for their
/// /health/ready with a progress line, then watches them until Ctrl-C, SIGTERM/SIGHUP/SIGQUIT or `down`, and stops them
/// (SIGTERM, then a kill after 15 s). Its pid is in .local/up.pid while it runs, for `down`.
/// </summary>
public static class Supervisor
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private const int SigTerm = 15;
    // How long each process has to answer /health/ready: 90 s, or TR_UP_READY_SECONDS (the benchmark sets it from its
    // --ready-seconds, so that a node started on a busy machine is waited for rather than stopped).
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("TR_UP_READY_SECONDS"), out var seconds) && seconds > 0 ? seconds : 90);

    private static string PidFile(Repository repo) => Path.Combine(repo.Local, "up.pid");

    /// <param name="restart">A process that exits while the node runs is started again (as a service manager would; the chaos
    /// run kills processes and counts on it). Without it, an exit is reported and the others go on.</param>
    public static int Up(Repository repo, int nodes, int instances, bool restart = false)
    {
        if (nodes is < 1 or > 2) throw new DevtoolException("--nodes is 1 or 2");
        if (instances is < 1 or > Node.MaxInstances) throw new DevtoolException($"--instances is 1 to {Node.MaxInstances}");
        if (nodes == 2 && instances > 1) throw new DevtoolException("--instances with --nodes=2 is not supported: run several instances of one node (--nodes=1)");
        var logs = Path.Combine(repo.Local, "logs");
        Directory.CreateDirectory(logs);
        var launches = Node.Launches(nodes, instances, Node.MetricsToken(repo), nodes == 1 ? service => InstanceFiles.CheckpointKey(repo, service) : null);
        if (nodes == 1) InstanceFiles.WritePrometheusTargets(repo, launches.Select(l => l.Svc));
        foreach (var (svc, _) in launches)
        {
            if (!File.Exists(repo.OutputDll(svc))) throw new DevtoolException($"{repo.OutputDll(svc)} not found; did the build produce it?");
            if (Repository.PortTaken(svc.Port)) throw new DevtoolException($"port {svc.Port} ({svc.Name}) is already in use; stop whatever listens there first");
        }
        Migration.MigrateAll(repo, launches);
        Topology.DeployAll(repo, launches);

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        var signals = new List<PosixSignalRegistration>();
        if (!OperatingSystem.IsWindows())
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                signals.Add(PosixSignalRegistration.Create(signal, ctx => { ctx.Cancel = true; stop.Cancel(); }));
        File.WriteAllText(PidFile(repo), Environment.ProcessId.ToString());

        var children = new List<Child>();
        try
        {
            var clock = Stopwatch.StartNew();
            // The first instance of every service (and the gateway) first, the others once those are ready: the schema is current
            // (migrate above), but a Development service still checks and applies it at start, one instance at a time is gentler.
            foreach (var wave in launches.GroupBy(l => l.Svc.Instance == 1).OrderByDescending(g => g.Key))
            {
                var started = wave.Select(l => Child.Start(l.Svc, repo.OutputDll(l.Svc), repo.ProjectDirectory(l.Svc), Path.Combine(logs, l.Svc.Name + ".log"), l.Env)).ToList();
                children.AddRange(started);
                WaitUntilReady(started, stop.Token);
            }
            Node.PrintBanner(nodes, instances, launches.Select(l => l.Svc), clock.Elapsed, logs);

            var reported = new HashSet<string>();
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < children.Count; i++)
                {
                    var child = children[i];
                    if (child.Process.HasExited && restart && !stop.IsCancellationRequested)
                    {
                        Console.Error.WriteLine($"[up] {child.Name} exited with code {child.Process.ExitCode}; starting it again");
                        child.Dispose();
                        children[i] = Child.Start(child.Svc, repo.OutputDll(child.Svc), repo.ProjectDirectory(child.Svc), child.LogPath, child.Env, append: true, boost: true);
                    }
                    else if (children[i].Boosted) children[i].EndBoostWhenReady();
                    else if (child.Process.HasExited && reported.Add(child.Name))
                    {
                        Console.Error.WriteLine($"[up] warning: {child.Name} exited with code {child.Process.ExitCode}; last lines of {child.LogPath}:");
                        Console.Error.WriteLine(Tail(child.LogPath, 20));
                    }
                }
                if (children.All(c => c.Process.HasExited)) { Console.Error.WriteLine("[up] every process has exited"); break; }
                stop.Token.WaitHandle.WaitOne(1000);
            }
            return 0;
        }
        catch (OperationCanceledException) { return 0; /* Ctrl-C while starting */ }
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
            File.Delete(PidFile(repo));
        }
    }

    /// <summary>Waits for /health/ready of each process, with a progress line (a spinner on a terminal, a line every 10 s otherwise).</summary>
    private static void WaitUntilReady(List<Child> children, CancellationToken stop)
    {
        var interactive = !Console.IsErrorRedirected;
        var spinner = new[] { '|', '/', '-', '\\' };
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var pending = children.ToList();
        var tick = 0;
        var lastNotice = TimeSpan.Zero;
        void ClearLine() { if (interactive) Console.Error.Write("\r\u001b[K"); }
        while (pending.Count > 0)
        {
            stop.ThrowIfCancellationRequested();
            foreach (var child in pending.ToList())
            {
                if (child.Process.HasExited)
                {
                    ClearLine();
                    Console.Error.WriteLine($"[up] {child.Name} exited with code {child.Process.ExitCode} before it was ready; last lines of {child.LogPath}:");
                    Console.Error.WriteLine(Tail(child.LogPath, 40));
                    throw new DevtoolException($"{child.Name} did not start");
                }
                if (!AnswersReady(http, child.Port, stop)) continue;
                pending.Remove(child);
                ClearLine();
                Console.Error.WriteLine($"[up] {child.Name} ready ({child.Clock.Elapsed.TotalSeconds:0.0} s)");
            }
            if (pending.Count == 0) break;
            if (clock.Elapsed > ReadyTimeout)
            {
                ClearLine();
                foreach (var child in pending)
                {
                    Console.Error.WriteLine($"[up] {child.Name} not ready after {ReadyTimeout.TotalSeconds:0} s (http://127.0.0.1:{child.Port}/health/ready); last lines of {child.LogPath}:");
                    Console.Error.WriteLine(Tail(child.LogPath, 30));
                }
                throw new DevtoolException("services did not become ready: " + string.Join(", ", pending.Select(c => c.Name)));
            }
            var waiting = string.Join(", ", pending.Select(c => c.Name));
            if (interactive)
                Console.Error.Write($"\r\u001b[K{spinner[tick++ % spinner.Length]} [up] waiting for {waiting} ({clock.Elapsed.TotalSeconds:0} s)");
            else if (clock.Elapsed - lastNotice > TimeSpan.FromSeconds(10))
            {
                lastNotice = clock.Elapsed;
                Console.Error.WriteLine($"[up] waiting for {waiting} ({clock.Elapsed.TotalSeconds:0} s)");
            }
            stop.WaitHandle.WaitOne(300);
        }
    }

    /// <summary>The process on the port answers /health/ready with a success (false while it does not answer at all).</summary>
    private static bool AnswersReady(HttpClient http, int port, CancellationToken stop = default)
    {
        try { return http.GetAsync($"http://127.0.0.1:{port}/health/ready", stop).GetAwaiter().GetResult().IsSuccessStatusCode; }
        catch (Exception) when (!stop.IsCancellationRequested) { return false; }
    }

    /// <summary>`down`: asks the running `up` (its pid in .local/up.pid) to stop, as Ctrl-C would, and waits until it has.</summary>
    public static int Down(Repository repo)
    {
        var file = PidFile(repo);
        Process? up = null;
        try { if (File.Exists(file)) up = Process.GetProcessById(int.Parse(File.ReadAllText(file).Trim())); }
        catch (Exception e) when (e is ArgumentException or FormatException) { }
        if (up is null || up.HasExited || !IsDevtool(up.Id))
        {
            Console.Error.WriteLine("[down] no Up is running (no live process in .local/up.pid)");
            if (File.Exists(file)) File.Delete(file);
            return 0;
        }
        Console.Error.WriteLine($"[down] stopping the Up running as pid {up.Id}…");
        if (OperatingSystem.IsWindows()) up.Kill(entireProcessTree: true);
        else kill(up.Id, SigTerm);
        if (!up.WaitForExit(30_000)) throw new DevtoolException($"Up (pid {up.Id}) did not stop within 30 s");
        Console.Error.WriteLine("[down] stopped");
        return 0;
    }

    /// <summary>The pid is still this tool's (not a process that got the pid of an Up that ended without cleaning up).</summary>
    private static bool IsDevtool(int pid)
    {
        var cmdline = $"/proc/{pid}/cmdline";
        return !File.Exists(cmdline) || File.ReadAllText(cmdline).Contains("Devtool", StringComparison.Ordinal);
    }

    public static string Tail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (Exception e) { return "(no log: " + e.Message + ")"; }
    }

    /// <summary>One started process, its output appended to its log file.</summary>
    private sealed class Child : IDisposable
    {
        private const string SpinLimit = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

        public required string Name { get; init; }
        public required int Port { get; init; }
        public required string LogPath { get; init; }
        public required ServiceDef Svc { get; init; }
        public required IDictionary<string, string> Env { get; init; }
        public Process Process { get; private set; } = null!;
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        private StreamWriter? _log;
        private readonly Lock _gate = new();

        /// <param name="boost">A startup CPU boost (as Kubernetes' startup-cpu-boost gives a starting container more CPU): the
        /// process starts at a higher priority (nice -10, where this supervisor may raise it, as root) and is put back to the
        /// others' once it answers /health/ready. A restarted instance otherwise competes for the cores with every loaded
        /// process of the node while it compiles its code: on this 2-core machine under load it took 45 s to 2 minutes.</param>
        public static Child Start(ServiceDef svc, string dll, string workingDirectory, string logPath, IDictionary<string, string> env, bool append = false, bool boost = false)
        {
            boost &= !OperatingSystem.IsWindows() && Environment.UserName == "root" && File.Exists("/usr/bin/nice");
            var psi = new ProcessStartInfo(boost ? "/usr/bin/nice" : "dotnet")
            {
                WorkingDirectory = workingDirectory,   // content root = project folder, as with `dotnet run`
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (boost) foreach (var a in new[] { "-n", BoostNice.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet" }) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(dll);
            foreach (var pair in env) psi.Environment[pair.Key] = pair.Value;
            // A dozen .NET processes share this machine's cores: an idle thread-pool worker waits at once instead of
            // spinning first (spinning workers of eleven processes kept two cores busy under a load of 10 cases/s and
            // delayed a restarted instance's readiness past two minutes). Set it in the environment to override.
            if (Environment.GetEnvironmentVariable(SpinLimit) is null) psi.Environment[SpinLimit] = "0";
            var child = new Child { Name = svc.Name, Port = svc.Port, LogPath = logPath, Svc = svc, Env = env, Boosted = boost };
            child._log = new StreamWriter(new FileStream(logPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            child._log.WriteLine($"# {DateTime.Now:O} dotnet {dll} (cwd {workingDirectory})");
            var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => child.Write(e.Data);
            process.ErrorDataReceived += (_, e) => child.Write(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            child.Process = process;
            Console.Error.WriteLine($"[up] started {svc.Name} (pid {process.Id}) on port {svc.Port}{(boost ? $", at nice {Math.Max(-20, OwnNice() + BoostNice)} until ready" : "")}; log {logPath}");
            return child;
        }

        private const int BoostNice = -10;
        private static readonly HttpClient ReadyProbe = new() { Timeout = TimeSpan.FromSeconds(1) };
        public bool Boosted { get; private set; }

        /// <summary>Once the boosted process is ready, every thread of it back at the others' niceness (setpriority per thread: on Linux a
        /// priority is a thread's; its threads inherited the boost from the first). Checked once a second by the watch loop.</summary>
        public void EndBoostWhenReady()
        {
            if (Process.HasExited) { Boosted = false; return; }
            if (!AnswersReady(ReadyProbe, Port)) return;
            var others = OwnNice();
            try
            {
                foreach (var task in Directory.GetDirectories($"/proc/{Process.Id}/task"))
                    if (int.TryParse(Path.GetFileName(task), out var tid)) setpriority(PrioProcess, tid, others);
            }
            catch (IOException) { }
            Boosted = false;
            Console.Error.WriteLine($"[up] {Name} ready again ({Clock.Elapsed.TotalSeconds:0.0} s after its start); back at nice {others}");
        }

        /// <summary>The supervisor's own niceness, which every other process of the node inherited (field 19 of /proc/self/stat;
        /// `nice -n -10` is relative to it).</summary>
        private static int OwnNice()
        {
            var stat = File.ReadAllText("/proc/self/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], System.Globalization.CultureInfo.InvariantCulture);
        }

        private const int PrioProcess = 0;
        [DllImport("libc", SetLastError = true)]
        private static extern int setpriority(int which, int who, int prio);

        private void Write(string? line)
        {
            if (line is null) return;
            lock (_gate) { try { _log?.WriteLine(line); } catch (ObjectDisposedException) { } }
        }

        /// <summary>SIGTERM first (graceful ASP.NET shutdown); Kill() on Windows.</summary>
        public void Terminate()
        {
            try
            {
                if (Process.HasExited) return;
                if (OperatingSystem.IsWindows()) Process.Kill(entireProcessTree: true);
                else kill(Process.Id, SigTerm);
            }
            catch (Exception) { }
        }

        public void Dispose()
        {
            lock (_gate) { _log?.Dispose(); _log = null; }
            Process?.Dispose();
        }
    }
}
