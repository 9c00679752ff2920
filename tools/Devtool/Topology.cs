namespace TransnationalReferral.Devtool;

/// <summary>
/// Before a node's services start, each declares its RabbitMQ topology (its <c>topology</c> command: exchanges, queues,
/// bindings) with the settings it will run with, so that an event one service publishes before another's first start
/// waits on the other's queue instead of being dropped. Then every quorum queue gets its delivery limit
/// (<see cref="DeliveryLimits"/>; TR_DELIVERY_LIMIT, default 20).
/// </summary>
public static class Topology
{
    public static void DeployAll(Repository repo, IEnumerable<(ServiceDef Svc, Dictionary<string, string> Env)> launches)
    {
        // Once per service (its instances declare the same), the services side by side.
        var services = launches.Where(l => l.Svc.PgVariable is not null && l.Svc.Instance == 1).ToList();
        Console.WriteLine($"[up] declaring the exchanges, queues and bindings of {string.Join(", ", services.Select(l => l.Svc.Name))} …");
        var failed = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(services, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, launch =>
        {
            var exit = Repository.Dotnet([repo.OutputDll(launch.Svc), "topology"], repo.ProjectDirectory(launch.Svc), launch.Env);
            if (exit != 0) failed.Add($"{launch.Svc.Name} (exit code {exit})");
        });
        if (!failed.IsEmpty) throw new DevtoolException($"declaring the topology failed for {string.Join(", ", failed)}; is RabbitMQ up?");
        var limit = int.TryParse(Environment.GetEnvironmentVariable("TR_DELIVERY_LIMIT"), out var configured) && configured > 0 ? configured : DeliveryLimits.DefaultLimit;
        using var management = BrokerManagement.Client();
        foreach (var vhost in launches.Where(l => l.Svc.PgVariable is not null).Select(l => BrokerManagement.VhostOf(l.Env["ConnectionStrings__RabbitMq"])).Distinct())
            new DeliveryLimits(management, vhost, Console.Out).ApplyAsync(limit).GetAwaiter().GetResult();
    }
}
