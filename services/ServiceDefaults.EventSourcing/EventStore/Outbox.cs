using System.Diagnostics;
using System.Diagnostics.Metrics;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Subscriptions;
using MassTransit;
using Polly;
using Polly.Retry;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// A service's one explicit map from its domain events to the integration events it publishes
/// (<c>Integration/Outgoing.cs</c>). Events that map to null stay inside the service.
/// </summary>
public interface IOutgoingMap
{
    object? ToIntegrationEvent(IEvent @event);
}

/// <summary>
/// The outbox: a Marten subscription, run by the async daemon, that publishes each committed domain
/// event's integration event with MassTransit. The subscription's progress is stored in PostgreSQL and
/// only advances after the page was published (with broker confirms), so a process that dies between
/// commit and publish publishes on its next start. The message id is the Marten event id: a page that is
/// published twice carries the same ids, and consumers drop the duplicate.
/// </summary>
public sealed class OutboxPublisher : SubscriptionBase
{
    public const string SubscriptionNameValue = "outbox";
    public static readonly ActivitySource ActivitySource = new("TransnationalReferral.Outbox");
    private static readonly Meter Meter = new("TransnationalReferral.Outbox");
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("trm.outbox.published", description: "Integration events published by the outbox");

    private readonly IBus _bus;
    private readonly IOutgoingMap _map;
    private readonly ILogger<OutboxPublisher> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly int _concurrency;
    private readonly TimeSpan _publishTimeout;

    public OutboxPublisher(IBus bus, IOutgoingMap map, IConfiguration configuration, ILogger<OutboxPublisher> logger)
    {
        _bus = bus;
        _map = map;
        _logger = logger;
        // How many streams of a page are published at once (Outbox:Concurrency; 1 publishes the page event by event).
        _concurrency = Math.Max(1, configuration.GetValue("Outbox:Concurrency", 32));
        _publishTimeout = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Outbox:PublishTimeoutSeconds", 30.0)));
        Name = SubscriptionNameValue;
        Options.BatchSize = 200;
        // Never give up on a committed decision: keep retrying (capped back-off) until the broker takes it
        // or the host stops; then the page is rolled back and retried on the next start.
        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            MaxDelay = TimeSpan.FromSeconds(15),
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
            OnRetry = args =>
            {
                _logger.LogWarning(args.Outcome.Exception, "Outbox publish failed (attempt {Attempt}); retrying in {Delay}", args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        }).Build();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // The page's streams are published concurrently, each stream's events one after another in the order they were
        // committed: the order per case is kept, and a page waits for its longest stream instead of for every broker
        // confirm in turn. The progress still advances only once the whole page is published.
        var streams = page.Events
            .Select(e => (Event: e, Message: _map.ToIntegrationEvent(e)))
            .Where(p => p.Message is not null)
            .GroupBy(p => p.Event.StreamId);
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = _concurrency, CancellationToken = cancellationToken }, async (stream, ct) =>
        {
            foreach (var (@event, message) in stream)
                await _retry.ExecuteAsync(c => new ValueTask(PublishWithinAsync(@event, message!, c)), ct);
        });
        return NullChangeListener.Instance;
    }

    /// <summary>
    /// One attempt, bounded by <c>Outbox:PublishTimeoutSeconds</c> (30): after RabbitMQ was killed, a publish could wait
    /// for a confirmation that never came, and the page — and with it every later decision — was never published (the
    /// chaos run found it). A timed-out attempt is retried like a failed one; publishing twice is harmless (same message
    /// id, consumers drop the duplicate).
    /// </summary>
    private async Task PublishWithinAsync(IEvent @event, object message, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_publishTimeout);
        try
        {
            await PublishAsync(@event, message, limit.Token).WaitAsync(_publishTimeout + TimeSpan.FromSeconds(1), ct);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The broker did not take the message within {_publishTimeout.TotalSeconds:0} s", e);
        }
    }

    private async Task PublishAsync(IEvent @event, object message, CancellationToken ct)
    {
        // Continue the trace of the request that took the decision.
        ActivityContext.TryParse(@event.Header(AuditHeaders.TraceParent), null, out var parent);
        using var activity = ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("trm.event.type", @event.EventTypeName);
        activity?.SetTag("trm.event.sequence", @event.Sequence);

        await _bus.Publish(message, message.GetType(), context =>
        {
            context.MessageId = @event.Id;
            if (Guid.TryParse(@event.CorrelationId, out var correlation)) context.CorrelationId = correlation;
            else if (@event.CorrelationId is { } traceId) context.Headers.Set("trm-correlation-id", traceId);
            context.Headers.Set("trm-source-stream", @event.StreamId.ToString());
            context.Headers.Set("trm-source-version", @event.Version);
            context.Headers.Set("trm-source-event", @event.EventTypeName);
        }, ct);
        Published.Add(1, new KeyValuePair<string, object?>("message_type", message.GetType().Name));
    }
}
