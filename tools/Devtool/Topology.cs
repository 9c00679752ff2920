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
        foreach (var (svc, env) in launches.Where(l => l.Svc.PgVariable is not null))
        {
            Console.WriteLine($"[up] {svc.Name}: declaring its exchanges, queues and bindings");
            var exit = Repository.Dotnet([repo.OutputDll(svc), "topology"], repo.ProjectDirectory(svc), env);
            if (exit != 0) throw new DevtoolException($"{svc.Name} topology failed (exit code {exit}); is RabbitMQ up?");
        }
        var limit = int.TryParse(Environment.GetEnvironmentVariable("TR_DELIVERY_LIMIT"), out var configured) && configured > 0 ? configured : DeliveryLimits.DefaultLimit;
        using var management = BrokerManagement.Client();
        foreach (var vhost in launches.Where(l => l.Svc.PgVariable is not null).Select(l => BrokerManagement.VhostOf(l.Env["ConnectionStrings__RabbitMq"])).Distinct())
            new DeliveryLimits(management, vhost, Console.Out).ApplyAsync(limit).GetAwaiter().GetResult();
    }
}
