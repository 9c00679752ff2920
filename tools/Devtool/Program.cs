using TransnationalReferral.Devtool;

// The build's helper, run by build.cake (dotnet tools/Devtool/bin/<configuration>/net10.0/TransnationalReferral.Devtool.dll):
//   up [--nodes=1|2] [--instances=N] [--restart]   run the five services and the gateway (or two nodes; or N instances of every
//                                    service) until Ctrl-C or `down` (--restart: a process that exits is started again)
//   down                             stop the running `up`
//   test [--filter=…] [--results=…]  run every tests/**/*.Tests.csproj and report per project (needs the build)
//   report [--results=…]             the same report from the TRX files already in artifacts/test-results
//   rebuild --service=<name> [--projection=<name>]   rebuild a service's read models from its events
//   publish [--output=…]             dotnet publish of the services and the gateway
//   errors [--queue=<name>|--all] [--vhost=…]   list the _error queues, or move one's (or all) messages back after a fix
// common: --configuration=Release|Debug (which build output to run). Variables: those deploy/local/infra.sh writes.
var options = args.Skip(1).Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");
string Option(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;

try
{
    var repo = Repository.Find(Option("configuration", "Release"));
    var artifacts = Path.Combine(repo.Root, "artifacts");
    return args.FirstOrDefault() switch
    {
        "up" => Supervisor.Up(repo, int.TryParse(Option("nodes", "1"), out var nodes) ? nodes : 0, int.TryParse(Option("instances", "1"), out var instances) ? instances : 0,
            Option("restart", "false") != "false"),
        "down" => Supervisor.Down(repo),
        "test" => TestReport.Test(repo, Path.GetFullPath(Option("results", Path.Combine(artifacts, "test-results"))), Option("filter", "")),
        "report" => TestReport.Report(Path.GetFullPath(Option("results", Path.Combine(artifacts, "test-results")))),
        "rebuild" => Commands.Rebuild(repo, Option("service", ""), Option("projection", "")),
        "publish" => Commands.Publish(repo, Path.GetFullPath(Option("output", Path.Combine(artifacts, "publish")))),
        "errors" => ErrorQueues.Run(Option("queue", ""), Option("all", "false") == "true", Option("vhost", "")),
        _ => throw new DevtoolException("usage: devtool up [--nodes=1|2] [--instances=N] [--restart] | down | test [--filter=…] | report [--results=<dir>] | rebuild --service=<name> [--projection=<name>] | publish [--output=<dir>] | errors [--queue=<name>|--all] [--vhost=<name>]  [--configuration=Release|Debug]"),
    };
}
catch (DevtoolException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
