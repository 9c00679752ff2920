using MassTransit;

namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose effect is applied once: the message id is recorded in the same Marten transaction as
/// the effect, so a redelivered message (or one the outbox published twice) is acknowledged and ignored.
/// The consumer's decisions are stamped with the service as actor and the message as cause.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    protected abstract Task HandleAsync(TMessage message, IDocumentSession session, DecisionContext context, CancellationToken ct);

    /// <summary>How often a delivery is applied again at once when its write conflicted with a concurrent one (then the bus's retry takes over).</summary>
    private const int ConflictAttempts = 8;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidMessageException("A message without a message id cannot be applied exactly once.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ApplyAsync(context, messageId);
                return;
            }
            catch (Exception e) when (attempt < ConflictAttempts && IsConflict(e))
            {
                // Another message changed the same documents since they were read: read again and re-decide.
                logger.LogInformation("Message {MessageId} conflicted with a concurrent update in {Consumer} (attempt {Attempt}); applying it again", messageId, GetType().Name, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * attempt)), context.CancellationToken);
            }
        }
    }

    /// <summary>A write that lost a race (optimistic concurrency, or an insert of a document inserted meanwhile): worth applying again.</summary>
    public static bool IsConflict(Exception e) => e switch
    {
        JasperFx.ConcurrencyException or Marten.Exceptions.ConcurrentUpdateException or ConcurrentChangeException => true,
        DocumentAlreadyExistsException d => d.DocType != typeof(ProcessedMessage),
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsConflict),
        _ => false,
    };

    private async Task ApplyAsync(ConsumeContext<TMessage> context, Guid messageId)
    {
        var consumer = GetType().Name;
        var id = $"{consumer}/{messageId:N}";

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<ProcessedMessage>(id, context.CancellationToken) is not null)
        {
            logger.LogInformation("Message {MessageId} already applied by {Consumer}; acknowledged without effect", messageId, consumer);
            return;
        }

        var actor = Actor.System(service.Name, service.Jurisdiction);
        session.Stamp(actor, causationId: messageId.ToString(), correlationId: context.CorrelationId?.ToString("N"));
        var decision = new DecisionContext(actor, clock.GetUtcNow());

        await HandleAsync(context.Message, session, decision, context.CancellationToken);
        session.Insert(new ProcessedMessage(id, consumer, messageId, decision.Now));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException e) when (e.DocType == typeof(ProcessedMessage))
        {
            // The same message was applied concurrently by another delivery; that one won, this one has no effect.
            logger.LogInformation("Message {MessageId} was applied concurrently by {Consumer}; this delivery has no effect", messageId, consumer);
        }
    }
}

/// <summary>The state a consumer read changed before it could write: apply the message again on the new state.</summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);
