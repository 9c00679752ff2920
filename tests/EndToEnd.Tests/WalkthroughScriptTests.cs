namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The README's walk-through is <c>deploy/local/walkthrough.sh</c>, and it works: the script runs against a whole node
/// behind the gateway (bash, curl, jq — the build installs jq with deploy/local/tools.sh), with tokens for this test
/// run's key from <c>TRM_TOKEN_COMMAND</c> instead of <c>./build.sh --target=Token</c>, and finishes every step of the
/// adult path and the child path, showing the child's refused referral with its rule.
/// </summary>
public class WalkthroughScriptTests : NodeFixture
{
    [Test]
    public async Task The_walkthrough_script_runs_every_step_of_the_adult_and_the_child_path_against_a_node()
    {
        using var tokens = new TokenServer();
        var directory = Directory.CreateTempSubdirectory("trm-walkthrough-");
        try
        {
            // The token command the script calls with --role= --jurisdiction= --organisation= --sub=: asks this test for a token.
            var tokenCommand = Path.Combine(directory.FullName, "token.sh");
            await File.WriteAllTextAsync(tokenCommand,
                "#!/usr/bin/env bash\nset -euo pipefail\nquery=''\nfor arg in \"$@\"; do arg=\"${arg#--}\"; query+=\"${query:+&}${arg}\"; done\n" +
                $"curl -sSf \"{tokens.Address}?$query\"\n");

            var (exit, output) = await RunAsync("bash", [Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/local/walkthrough.sh")], new()
            {
                ["GATEWAY"] = Node.Gateway.ToString().TrimEnd('/'),
                ["TRM_TOKEN_COMMAND"] = $"bash {tokenCommand}",
                ["WAIT_SECONDS"] = "60",
            });
            TestContext.Out.WriteLine(output);

            Assert.That(exit, Is.EqualTo(0), output);
            foreach (var step in Enumerable.Range(1, 15))
                Assert.That(output, Does.Contain($"\n== {step}. "), $"step {step} printed");
            Assert.That(output, Does.Contain("\"childStatus\":\"presumed-child\""), "the second case is a presumed child");
            Assert.That(output, Does.Contain("type=child-best-interests-first"), "the child's first referral refused by its rule");
            Assert.That(output, Does.Match("next=.*best-interests-assessment"), "the refusal says what to do next");
            Assert.That(output, Does.Contain("decisions in Identification"), "the history read as an auditor");
            Assert.That(output, Does.Contain("entries by service"), "the cross-service timeline read as an auditor");
            Assert.That(output, Does.Contain("walk-through complete"));
            Assert.That(tokens.Issued, Is.SupersetOf(new[] { "FocalPoint", "Auditor", "ServiceProvider" }), "the script asked for each caller's own token");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BrokerAdmin.RepositoryRoot() };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw new AssertionException($"the walk-through did not finish within 5 minutes:\n{await output}\n{await error}"); }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Answers GET ?role=&amp;jurisdiction=&amp;organisation=&amp;sub= with a token signed by this test run's key (<see cref="TestTokens"/>).</summary>
    private sealed class TokenServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        public string Address { get; }
        public List<string> Issued { get; } = [];

        public TokenServer()
        {
            var port = FreePort();
            Address = $"http://127.0.0.1:{port}/token/";
            _listener.Prefixes.Add(Address);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        private static int FreePort()
        {
            using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var query = context.Request.QueryString;
                var role = query["role"] ?? "";
                lock (Issued) Issued.Add(role);
                var token = TestTokens.For(role, query["jurisdiction"] ?? "NL", query["organisation"] ?? "nl-focal-point", query["sub"] ?? "test-user");
                var bytes = Encoding.UTF8.GetBytes(token + "\n");
                context.Response.ContentType = "text/plain";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
