using System.Collections.Concurrent;
using System.Net.Sockets;
using Npgsql;

namespace TransnationalReferral.Testing;

/// <summary>
/// A TCP proxy to a server (PostgreSQL in the outage tests): while cut, open connections are dropped and new ones closed
/// as they arrive, as when the server is away; restored, it passes connections through again.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _cut;

    public CuttableProxy(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        foreach (var client in _open.Keys) client.Dispose();
    }

    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient incoming;
            try { incoming = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            if (_cut) { incoming.Dispose(); continue; }
            _ = PipeAsync(incoming);
        }
    }

    private async Task PipeAsync(TcpClient incoming)
    {
        using var outgoing = new TcpClient();
        _open[incoming] = 0;
        _open[outgoing] = 0;
        try
        {
            await outgoing.ConnectAsync(_host, _port, _stop.Token);
            var a = incoming.GetStream().CopyToAsync(outgoing.GetStream(), _stop.Token);
            var b = outgoing.GetStream().CopyToAsync(incoming.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception) { }
        finally
        {
            _open.TryRemove(incoming, out _);
            _open.TryRemove(outgoing, out _);
            incoming.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _open.Keys) client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A proxy to the database and the database's connection string through it (short timeouts, so an outage shows at once).</summary>
    public static (CuttableProxy Proxy, string ConnectionString) For(TestDatabase database)
    {
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var proxy = new CuttableProxy(direct.Host!, direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 5, CommandTimeout = 10 };
        return (proxy, proxied.ConnectionString);
    }
}
