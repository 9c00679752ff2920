using System.Diagnostics;
using System.Net.Sockets;

namespace TransnationalReferral.Testing;

/// <summary>
/// A real SMTP server process for the tests: Debian's aiosmtpd (package python3-aiosmtpd, installed by
/// deploy/local/tools.sh) on a free loopback port, writing every message it accepts to a Maildir the test reads.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly string _maildir;

    public int Port { get; }

    private SmtpTestServer(Process process, string maildir, int port) => (_process, _maildir, Port) = (process, maildir, port);

    /// <summary>The settings a service sends through it with (<c>Notifications:Smtp:*</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings(string from = "notifications@trm.test") => new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "none",
        ["Notifications:Smtp:From"] = from,
    };

    public static async Task<SmtpTestServer> StartAsync()
    {
        if (!File.Exists(Python) || Process.Start(new ProcessStartInfo(Python, "-c \"import aiosmtpd\"") { RedirectStandardError = true }) is not { } probe
            || !probe.WaitForExit(30_000) || probe.ExitCode != 0)
            Assert.Fail("The test SMTP server needs python3-aiosmtpd (deploy/local/tools.sh installs it).");
        // The Maildir is created by the server (an empty directory without tmp/, new/ and cur/ is not one).
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("trm-smtp-").FullName, "maildir");
        var port = FreePort();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir }) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpTestServer(process, maildir, port);
        await Eventually.TrueAsync($"the test SMTP server listening on port {port}", async () =>
        {
            if (process.HasExited) Assert.Fail($"aiosmtpd exited with {process.ExitCode}.");
            using var client = new TcpClient();
            try { await client.ConnectAsync("127.0.0.1", port); return true; }
            catch (SocketException) { return false; }
        });
        return server;
    }

    /// <summary>Every message received so far: headers and body as sent, quoted-printable soft line breaks and folded headers undone.</summary>
    public IReadOnlyList<string> Messages() =>
        new[] { "new", "cur" }.Select(d => Path.Combine(_maildir, d)).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles).Select(File.ReadAllText)
            .Select(m => m.Replace("=\r\n", "").Replace("=\n", "").Replace("=3D", "=").Replace("\r\n ", " ").Replace("\n ", " ")).ToList();

    /// <summary>Waits for a message whose text contains every one of <paramref name="fragments"/>.</summary>
    public Task<string> WaitForAsync(string what, params string[] fragments) =>
        Eventually.GetAsync(what, () => Task.FromResult(Messages().FirstOrDefault(m => fragments.All(f => m.Contains(f, StringComparison.Ordinal)))), TimeSpan.FromSeconds(30));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(_maildir)!, recursive: true); } catch (IOException) { }
    }
}
