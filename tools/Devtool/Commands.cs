namespace TransnationalReferral.Devtool;

public static class Commands
{
    /// <summary>
    /// Rebuilds a service's read models from its events (its `rebuild` command, against the local node's database), with
    /// its progress lines. The service must not be running.
    /// </summary>
    public static int Rebuild(Repository repo, string name, string projection)
    {
        var svc = Node.Services.FirstOrDefault(s => s.Name == name)
            ?? throw new DevtoolException($"--service=<name> is required: one of {string.Join(", ", Node.Services.Select(s => s.Name))}");
        if (Repository.PortTaken(svc.Port)) throw new DevtoolException($"{svc.Name} is running on port {svc.Port}: stop it before rebuilding its read models");
        List<string> args = [repo.OutputDll(svc), "rebuild"];
        if (projection.Length > 0) args.Add(projection);
        var exit = Repository.Dotnet(args, repo.ProjectDirectory(svc), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Marten"] = Node.Need(svc.PgVariable!, "not set by Infra"),
            ["ConnectionStrings__RabbitMq"] = Node.RabbitFor(svc, warn: false),
        });
        return exit == 0 ? 0 : throw new DevtoolException($"{svc.Name} rebuild failed (exit code {exit})");
    }

    /// <summary>dotnet publish of the five services and the gateway, each into &lt;output&gt;/&lt;name&gt;.</summary>
    public static int Publish(Repository repo, string output)
    {
        foreach (var svc in Node.Services.Append(Node.Gateway))
        {
            var exit = Repository.Dotnet(["publish", Path.Combine(repo.Root, svc.Project), "-c", repo.Configuration, "-o", Path.Combine(output, svc.Name), "--nologo", "-v", "minimal"], repo.Root);
            if (exit != 0) throw new DevtoolException($"dotnet publish {svc.Project} failed (exit code {exit})");
        }
        return 0;
    }
}
