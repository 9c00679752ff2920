namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// deploy/prometheus and deploy/grafana work: promtool accepts the configuration, the alert rules and every dashboard
/// query, and every metric a rule or a dashboard queries is exported by a running node after a scripted set of
/// decisions (trm_*, http_*, messaging_*, db_* by the services and the gateway; rabbitmq_* by the broker's plugin).
/// promtool is Debian's prometheus package, installed by the build (deploy/local/tools.sh).
/// </summary>
public class MonitoringDeploymentTests
{
    private static readonly string Root = FindRoot();
    private static string Deploy(string path) => Path.Combine(Root, "deploy", path);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TransnationalReferral.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static (int Exit, string Output) Promtool(params string[] args)
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
            ?? throw new AssertionException("promtool is not installed: run deploy/local/tools.sh (as root on Debian: apt-get install prometheus); ./build.sh --target=Test does.");
        var start = new ProcessStartInfo(promtool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000);
        return (process.ExitCode, output.Result + error.Result);
    }

    private static IEnumerable<string> RuleFiles => Directory.GetFiles(Deploy("prometheus/rules"), "*.yml");

    private static IReadOnlyList<string> RuleExpressions => RuleFiles
        .SelectMany(File.ReadAllLines).Select(l => Regex.Match(l, @"^\s*expr:\s*(.+)$")).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();

    private static IReadOnlyList<(string Dashboard, string Panel, string Expr)> DashboardExpressions => Directory.GetFiles(Deploy("grafana/dashboards"), "*.json")
        .SelectMany(file =>
        {
            var dashboard = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            return dashboard.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray()
                .Select(t => (dashboard.GetProperty("title").GetString()!, p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)));
        }).ToList();

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"];

    /// <summary>The metric names a PromQL expression selects (strings, label matchers, groupings and ranges removed first).</summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        var s = Regex.Replace(expr, "\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        s = Regex.Replace(s, @"\{[^}]*\}", "{}");
        s = Regex.Replace(s, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ");
        s = Regex.Replace(s, @"\[[^\]]*\]", " ");
        return Regex.Matches(s, @"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*(?!\s*\()(?![\w])").Select(m => m.Value).Where(n => !Keywords.Contains(n.ToLowerInvariant()));
    }

    [Test]
    public void Promtool_accepts_the_configuration_and_the_alert_rules_and_they_fire_as_tested()
    {
        // The scrape jobs present the node's /metrics credential from ../../.local/metrics-token, which promtool requires to
        // exist (deploy/local/infra.sh up generates it; a checkout that never ran it gets a throwaway one, gitignored).
        var token = Path.Combine(Root, ".local", "metrics-token");
        if (!File.Exists(token))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(token)!);
            File.WriteAllText(token, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        var config = Promtool("check", "config", Deploy("prometheus/prometheus.yml"));
        Assert.That(config.Exit, Is.EqualTo(0), config.Output);
        var rules = Promtool(["check", "rules", .. RuleFiles]);
        Assert.That(rules.Exit, Is.EqualTo(0), rules.Output);
        Assert.That(rules.Output, Does.Contain("SUCCESS"));
        var unitTests = Promtool(["test", "rules", .. Directory.GetFiles(Deploy("prometheus/tests"), "*.yml")]);
        Assert.That(unitTests.Exit, Is.EqualTo(0), "the alerts fire on the series the services export (deploy/prometheus/tests):\n" + unitTests.Output);
        var names = RuleExpressions.SelectMany(MetricNames).ToHashSet();
        Assert.That(names, Is.SupersetOf(new[] { "trm_reflection_periods", "trm_cross_border_requests", "trm_bus_error_queue_messages", "trm_outbox_lag_seconds", "up" }),
            "alerts on expiring reflection periods, overdue cross-border requests, _error queues, outbox lag and services down");
    }

    [Test]
    public void Every_dashboard_query_is_valid_PromQL()
    {
        var expressions = DashboardExpressions;
        Assert.That(expressions.Select(e => e.Dashboard).Distinct().Count(), Is.EqualTo(2), "an ops dashboard and a monitoring & evaluation dashboard");
        var file = Path.Combine(Path.GetTempPath(), $"trm-dashboard-queries-{Guid.NewGuid():N}.yml");
        var yaml = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (var i = 0; i < expressions.Count; i++) yaml.Append($"      - record: dashboard:query_{i}\n        expr: '{expressions[i].Expr.Replace("'", "''")}'\n");
        File.WriteAllText(file, yaml.ToString());
        try
        {
            var result = Promtool("check", "rules", file);
            Assert.That(result.Exit, Is.EqualTo(0), result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Every_metric_a_rule_or_dashboard_queries_is_exported_by_a_running_node()
    {
        await using var node = await Node.StartAsync(b => b.UseSetting("Ops:RefreshSeconds", "0.3").UseSetting("Statistics:MinimumCellSize", "1") // k = 1: these tests read single cases back (MetricsSuppressionTests holds k)
            );
        await ScriptedDecisions.RunAsync(node);

        var queried = RuleExpressions.Concat(DashboardExpressions.Select(d => d.Expr)).SelectMany(MetricNames)
            .Where(n => n != "up") // made by Prometheus itself for every scrape target
            .ToHashSet();
        Assert.That(queried, Is.SupersetOf(new[] { "trm_cases", "trm_compensation_amount", "trm_protection_referral_to_answer_seconds_bucket", "http_server_request_duration_seconds_bucket",
            "messaging_masstransit_consume_ea_total", "marten_outbox_all_gap", "db_client_connections_usage", "rabbitmq_detailed_queue_messages" }), "the queries are read (not an empty check)");
        var ours = queried.Where(n => !n.StartsWith("rabbitmq_", StringComparison.Ordinal)).ToList();
        var broker = queried.Where(n => n.StartsWith("rabbitmq_", StringComparison.Ordinal)).ToList();

        ISet<string> exported = new HashSet<string>();
        try
        {
            await Eventually.TrueAsync("every queried metric on the node's /metrics", async () =>
            {
                exported = new HashSet<string>();
                foreach (var host in node.Services.Values.Append(node.Gateway))
                    exported.UnionWith(PrometheusText.Families(await PrometheusText.ScrapeAsync(host)));
                return ours.All(exported.Contains);
            }, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Queried but not exported: {string.Join(", ", ours.Where(n => !exported.Contains(n)).Order())}");
        }

        var prometheus = await BrokerPrometheusAsync();
        if (prometheus is null)
        {
            Assert.Warn($"RabbitMQ's prometheus plugin does not answer (TR_RABBITMQ_PROMETHEUS); not checked: {string.Join(", ", broker)}");
            return;
        }
        using var client = new HttpClient { BaseAddress = prometheus };
        var brokerNames = PrometheusText.Families([
            .. PrometheusText.Parse(await client.GetStringAsync("/metrics")),
            .. PrometheusText.Parse(await client.GetStringAsync("/metrics/detailed?family=queue_coarse_metrics")),
        ]);
        Assert.That(broker.Where(n => !brokerNames.Contains(n)), Is.Empty, "rabbitmq_* queried but not exported by the broker");
    }

    private static async Task<Uri?> BrokerPrometheusAsync()
    {
        var management = Environment.GetEnvironmentVariable("TR_RABBITMQ_MANAGEMENT") is { Length: > 0 } m ? new Uri(m) : null;
        var candidates = new[] { Environment.GetEnvironmentVariable("TR_RABBITMQ_PROMETHEUS") }
            .Concat(management is null ? [] : [$"http://{management.Host}:55675", $"http://{management.Host}:15692"])
            .Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => new Uri(c!));
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        foreach (var candidate in candidates)
        {
            try
            {
                if ((await probe.GetAsync(new Uri(candidate, "/metrics"))).IsSuccessStatusCode) return candidate;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        return null;
    }
}
