using System.Diagnostics;

namespace TransnationalReferral.Devtool;

/// <summary>
/// Before a node's services start, each applies its database schema (its <c>migrate</c> command: Marten's documents and
/// event store, the access-log triggers, the cross-border ledger's tables) with the settings it will run with — as the
/// migration Job does in a deployment. Once per service (its instances share the database), the services side by side,
/// each line of their output prefixed with the service's name. The services then start on a current schema and, as in
/// Production, only check it (EventStore:ApplySchemaAtStartup=false, Node.Launches).
/// </summary>
public static class Migration
{
    public static void MigrateAll(Repository repo, IEnumerable<(ServiceDef Svc, Dictionary<string, string> Env)> launches)
    {
        var services = launches.Where(l => l.Svc.PgVariable is not null && l.Svc.Instance == 1).ToList();
        Console.WriteLine($"[up] migrating the databases of {string.Join(", ", services.Select(l => l.Svc.Name))} …");
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(services, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, launch =>
        {
            var (exit, output) = Run(repo, launch.Svc, launch.Env);
            lock (Console.Out)
                foreach (var line in output) Console.WriteLine($"[up] {launch.Svc.Name}: {line}");
            if (exit != 0) failed.Add($"{launch.Svc.Name} (exit code {exit})");
        });
        if (!failed.IsEmpty) throw new DevtoolException($"migrating the database failed for {string.Join(", ", failed)} (see the lines above); is PostgreSQL up?");
        Console.WriteLine($"[up] schemas current ({clock.Elapsed.TotalSeconds:F1} s)");
    }

    private static (int Exit, IReadOnlyList<string> Output) Run(Repository repo, ServiceDef svc, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repo.ProjectDirectory(svc), UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(repo.OutputDll(svc));
        start.ArgumentList.Add("migrate");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        process.WaitForExit();
        lines.AddRange(error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return (process.ExitCode, lines);
    }
}
