using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A running node opens no connection but to its configured PostgreSQL and RabbitMQ (no OTLP or partner endpoint is
/// configured here): MassTransit's usage telemetry, which would post to its vendor over HTTPS, is off.
/// </summary>
public class NothingPhonesHomeTests
{
    private sealed record Socket(IPEndPoint Local, IPEndPoint Remote, string State);

    /// <summary>The TCP sockets this process holds (its socket inodes among /proc/self/net/tcp and tcp6, which list the whole network namespace).</summary>
    private static IReadOnlyList<Socket> OwnSockets()
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
            }
            catch (IOException) { } // closed meanwhile
            catch (UnauthorizedAccessException) { }
        }
        var sockets = new List<Socket>();
        foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length < 10 || !inodes.Contains(columns[9])) continue;
                sockets.Add(new Socket(EndPoint(columns[1]), EndPoint(columns[2]), columns[3]));
            }
        }
        return sockets;
    }

    private static IPEndPoint EndPoint(string hex)
    {
        var (address, port) = (hex.Split(':')[0], int.Parse(hex.Split(':')[1], NumberStyles.HexNumber));
        // The kernel prints the address as 32-bit words in host (little-endian) order.
        var bytes = Enumerable.Range(0, address.Length / 8)
            .SelectMany(w => Enumerable.Range(0, 4).Select(b => Convert.ToByte(address.Substring(w * 8 + (3 - b) * 2, 2), 16)))
            .ToArray();
        var ip = new IPAddress(bytes);
        return new IPEndPoint(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip, port);
    }

    private const string Listen = "0A";

    [Test]
    public async Task A_running_node_opens_no_connection_but_to_its_configured_PostgreSQL_and_RabbitMQ_and_never_reports_usage_telemetry()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        // The harness's own connections (the test runner, the broker's management API) exist before the node.
        var harness = OwnSockets().Where(s => s.State != Listen).Select(s => s.Remote).ToHashSet();

        var logs = new CapturingLoggerProvider();
        await using var node = await Node.StartAsync(builder =>
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Information));
            // MassTransit reports usage telemetry this long after the bus starts (30 s is its minimum); the test outlasts it.
            builder.ConfigureServices(services => services.Configure<UsageTelemetryOptions>(o => o.ReportDelay = TimeSpan.FromSeconds(30)));
        });

        var postgres = new NpgsqlConnectionStringBuilder(node.Databases["protection"].ConnectionString);
        var configured = new List<(string Host, int Port)> { (postgres.Host!, postgres.Port), (node.Bus.AmqpUri.Host, node.Bus.AmqpUri.Port) };
        var allowed = new HashSet<IPEndPoint>(harness);
        // The test's own client of the broker's management API (it creates and inspects the virtual host), not the node's.
        var harnessEndpoints = configured.Append((infrastructure.RabbitMqManagement.Host, infrastructure.RabbitMqManagement.Port));
        foreach (var (host, port) in harnessEndpoints)
            foreach (var address in await Dns.GetHostAddressesAsync(host))
                allowed.Add(new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port));

        var seen = new HashSet<string>();
        var strangers = new HashSet<string>();
        void Observe()
        {
            var sockets = OwnSockets();
            var ownPorts = sockets.Where(s => s.State == Listen).Select(s => s.Local.Port).ToHashSet();
            foreach (var socket in sockets.Where(s => s.State != Listen))
            {
                seen.Add(socket.Remote.ToString());
                var inbound = ownPorts.Contains(socket.Local.Port);                                   // a client of the node's own ports
                var toItself = IPAddress.IsLoopback(socket.Remote.Address) && ownPorts.Contains(socket.Remote.Port); // the gateway, the test client
                if (!inbound && !toItself && !allowed.Contains(socket.Remote)) strangers.Add($"{socket.Remote} ({socket.State})");
            }
        }

        using var client = node.Client(Roles.CaseWorker, "NL", "nl-ngo-a");
        var until = DateTime.UtcNow.AddSeconds(40);
        while (DateTime.UtcNow < until)
        {
            // The node works meanwhile: a case opened (outbox → RabbitMQ → every service's register), reads.
            var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            await client.GetAsync(opened.Headers.Location);
            for (var i = 0; i < 10; i++)
            {
                Observe();
                await Task.Delay(200);
            }
        }
        Observe();

        Assert.That(seen, Is.Not.Empty, "positive control: the node's connections were seen");
        Assert.That(allowed.Any(a => seen.Contains(a.ToString()) && a.Port == postgres.Port), "positive control: PostgreSQL connections were seen");
        Assert.That(strangers, Is.Empty, $"connections to endpoints nobody configured (configured: {string.Join(", ", configured)})");
        Assert.That(logs.Lines.Where(l => l.Contains("usage telemetry", StringComparison.OrdinalIgnoreCase) || l.Contains("UsageTracker", StringComparison.Ordinal)), Is.Empty,
            "MassTransit never reports (nor tries to report) usage telemetry");
    }
}
