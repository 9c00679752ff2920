using System.Collections.Concurrent;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>
/// Knows the service's receive endpoints (told by MassTransit as each becomes ready) and reads how many messages
/// wait in each one's <c>_error</c> queue with a passive declare on the broker — no management API, no extra
/// credentials: the service's own AMQP connection string.
/// </summary>
public sealed class ErrorQueueMonitor(IConfiguration configuration, ILogger<ErrorQueueMonitor> logger) : IReceiveEndpointObserver, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _queues = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public Task Ready(ReceiveEndpointReady ready)
    {
        var queue = ready.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (!string.IsNullOrEmpty(queue) && !ready.InputAddress.Query.Contains("temporary", StringComparison.OrdinalIgnoreCase)
            && !queue.Contains("_bus_", StringComparison.Ordinal))
            _queues.TryAdd(queue, 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;
    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public async Task<IReadOnlyList<QueueHealth>> ReadAsync(CancellationToken ct)
    {
        if (_queues.IsEmpty) return [];
        await _gate.WaitAsync(ct);
        try
        {
            var result = new List<QueueHealth>();
            foreach (var queue in _queues.Keys.Order())
            {
                var error = $"{queue}_error";
                if (await DepthAsync(error, ct) is { } depth) result.Add(new QueueHealth(error, depth));
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<long?> DepthAsync(string queue, CancellationToken ct)
    {
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null) await _connection.DisposeAsync();
                var uri = configuration.GetConnectionString("RabbitMq") ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not configured.");
                _connection = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "trm-ops-queue-depth" }.CreateConnectionAsync(Messaging.RabbitMqClusterNodes.Endpoints(configuration), ct);
            }
            await using var channel = await _connection.CreateChannelAsync(cancellationToken: ct);
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // no message ever failed on this endpoint: MassTransit creates the _error queue on the first fault
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Reading the depth of {Queue} failed", queue);
            return null; // unknown: left out rather than reported as a number
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
