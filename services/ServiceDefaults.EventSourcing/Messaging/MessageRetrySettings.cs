namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// How a consumer's failures are retried (<c>Messaging:Retry</c>). A failure that is not a database outage is retried
/// <see cref="Limit"/> times with exponential back-off between <see cref="MinInterval"/> and <see cref="MaxInterval"/>
/// (by default about two minutes in all), then the message goes to the endpoint's <c>_error</c> queue. A database
/// outage is retried without limit, the wait doubling from <see cref="OutageMinInterval"/> up to
/// <see cref="OutageMaxInterval"/>, while the message stays unacknowledged in the broker.
/// </summary>
public sealed record MessageRetrySettings
{
    public const string Section = "Messaging:Retry";

    public int Limit { get; init; } = 10;
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan IntervalDelta { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan OutageMinInterval { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan OutageMaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static MessageRetrySettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<MessageRetrySettings>() ?? new MessageRetrySettings();
}
