using System.Diagnostics.Metrics;
using RabbitMQ.Client;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// The names of a node's cross-border topology on its own RabbitMQ virtual host (deploy/rabbitmq/ declares the same):
/// one outbound exchange, one queue per partner drained by the shovel to that partner (or read by a partner without
/// this software), one inbound exchange per partner (the only thing that partner may write to), bound to the routing
/// exchange that hands each message to the inbox of the service taking its purpose (<see cref="Routes"/>, on the
/// unsigned header <c>trm-purpose</c>; anything else reaches the node's default inbox, Return's), and the error queue.
/// </summary>
public static class CrossBorderTopology
{
    /// <summary>Direct exchange; the routing key is the destination's ISO code.</summary>
    public const string Outbound = "crossborder.out";

    /// <summary>The node's default inbox (Return's): what no route takes, including messages without <see cref="PurposeHeader"/>.</summary>
    public const string Inbox = "crossborder.inbox", InboxError = "crossborder.inbox_error";

    /// <summary>Headers exchange every inbound exchange is bound to; its alternate exchange <see cref="Unrouted"/> feeds <see cref="Inbox"/>.</summary>
    public const string Route = "crossborder.route", Unrouted = "crossborder.unrouted";

    /// <summary>
    /// The purpose of the request a message is about (a request's own, an answer's request's): routing only — the
    /// header is not signed, so a receiver still reads the purpose from the verified body.
    /// </summary>
    public const string PurposeHeader = "trm-purpose";

    /// <summary>Which service's inbox takes which purposes (deploy/rabbitmq/crossborder.sh declares the same; a test compares them).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Routes = new Dictionary<string, IReadOnlyList<string>>
    {
        ["identification"] = new[] { CrossBorderPurposes.IdentificationAssistance },
        ["remedies"] = new[] { CrossBorderPurposes.Compensation },
        ["judicial"] = new[] { CrossBorderPurposes.MutualLegalAssistance, CrossBorderPurposes.Extradition, CrossBorderPurposes.JointInvestigation, CrossBorderPurposes.TransferOfProceedings,
            CrossBorderPurposes.PoliceCooperation, CrossBorderPurposes.SpontaneousInformation, CrossBorderPurposes.ProceedsReturn },
        ["protection"] = new[] { CrossBorderPurposes.ProtectionContinuity, CrossBorderPurposes.WitnessRelocation },
    };

    /// <summary>The inbox that takes requests of <paramref name="purpose"/>: the service routed for it, else the node's default inbox.</summary>
    public static string InboxForPurpose(string purpose) => InboxOf(Routes.FirstOrDefault(r => r.Value.Contains(purpose)).Key);

    /// <summary>The inbox a service consumes: its own when it has a route, else the node's default inbox.</summary>
    public static string InboxOf(string? service) => service is not null && Routes.ContainsKey(service) ? $"{Inbox}.{service}" : Inbox;

    /// <summary>Where messages for <paramref name="partner"/> wait for the shovel (or for the partner itself).</summary>
    public static string ForPartner(string partner) => $"crossborder.for.{partner}";

    /// <summary>The exchange <paramref name="partner"/>'s messages arrive on; its RabbitMQ user may write only here.</summary>
    public static string InFromPartner(string partner) => $"crossborder.in.{partner}";

    private static readonly Dictionary<string, object?> Quorum = new() { ["x-queue-type"] = "quorum" };

    /// <summary>Declares the topology (idempotent): what deploy/rabbitmq/ loads, for hosts that may configure their vhost.</summary>
    public static async Task DeclareAsync(IChannel channel, IEnumerable<string> partners, CancellationToken ct = default)
    {
        await channel.ExchangeDeclareAsync(Outbound, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(Inbox, durable: true, exclusive: false, autoDelete: false, arguments: Quorum, cancellationToken: ct);
        await channel.ExchangeDeclareAsync(Unrouted, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueBindAsync(Inbox, Unrouted, "", cancellationToken: ct);
        await channel.ExchangeDeclareAsync(Route, ExchangeType.Headers, durable: true, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["alternate-exchange"] = Unrouted }, cancellationToken: ct);
        foreach (var (service, purposes) in Routes)
        {
            await channel.QueueDeclareAsync(InboxOf(service), durable: true, exclusive: false, autoDelete: false, arguments: Quorum, cancellationToken: ct);
            foreach (var purpose in purposes)
                await channel.QueueBindAsync(InboxOf(service), Route, "", new Dictionary<string, object?> { ["x-match"] = "all", [PurposeHeader] = purpose }, cancellationToken: ct);
        }
        await channel.ExchangeDeclareAsync(InboxError, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await channel.QueueDeclareAsync(InboxError, durable: true, exclusive: false, autoDelete: false, arguments: Quorum, cancellationToken: ct);
        await channel.QueueBindAsync(InboxError, InboxError, "", cancellationToken: ct);
        foreach (var partner in partners)
        {
            await channel.QueueDeclareAsync(ForPartner(partner), durable: true, exclusive: false, autoDelete: false, arguments: Quorum, cancellationToken: ct);
            await channel.QueueBindAsync(ForPartner(partner), Outbound, partner, cancellationToken: ct);
            await channel.ExchangeDeclareAsync(InFromPartner(partner), ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.ExchangeBindAsync(Route, InFromPartner(partner), "", cancellationToken: ct);
        }
    }
}

/// <summary>Alert metrics of the exchange (meter <c>TransnationalReferral.CrossBorder</c>); labels are codes, never personal data.</summary>
public static class CrossBorderMetrics
{
    public const string MeterName = "TransnationalReferral.CrossBorder";
    private static readonly Meter Meter = new(MeterName);

    /// <summary>Incoming messages rejected to the error queue (unsigned, forged, replayed, …): an alert.</summary>
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("trm.crossborder.rejected", description: "Cross-border messages rejected to the error queue (alert)");

    /// <summary>Outgoing messages a gate refused.</summary>
    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("trm.crossborder.refused", description: "Cross-border messages refused by a gate before leaving the node");

    /// <summary>Requests this node sent that were not answered by their respond-by date: an alert.</summary>
    public static readonly Counter<long> Overdue = Meter.CreateCounter<long>("trm.crossborder.overdue", description: "Cross-border requests not answered by their respond-by date (alert)");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("trm.crossborder.sent", description: "Cross-border messages sent");
    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("trm.crossborder.accepted", description: "Cross-border messages verified and accepted");
}

/// <summary>
/// The node's connection for the exchange (<c>ConnectionStrings:CrossBorder</c>, else <c>ConnectionStrings:RabbitMq</c>):
/// one publishing channel with publisher confirms. Declares the topology at first use unless
/// <c>CrossBorder:DeclareTopology</c> is false (when deploy/rabbitmq/ provisioned it and the user may not configure).
/// </summary>
public sealed class CrossBorderBroker(IConfiguration configuration, PartnerKeys partners) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _publisher;

    public async Task<IConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_connection is { IsOpen: true }) return _connection;
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is { IsOpen: true }) return _connection;
            var uri = configuration.GetConnectionString("CrossBorder") ?? configuration.GetConnectionString("RabbitMq")
                ?? throw new InvalidOperationException("ConnectionStrings:CrossBorder (or RabbitMq) is not configured (an amqp URI with the node's vhost).");
            _connection = await new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "crossborder", AutomaticRecoveryEnabled = true }.CreateConnectionAsync(ct);
            if (configuration.GetValue("CrossBorder:DeclareTopology", true))
            {
                await using var channel = await _connection.CreateChannelAsync(cancellationToken: ct);
                await CrossBorderTopology.DeclareAsync(channel, partners.Partners, ct);
            }
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes persistently and waits for the broker's confirm; an unroutable message (no queue for that partner) throws.</summary>
    public async Task PublishAsync(string exchange, string routingKey, CrossBorderEnvelope envelope, IDictionary<string, object?>? extraHeaders, CancellationToken ct)
    {
        var connection = await ConnectionAsync(ct);
        await _gate.WaitAsync(ct);
        try
        {
            if (_publisher is not { IsOpen: true })
                _publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
            var headers = new Dictionary<string, object?>
            {
                [CrossBorderEnvelope.FromHeader] = envelope.From,
                [CrossBorderEnvelope.ToHeader] = envelope.To,
                [CrossBorderEnvelope.SentAtHeader] = envelope.SentAt,
            };
            if (envelope.Signature is not null) headers[CrossBorderEnvelope.SignatureHeader] = envelope.Signature;
            foreach (var (key, value) in extraHeaders ?? new Dictionary<string, object?>()) headers[key] = value;
            var properties = new BasicProperties
            {
                MessageId = envelope.MessageId.ToString("D"),
                Type = envelope.Type,
                ContentType = "application/json",
                Persistent = true,
                Headers = headers,
            };
            await _publisher.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, envelope.Body, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null) await _publisher.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
