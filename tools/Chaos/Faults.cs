using System.Diagnostics;
using TransnationalReferral.Bench;

namespace TransnationalReferral.Chaos;

/// <summary>
/// One fault of the run: what is broken (<see cref="InjectAsync"/>), how long it stays broken, and what brings it back
/// (<see cref="RecoverAsync"/>; nothing for a killed process, which the supervisor restarts).
/// </summary>
public sealed record Fault(string Name, string Kind, Func<Task> InjectAsync, TimeSpan Down, Func<Task> RecoverAsync);

/// <summary>What happened to one fault: when, how long until every process was ready and a decision went through again.</summary>
/// <param name="LongestGapSeconds">The longest time, from the fault until every process was ready again, in which no case was accepted: the outage as clients saw it.</param>
public sealed record FaultOutcome(string Name, string Kind, double InjectedAt, double BackAt, double RecoveredAt, double RecoverySeconds, bool Recovered,
    int Answers, int Created, int Unavailable, int NoAnswer, int ServerErrors, double LongestGapSeconds, string? Problem);

/// <summary>The faults this machine can inject: processes of the node (kill -9), and the broker and the database of the local infrastructure.</summary>
public sealed class Faults(string root, LocalNode node, Action<string> say)
{
    /// <summary>kill -9 of one process of the node; the supervisor (Up with --restart) starts it again.</summary>
    public Fault KillProcess(string name) => new($"kill -9 {name}", "process", () =>
    {
        var pid = node.PidOf(name);
        if (pid == 0) throw new InvalidOperationException($"no pid known for {name}");
        say($"kill -9 {name} (pid {pid})");
        Process.GetProcessById(pid).Kill();   // SIGKILL on Linux
        return Task.CompletedTask;
    }, TimeSpan.Zero, () => Task.CompletedTask);

    /// <summary>kill -9 of the local RabbitMQ node (.local/rabbitmq), started again by infra.sh up after <paramref name="down"/>.</summary>
    public Fault KillBroker(TimeSpan down) => new("kill -9 RabbitMQ", "broker", () =>
    {
        var pidFile = Path.Combine(root, ".local", "rabbitmq", "rabbitmq.pid");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim());
        say($"kill -9 RabbitMQ (pid {pid})");
        Process.GetProcessById(pid).Kill();
        return Task.CompletedTask;
    }, down, async () => await InfraAsync("up"));

    /// <summary>The local PostgreSQL stopped in immediate mode (as a crash: no checkpoint, connections cut), started again by infra.sh up.</summary>
    public Fault StopDatabase(TimeSpan down) => new("PostgreSQL stopped (immediate)", "database", async () =>
    {
        var data = Path.Combine(root, ".local", "pg", "data");
        if (new DirectoryInfo(data).LinkTarget is { } target) data = target;
        say("pg_ctl stop -m immediate");
        await RunAsync("runuser", ["-u", "postgres", "--", "/usr/lib/postgresql/15/bin/pg_ctl", "-D", data, "stop", "-m", "immediate"]);
    }, down, async () => await InfraAsync("up"));

    /// <summary>kill -9 of node <paramref name="n"/> of the resilient RabbitMQ cluster (infra.sh resilient), started again after <paramref name="down"/>.</summary>
    public Fault KillClusterNode(int n, TimeSpan down) => new($"kill -9 RabbitMQ node {n} of 3", "broker",
        () => InfraAsync("resilient", "fault", "rabbit-kill", $"{n}"), down, () => InfraAsync("resilient", "fault", "rabbit-start", $"{n}"));

    /// <summary>
    /// kill -9 of the resilient PostgreSQL's primary (its Patroni and postmaster): Patroni promotes the synchronous standby;
    /// after <paramref name="down"/> the old primary is started again and rejoins as the standby.
    /// </summary>
    public Fault KillPrimary(TimeSpan down)
    {
        var member = "";
        return new("kill -9 the PostgreSQL primary (failover)", "database", async () =>
        {
            member = (await InfraAsync("resilient", "status")).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("pg.primary=", StringComparison.Ordinal))?["pg.primary=".Length..]
                ?? throw new InvalidOperationException("infra.sh resilient status names no primary");
            say($"the primary is {member}");
            await InfraAsync("resilient", "fault", "pg-kill-primary");
        }, down, () => InfraAsync("resilient", "fault", "pg-start", member));
    }

    private Task<string> InfraAsync(params string[] args)
    {
        say($"deploy/local/infra.sh {string.Join(' ', args)}");
        return RunAsync(Path.Combine(root, "deploy", "local", "infra.sh"), args);
    }

    private async Task<string> RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (exit code {process.ExitCode}): {ClosedLoop.Shorten(await error + await output)}");
        return await output;
    }
}
