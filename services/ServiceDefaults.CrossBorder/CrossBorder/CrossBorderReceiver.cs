using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>A verified, accepted cross-border message: its envelope (with the partner's signature) and the contract it carries.</summary>
public sealed record ReceivedCrossBorderMessage(CrossBorderEnvelope Envelope, object Message)
{
    /// <summary>
    /// The message as a request for <paramref name="purpose"/> to this node: null when it is no such request; an
    /// <see cref="InvalidMessageException"/> (to the error queue) when it is one but not addressed from its signer to
    /// <paramref name="jurisdiction"/>, or lacks its request id or case reference.
    /// </summary>
    public CrossBorderRequest? RequestFor(string purpose, string jurisdiction)
    {
        if (Message is not CrossBorderRequest request || request.Purpose != purpose) return null;
        if (request.ToJurisdiction != jurisdiction || request.FromJurisdiction != Envelope.From || !Security.Jurisdictions.IsValid(request.FromJurisdiction))
            throw new InvalidMessageException($"The {purpose} request {request.RequestId} is not addressed from {Envelope.From} to {jurisdiction}.");
        if (request.RequestId == Guid.Empty || request.CaseReference == Guid.Empty)
            throw new InvalidMessageException($"The {purpose} request needs a request id and a case reference.");
        return request;
    }
}

/// <summary>
/// What a service does with accepted cross-border messages. Runs in the transaction that records the message id, so a
/// message has its effect once; throwing rolls both back and sends the message to the error queue.
/// </summary>
public interface ICrossBorderHandler
{
    Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct);
}

/// <summary>The inbox queue this process's receiver consumes (<see cref="CrossBorderTopology.InboxOf"/>).</summary>
public sealed record CrossBorderInbox(string Queue);

/// <summary>
/// The way in: consumes this service's inbox (the node's default inbox, or the service's own one that the routing
/// exchange fills with the purposes it takes: <see cref="CrossBorderTopology.Routes"/>) and accepts a message only when it is signed by the partner it claims to come
/// from (and arrived on that partner's inbound exchange), addressed to this node, within the time window
/// (<c>CrossBorder:MaxMessageAgeSeconds</c>, default 7 days so that a link broken for days still delivers;
/// <c>CrossBorder:MaxClockSkewSeconds</c>, default 120), at most <c>CrossBorder:MaxMessageBytes</c> (64 KiB: ids and codes
/// are small, checked before the body is copied or parsed), not seen before (the ledger in PostgreSQL) and valid
/// (<see cref="IncomingValidation"/>: no missing or null member, no control character). Anything else
/// goes to <see cref="CrossBorderTopology.InboxError"/> with the reason in <c>x-trm-rejected</c> and counts in
/// <c>trm.crossborder.rejected</c>. A request is answered at once with the node's signed delivery evidence.
/// </summary>
public sealed class CrossBorderReceiver(
    CrossBorderInbox inbox, IServiceProvider services, ServiceIdentity node, PartnerKeys partners, CrossBorderBroker broker, CrossBorderLedger ledger,
    TimeProvider clock, IConfiguration configuration, ILogger<CrossBorderReceiver> logger) : BackgroundService
{
    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(configuration.GetValue("CrossBorder:MaxMessageAgeSeconds", 7 * 24 * 3600.0));
    private readonly TimeSpan _maxSkew = TimeSpan.FromSeconds(configuration.GetValue("CrossBorder:MaxClockSkewSeconds", 120.0));
    private readonly int _maxBytes = configuration.GetValue("CrossBorder:MaxMessageBytes", 64 * 1024);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await broker.ConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await channel.BasicQosAsync(0, 16, false, stoppingToken);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    try
                    {
                        await ProcessAsync(delivery, stoppingToken);
                        await channel.BasicAckAsync(delivery.DeliveryTag, false, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The database or the broker failed, not the message: back to the queue, redelivered (and, if it
                        // was already applied, acknowledged without a second effect).
                        logger.LogError(e, "Cross-border message {MessageId} could not be processed; requeued", delivery.BasicProperties.MessageId);
                        await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                        await channel.BasicNackAsync(delivery.DeliveryTag, false, requeue: true, stoppingToken);
                    }
                };
                await channel.BasicConsumeAsync(inbox.Queue, autoAck: false, consumer, stoppingToken);
                while (channel.IsOpen && !stoppingToken.IsCancellationRequested) await Task.Delay(500, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Cross-border inbox consumer failed; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private const long MaxDeliveries = 5;

    private static long DeliveryCount(IReadOnlyBasicProperties properties) =>
        properties.Headers is { } headers && headers.TryGetValue("x-delivery-count", out var value) && value is long or int ? Convert.ToInt64(value) : 0;

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), string text => text, _ => null }
            : null;

    /// <summary>Verifies, records and applies one delivery; never throws for a bad message (it goes to the error queue).</summary>
    public async Task ProcessAsync(BasicDeliverEventArgs delivery, CancellationToken ct)
    {
        var properties = delivery.BasicProperties;
        var from = Header(properties, CrossBorderEnvelope.FromHeader);
        var partner = from is not null && partners.Partners.Contains(from) ? from : "unknown";
        // The size first, before the body is copied, parsed or verified; what goes to the error queue is its headers, its
        // size and its first KiB (for people to see what it was), not the oversized body again.
        var tooLarge = delivery.Body.Length > _maxBytes;
        var body = tooLarge ? delivery.Body[..Math.Min(delivery.Body.Length, 1024)].ToArray() : delivery.Body.ToArray();
        var envelope = new CrossBorderEnvelope(
            Guid.TryParse(properties.MessageId, out var id) ? id : Guid.Empty, properties.Type ?? "", from ?? "",
            Header(properties, CrossBorderEnvelope.ToHeader) ?? "", Header(properties, CrossBorderEnvelope.SentAtHeader) ?? "", body,
            Header(properties, CrossBorderEnvelope.SignatureHeader));
        if (tooLarge)
        {
            await RejectAsync(envelope, delivery, "too-large", partner, ct, new() { [BodyBytesHeader] = (long)delivery.Body.Length });
            return;
        }

        var reason = Check(envelope, delivery.Exchange, out var type);
        if (reason is not null)
        {
            await RejectAsync(envelope, delivery, reason, partner, ct);
            return;
        }

        // Validated before any handler sees it: a missing or null member, or a control character (\u0000 included), is
        // rejected once with its reason and the member's name, not retried on the inbox every partner shares.
        var (read, invalid, member) = IncomingValidation.Read(body, type!);
        if (invalid is not null)
        {
            await RejectAsync(envelope, delivery, invalid, partner, ct, member is null ? null : new() { [MemberHeader] = member });
            return;
        }
        var message = read!;

        // The routing header is not signed: a request whose (signed) purpose belongs to another service's inbox reached the
        // wrong service, which would accept it and apply nothing. It goes to the error queue instead, for people to look at.
        if (message is CrossBorderRequest misrouted && CrossBorderTopology.InboxForPurpose(misrouted.Purpose) != inbox.Queue)
        {
            await RejectAsync(envelope, delivery, "misrouted", partner, ct);
            return;
        }

        // An answer (evidence, accepted, declined, outcome, update) is about a request this service sent that partner; one
        // about any other request reached the wrong service (the routing header) or is not ours: people look at it.
        // ... and it is answered by the partner that signed it (the answering jurisdiction in the body is the signer).
        if (AnsweredRequest(message) is var (answered, by))
        {
            if (by != envelope.From)
            {
                await RejectAsync(envelope, delivery, "sender-mismatch", partner, ct);
                return;
            }
            // An update may also come from the requesting side, about a request that partner sent this node.
            if ((await ledger.FindRequestAsync(CrossBorderLedger.Sent, answered, ct))?.Counterpart != envelope.From
                && (message is not CrossBorderUpdate || (await ledger.FindRequestAsync(CrossBorderLedger.Received, answered, ct))?.Counterpart != envelope.From))
            {
                await RejectAsync(envelope, delivery, "unknown-request", partner, ct);
                return;
            }
        }

        var received = new ReceivedCrossBorderMessage(envelope, message);
        await using (var connection = await ledger.OpenAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (!await CrossBorderLedger.TryRecordAsync(connection, transaction, CrossBorderLedger.Received, envelope.From, envelope, clock.GetUtcNow(), ct))
            {
                await transaction.RollbackAsync(ct);
                var first = await ledger.FindAsync(CrossBorderLedger.Received, envelope.From, envelope.MessageId, ct);
                if (delivery.Redelivered && first?.BodyDigest == envelope.BodyDigest)
                {
                    // The broker redelivered what this node already applied (a lost ack): no second effect, evidence again.
                    logger.LogInformation("Cross-border {MessageId} from {From} redelivered; already applied", envelope.MessageId, envelope.From);
                    await AnswerAsync(received, ct);
                    return;
                }
                await RejectAsync(envelope, delivery, "replayed", partner, ct);
                return;
            }
            try
            {
                foreach (var handler in services.GetServices<ICrossBorderHandler>()) await handler.HandleAsync(received, connection, transaction, ct);
                await transaction.CommitAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                // A message a handler can never apply goes to the error queue at once; anything else is retried
                // (requeued) a few times first (quorum queues count deliveries in x-delivery-count).
                var permanent = IsPermanent(e);
                if (!permanent && DeliveryCount(properties) < MaxDeliveries) throw;
                logger.LogError(e, "Cross-border {MessageId} from {From} could not be applied", envelope.MessageId, envelope.From);
                await RejectAsync(envelope, delivery, e is PartnerIdCollisionException ? "id-collision" : "not-applied", partner, ct);
                // A request that can never be applied as sent is answered: declined, so that the partner need not wait
                // for its deadline (the error queue keeps it for people here).
                if (permanent && message is CrossBorderRequest inapplicable) await DeclineAsync(inapplicable, envelope.From, ct);
                return;
            }
        }
        CrossBorderMetrics.Accepted.Add(1, new KeyValuePair<string, object?>("type", envelope.Type), new KeyValuePair<string, object?>("from", partner));
        logger.LogInformation("Cross-border {Type} {MessageId} from {From} accepted", envelope.Type, envelope.MessageId, envelope.From);
        await AnswerAsync(received, ct);
    }

    /// <summary>
    /// A failure that redelivery cannot cure: the handler's own refusal, data PostgreSQL refuses (class 22: bad encoding,
    /// out of range, invalid text), or the message's content breaking the code (null, bad format or cast). Anything else
    /// (the database or the broker away) is transient.
    /// </summary>
    private static bool IsPermanent(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is InvalidMessageException or PartnerIdCollisionException or NullReferenceException or ArgumentException or FormatException or InvalidCastException or JsonException
                || inner is PostgresException { SqlState: { } state } && state.StartsWith("22", StringComparison.Ordinal))
                return true;
        return false;
    }

    private async Task DeclineAsync(CrossBorderRequest request, string partner, CancellationToken ct)
    {
        var declined = new CrossBorderDeclined(request.RequestId, node.Jurisdiction, DeclineReasons.InsufficientInformation, clock.GetUtcNow());
        var sent = await services.GetRequiredService<CrossBorderSender>().SendAsync(declined, partner, TransferGrounds.ReplyTo(partner), request.Purpose, ct);
        if (sent.IsRefused) logger.LogWarning("Declining {RequestId} refused: {Rule}", request.RequestId, sent.Refusal!.Rule);
    }

    private static (Guid RequestId, string By)? AnsweredRequest(object message) => message switch
    {
        CrossBorderDeliveryEvidence m => (m.RequestId, m.ByJurisdiction),
        CrossBorderAccepted m => (m.RequestId, m.ByJurisdiction),
        CrossBorderDeclined m => (m.RequestId, m.ByJurisdiction),
        CrossBorderOutcome m => (m.RequestId, m.ByJurisdiction),
        CrossBorderUpdate m => (m.RequestId, m.ByJurisdiction),
        _ => null,
    };

    private async Task AnswerAsync(ReceivedCrossBorderMessage received, CancellationToken ct)
    {
        if (received.Message is not CrossBorderRequest request) return;
        var answer = await services.GetRequiredService<CrossBorderSender>().SendEvidenceAsync(received, request.RequestId, DeliveryEvidenceKinds.ReceivedByNode, ct);
        if (answer.IsRefused) logger.LogWarning("Delivery evidence for {RequestId} refused: {Rule}", request.RequestId, answer.Refusal!.Rule);
    }

    /// <summary>The reason a delivery is rejected (a stable code), or null when it is authentic, addressed here and fresh.</summary>
    private string? Check(CrossBorderEnvelope envelope, string exchange, out Type? type)
    {
        type = null;
        if (string.IsNullOrEmpty(envelope.Signature)) return "unsigned";
        if (envelope.MessageId == Guid.Empty || envelope.From.Length == 0 || envelope.To.Length == 0 || envelope.SentAt.Length == 0) return "malformed";
        if (!partners.Partners.Contains(envelope.From)) return "unknown-partner";
        if (exchange != CrossBorderTopology.InFromPartner(envelope.From)) return "sender-mismatch";
        if (!partners.Verify(envelope.From, envelope)) return "forged";
        if (envelope.To != node.Jurisdiction) return "misaddressed";
        if (!DateTimeOffset.TryParse(envelope.SentAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt)) return "malformed";
        var now = clock.GetUtcNow();
        if (now - sentAt > _maxAge || sentAt - now > _maxSkew) return "stale";
        if (!CrossBorderJson.Types.TryGetValue(envelope.Type, out type)) return "unknown-type";
        return null;
    }

    /// <summary>On a rejection for size: the size of the body that was not kept.</summary>
    public const string BodyBytesHeader = "x-trm-body-bytes";

    /// <summary>On a rejection for a member: its name (never its value).</summary>
    public const string MemberHeader = "x-trm-rejected-member";

    private async Task RejectAsync(CrossBorderEnvelope envelope, BasicDeliverEventArgs delivery, string reason, string partner, CancellationToken ct,
        Dictionary<string, object?>? details = null)
    {
        CrossBorderMetrics.Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("from", partner));
        logger.LogWarning("Cross-border message {MessageId} on {Exchange} rejected to {ErrorQueue}: {Reason}", delivery.BasicProperties.MessageId, delivery.Exchange, CrossBorderTopology.InboxError, reason);
        var headers = new Dictionary<string, object?>
        {
            [CrossBorderEnvelope.RejectionHeader] = reason,
            ["x-trm-received-on"] = delivery.Exchange,
        };
        foreach (var (key, value) in details ?? []) headers[key] = value;
        await broker.PublishAsync(CrossBorderTopology.InboxError, "", envelope, headers, ct);
    }
}
