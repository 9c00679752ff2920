namespace TransnationalReferral.Devtool;

/// <summary>A process of a node: name, project, port, the PostgreSQL connection-string variable infra.sh writes, and which instance of its service it is (1, 2, …).</summary>
public sealed record ServiceDef(string Name, string Project, int Port, string? PgVariable, int Instance = 1);

/// <summary>
/// The five services and the gateway, and what each one is started with: one node (the services and the gateway as
/// configured; with <c>--instances=N</c>, N processes of every service, instance i on the service's port + 10 × (i − 1),
/// all behind the one gateway), or two nodes AT and NG side by side (ports +0 and +100, gateways 8080 and 8081), each with
/// its own databases and vhost, linked by the cross-border exchange. Every variable read here is written by deploy/local/infra.sh
/// (.local/infra.env, .local/two-nodes.env) and set by build.cake's Infra target.
/// </summary>
public static class Node
{
    public static readonly IReadOnlyList<ServiceDef> Services =
    [
        new("identification", "services/Identification/TransnationalReferral.Identification.csproj", 5101, "TR_PG_IDENTIFICATION"),
        new("protection", "services/Protection/TransnationalReferral.Protection.csproj", 5102, "TR_PG_PROTECTION"),
        new("return", "services/Return/TransnationalReferral.Return.csproj", 5103, "TR_PG_RETURN"),
        new("remedies", "services/Remedies/TransnationalReferral.Remedies.csproj", 5104, "TR_PG_REMEDIES"),
        new("judicial", "services/JudicialCooperation/TransnationalReferral.JudicialCooperation.csproj", 5105, "TR_PG_JUDICIAL"),
    ];

    public static readonly ServiceDef Gateway = new("gateway", "gateway/TransnationalReferral.Gateway.csproj", 8080, null);

    /// <summary>At most 9 instances: instance i listens on the service's port + 10 × (i − 1), so 5101–5185 stay clear of the two-node mode's 5201–5205.</summary>
    public const int MaxInstances = 9;

    /// <summary>
    /// The service's processes: itself when <paramref name="instances"/> is 1 (name and port as ever); else
    /// <c>{name}-1</c> … <c>{name}-N</c> (each its own log, <c>identification-2.log</c>) on ports +0, +10, +20, ….
    /// </summary>
    public static IEnumerable<ServiceDef> InstancesOf(ServiceDef svc, int instances) => instances == 1
        ? [svc]
        : Enumerable.Range(0, instances).Select(i => svc with { Name = $"{svc.Name}-{i + 1}", Port = svc.Port + 10 * i, Instance = i + 1 });

    public static string Need(string variable, string hint) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : throw new DevtoolException($"{variable} {hint}");

    /// <summary>
    /// Each service connects to RabbitMQ as its own user (TR_RABBITMQ_&lt;SERVICE&gt;, written by infra.sh: limited to that
    /// service's queues and exchanges); TR_RABBITMQ (the administrator) only where no such user exists.
    /// </summary>
    public static string RabbitFor(ServiceDef svc, bool warn = true)
    {
        var own = Environment.GetEnvironmentVariable("TR_RABBITMQ_" + svc.Name.ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(own)) return own;
        if (warn) Console.Error.WriteLine($"[up] warning: TR_RABBITMQ_{svc.Name.ToUpperInvariant()} is not set: {svc.Name} connects to RabbitMQ with TR_RABBITMQ");
        return Environment.GetEnvironmentVariable("TR_RABBITMQ") ?? "";
    }

    /// <summary>EventStore:ApplySchemaAtStartup=false: Up migrates first, the services check (see the first launch).</summary>
    private static readonly KeyValuePair<string, string> SchemaCheckedOnly = new("EventStore__ApplySchemaAtStartup", "false");

    public static List<(ServiceDef Svc, Dictionary<string, string> Env)> Launches(int nodes, int instances, string metricsToken, Func<string, string>? checkpointKey = null)
    {
        var launches = new List<(ServiceDef Svc, Dictionary<string, string> Env)>();
        if (nodes == 1)
        {
            Need("TR_RABBITMQ", "not set by Infra");
            var gatewayEnv = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://localhost:{Gateway.Port}" };
            foreach (var svc in Services)
            {
                // Every instance shares the service's database and RabbitMQ user (competing consumers on its queues);
                // Node__Instance names it in its telemetry (OpenTelemetry service.instance.id).
                var processes = InstancesOf(svc, instances).ToList();
                foreach (var process in processes)
                    launches.Add((process, new Dictionary<string, string>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Development",
                        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{process.Port}",
                        ["Node__Instance"] = process.Name,
                        // Migrated before they start (Migration.MigrateAll), as a deployment's migration Job does: the services
                        // only check their schema at start, as in Production, instead of each applying it again and Marten
                        // checking each document's table at its first use under a lock of five seconds (a restarted instance
                        // on a busy machine answered its first requests 500 "Timed out … applying the schema for RegisteredCase").
                        [SchemaCheckedOnly.Key] = SchemaCheckedOnly.Value,
                        ["ConnectionStrings__Marten"] = Need(svc.PgVariable!, "not set by Infra"),
                        ["ConnectionStrings__RabbitMq"] = RabbitFor(svc, warn: process == processes[0]),
                    }));
                // One checkpoint key per service, whatever the number of its processes (a checkpoint one instance signed is
                // the service's own to the others and to itself after a restart).
                if (checkpointKey is not null)
                    foreach (var (process, env) in launches.Where(l => l.Svc.Project == svc.Project)) env["Audit__CheckpointKey"] = checkpointKey(svc.Name);
                gatewayEnv[$"Services__{svc.Name}"] = string.Join(",", processes.Select(p => $"http://127.0.0.1:{p.Port}"));
            }
            launches.Add((Gateway, gatewayEnv));
        }
        else
        {
            const string hint = "is not set (deploy/local/infra.sh two-nodes writes .local/two-nodes.env)";
            foreach (var (node, offset, gatewayPort, partner) in new[] { ("AT", 0, 8080, "NG"), ("NG", 100, 8081, "AT") })
            {
                var prefix = node.ToLowerInvariant();
                foreach (var svc in Services)
                {
                    var key = svc.PgVariable!["TR_PG_".Length..];
                    // Every service consumes a cross-border inbox: Return the node's default one; Identification, Protection,
                    // Remedies and JudicialCooperation their own (identification assistance, protection continuity and witness
                    // relocation, compensation, MLA).
                    launches.Add((svc with { Name = $"{prefix}-{svc.Name}", Port = svc.Port + offset }, new Dictionary<string, string>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Development",
                        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{svc.Port + offset}",
                        ["Node__Jurisdiction"] = node,
                        [SchemaCheckedOnly.Key] = SchemaCheckedOnly.Value,
                        ["ConnectionStrings__Marten"] = Need($"TR_{node}_PG_{key}", hint),
                        ["ConnectionStrings__RabbitMq"] = Need($"TR_{node}_RABBITMQ_{key}", hint),
                        ["ConnectionStrings__CrossBorder"] = Need($"TR_{node}_CROSSBORDER", hint),
                        ["CrossBorder__DeclareTopology"] = "false",
                        ["CrossBorder__Receive"] = "true",
                        ["CrossBorder__SigningKey"] = File.ReadAllText(Need($"TR_{node}_SIGNING_KEY_FILE", hint)),
                        [$"CrossBorder__Partners__{partner}__PublicKey"] = Need($"TR_{partner}_PUBLIC_KEY", hint),
                    }));
                    // The bilateral identity key of AT and NG (keyed hashes of identity documents, non-punishment across nodes):
                    // its id to every service, the key itself to Identification only.
                    if (Environment.GetEnvironmentVariable("TR_IDENTITY_KEY_FILE") is { Length: > 0 } identityKey && File.Exists(identityKey))
                    {
                        var env = launches[^1].Env;
                        env[$"CrossBorder__Partners__{partner}__IdentityKeyId"] = "dev1";
                        if (svc.Name == "identification") env[$"CrossBorder__Partners__{partner}__IdentityKeys__dev1"] = File.ReadAllText(identityKey).Trim();
                    }
                }
                // (Urls too: the gateway's appsettings.json names :8080, which ASPNETCORE_URLS does not override)
                var gatewayEnv = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ASPNETCORE_URLS"] = $"http://localhost:{gatewayPort}", ["Urls"] = $"http://localhost:{gatewayPort}", ["Node__Jurisdiction"] = node };
                foreach (var s in Services) gatewayEnv[$"Services__{s.Name}"] = $"http://127.0.0.1:{s.Port + offset}";
                launches.Add((Gateway with { Name = $"{prefix}-gateway", Port = gatewayPort }, gatewayEnv));
            }
        }
        foreach (var (_, env) in launches) env["Metrics__Token"] = metricsToken;
        // The other nodes of a RabbitMQ cluster (infra.sh resilient): each service may connect to any of them.
        if (Environment.GetEnvironmentVariable("TR_RABBITMQ_NODES") is { Length: > 0 } rabbitNodes) foreach (var (_, env) in launches) if (env.ContainsKey("ConnectionStrings__RabbitMq")) env["RabbitMq__ClusterNodes"] = rabbitNodes;
        return launches;
    }

    /// <summary>/metrics answers only this node's scrape credential (infra.sh generates it into .local; Prometheus reads the same file).</summary>
    public static string MetricsToken(Repository repo)
    {
        var file = Environment.GetEnvironmentVariable("TR_METRICS_TOKEN_FILE") ?? Path.Combine(repo.Local, "metrics-token");
        if (!File.Exists(file) || File.ReadAllText(file).Trim().Length == 0)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file).Trim();
    }

    public static void PrintBanner(int nodes, int instances, IEnumerable<ServiceDef> launched, TimeSpan elapsed, string logs)
    {
        Console.WriteLine();
        Console.WriteLine($"All services are up ({elapsed.TotalSeconds:0.0} s). Logs: {logs}/<name>.log");
        Console.WriteLine();
        if (nodes == 2)
        {
            Console.WriteLine("  Node AT (Austria)    http://localhost:8080/api/...   tokens: --jurisdiction=AT");
            Console.WriteLine("  Node NG (Nigeria)    http://localhost:8081/api/...   tokens: --jurisdiction=NG");
            Console.WriteLine("  Cross-border         vhosts trm-at and trm-ng, shovels between them (deploy/rabbitmq/); Identification, Protection, Return, Remedies and JudicialCooperation exchange requests and answers");
        }
        else Console.WriteLine("  API                  http://localhost:8080/api/...");
        if (instances > 1)
            Console.WriteLine($"  Instances            {instances} of every service behind the gateway (PowerOfTwoChoices; health checks on /health/ready; kill one and the gateway routes around it)");
        Console.WriteLine("  OpenAPI docs         http://localhost:8080/docs");
        Console.WriteLine("  Ops page             http://localhost:8080/ops  (token of role Ops or FocalPoint)");
        foreach (var s in launched) Console.WriteLine($"  {s.Name,-20} http://127.0.0.1:{s.Port}");
        Console.WriteLine($"  RabbitMQ management  {Environment.GetEnvironmentVariable("TR_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:55673"}  (user trm / trm-dev-password)");
        Console.WriteLine("  Bearer token         ./build.sh --target=Token --role=FocalPoint --jurisdiction=NL");
        Console.WriteLine("                       (TOKEN=$(./build.sh --target=Token --role=FocalPoint --jurisdiction=NL | tail -n1))");
        Console.WriteLine();
        Console.WriteLine("Press Ctrl-C (or run ./build.sh --target=Down) to stop.");
    }
}
