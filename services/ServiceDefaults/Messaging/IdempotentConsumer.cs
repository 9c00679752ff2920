using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;

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

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidMessageException("A message without a message id cannot be applied exactly once.");
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
        catch (DocumentAlreadyExistsException)
        {
            // The same message was applied concurrently by another delivery; that one won, this one has no effect.
            logger.LogInformation("Message {MessageId} was applied concurrently by {Consumer}; this delivery has no effect", messageId, consumer);
        }
    }
}
