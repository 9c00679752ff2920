using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TransnationalReferral.Bench;

/// <summary>
/// A node started as `./build.sh --target=Up` starts it: the Devtool supervisor's `up` in the background (its processes
/// are the pids it prints), ready when it prints its banner; stopped with `down`.
/// </summary>
/// <param name="upArguments">More arguments for `up` (the chaos run's <c>--instances=2</c>, <c>--restart</c>).</param>
public sealed partial class LocalNode(string root, string configuration, params string[] upArguments) : IAsyncDisposable
{
    public const string Gateway = "http://localhost:8080";
    public const int RateLimitForTheRun = 100_000_000;
    private readonly string _root = root, _configuration = configuration;
    private string Devtool => Path.Combine(_root, "tools", "Devtool", "bin", _configuration, "net10.0", "TransnationalReferral.Devtool.dll");
    private readonly Dictionary<string, int> _pids = [], _ports = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _up;

    public IReadOnlyDictionary<string, int> Pids => _pids;

    /// <summary>The prefix of the lines this run prints ("bench", "chaos").</summary>
    public string Label { get; init; } = "bench";

    [GeneratedRegex(@"\[up\] started (?<name>\S+) \(pid (?<pid>\d+)\)( on port (?<port>\d+))?")]
    private static partial Regex Started();

    /// <summary>The port each process listens on, by name.</summary>
    public IReadOnlyDictionary<string, int> Ports { get { lock (_pids) return new Dictionary<string, int>(_ports); } }

    /// <summary>Each process's latest pid by name (a process the supervisor restarted has its new pid here).</summary>
    public int PidOf(string name) { lock (_pids) return _pids.TryGetValue(name, out var pid) ? pid : 0; }

    /// <summary>Starts the node and waits until every process answers /health/ready; returns the time that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan timeout)
    {
        if (!File.Exists(Devtool)) throw new InvalidOperationException($"{Devtool} not found: build first (./build.sh)");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Devtool, "up", $"--configuration={_configuration}" }.Concat(upArguments)) start.ArgumentList.Add(a);
        // Devtool waits for each process as long as this run waits for the node.
        start.Environment["TR_UP_READY_SECONDS"] = ((int)timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The one setting that differs from Up (inherited by the supervisor's processes): the gateway's per-caller limit
        // (300 requests a minute) would otherwise be what is measured.
        start.Environment["RateLimiting__PermitsPerWindow"] = RateLimitForTheRun.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        _up = Process.Start(start) ?? throw new InvalidOperationException("could not start the Devtool supervisor");
        _up.OutputDataReceived += (_, e) => OnLine(e.Data);
        _up.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _up.BeginOutputReadLine();
        _up.BeginErrorReadLine();
        var exited = _up.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited, Task.Delay(timeout));
        if (first != _ready.Task) throw new InvalidOperationException(first == exited ? $"the node's supervisor exited (code {_up.ExitCode}) before it was ready: see .local/logs" : $"the node was not ready after {timeout.TotalSeconds:0} s");
        return clock.Elapsed;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        if (line.StartsWith("[up]", StringComparison.Ordinal) || line.StartsWith("error", StringComparison.Ordinal)) Console.WriteLine($"[{Label}]   " + line);
        if (Started().Match(line) is { Success: true } m)
            lock (_pids)
            {
                _pids[m.Groups["name"].Value] = int.Parse(m.Groups["pid"].Value);
                if (m.Groups["port"].Success) _ports[m.Groups["name"].Value] = int.Parse(m.Groups["port"].Value);
            }
        if (line.StartsWith("All services are up", StringComparison.Ordinal)) _ready.TrySetResult();
    }

    /// <summary>VmRSS of each of the node's processes, in MB (Linux /proc; empty elsewhere).</summary>
    public Dictionary<string, double> ResidentMegabytes()
    {
        var rss = new Dictionary<string, double>();
        lock (_pids)
            foreach (var (name, pid) in _pids)
            {
                var status = $"/proc/{pid}/status";
                if (!File.Exists(status)) continue;
                var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                if (line is not null && double.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb)) rss[name] = kb / 1024.0;
            }
        return rss;
    }

    /// <summary>A development bearer token, minted as `--target=Token` mints it (the gateway's `token` command in Development).</summary>
    public async Task<string> TokenAsync(string role, string jurisdiction, string organisation, string subject)
    {
        var gatewayDir = Path.Combine(_root, "gateway");
        var dll = Path.Combine(gatewayDir, "bin", _configuration, "net10.0", "TransnationalReferral.Gateway.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = gatewayDir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "token", $"--role={role}", $"--jurisdiction={jurisdiction}", $"--organisation={organisation}", $"--sub={subject}", "--hours=4" }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var token = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
        if (process.ExitCode != 0 || string.IsNullOrEmpty(token)) throw new InvalidOperationException($"the gateway's token command failed (exit code {process.ExitCode}): {error}");
        return token;
    }

    /// <summary>`down`, then waits for the supervisor to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_up is null || _up.HasExited) { _up?.Dispose(); return; }
        Console.WriteLine($"[{Label}] stopping the node (devtool down) …");
        var down = new ProcessStartInfo("dotnet") { WorkingDirectory = _root, UseShellExecute = false };
        foreach (var a in new[] { Devtool, "down", $"--configuration={_configuration}" }) down.ArgumentList.Add(a);
        using (var process = Process.Start(down)!) await process.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try { await _up.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { _up.Kill(entireProcessTree: true); }
        _up.Dispose();
    }
}
