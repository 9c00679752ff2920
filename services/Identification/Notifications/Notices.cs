namespace TransnationalReferral.Identification.Notifications;

/// <summary>What a notification tells its audience about (the code subscriptions choose from).</summary>
public enum NotificationKind
{
    /// <summary>A referral to a provider was requested (Protection): the provider is told.</summary>
    ReferralRequested,

    /// <summary>A deadline approaches (the end of a reflection period).</summary>
    DeadlineApproaching,

    /// <summary>A deadline was missed: a referral, a partner's answer, a judicial request, a claim decision, a monitoring contact.</summary>
    DeadlineMissed,

    /// <summary>A partner's request arrived over the transnational exchange and waits for this node.</summary>
    PartnerRequestReceived,

    /// <summary>A partner answered this node's request.</summary>
    PartnerAnswerReceived,

    /// <summary>
    /// A victim is owed a notification: a partner's extradition request names them (they must be told of the offender's
    /// surrender before it happens), or the requested state notified them through this node's focal point or lawyer,
    /// who passes it on.
    /// </summary>
    VictimNotificationDuty,

    /// <summary>A request concerns a person recognised as a victim: held until the non-punishment review is recorded.</summary>
    NonPunishmentReviewRequired,
}

/// <summary>Who a notice is for: an organisation's role (<c>Organisation</c> null: that role in every organisation of the jurisdiction).</summary>
public sealed record Audience(string? Organisation, string Role);

/// <summary>
/// One moment that needs someone, in ids and links only — never personal data, never free text: the kind, the contract
/// event it came from, the case and the thing it concerns (a referral, a request, a claim), the path of that thing in the
/// node's API and when it happened. A notice is what every channel sends (webhook body, e-mail lines, digest row).
/// </summary>
public sealed record Notice(Guid Id, NotificationKind Kind, string Event, Guid? CaseId, Guid SubjectId, string Link, DateTimeOffset OccurredAt);

/// <summary>Settings of the notifications (section <c>Notifications</c>); see docs/operations.md.</summary>
public sealed class NotificationOptions
{
    /// <summary>The node's public address the links in messages start with (e.g. <c>https://trm.example.nl</c>); the links are paths without it.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How often the dispatcher looks for deliveries that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait after the first failed attempt; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery is logged as failed (it can be replayed).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long one attempt may take (an attempt interrupted by a stop is made again after it).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Webhook URLs must be https unless this is set (local development and tests).</summary>
    public bool AllowHttpWebhooks { get; set; }

    /// <summary>The time of day (UTC) from which the daily digests are sent.</summary>
    public TimeSpan DigestAtUtc { get; set; } = TimeSpan.FromHours(7);

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>A link in a message: the public base address and the path.</summary>
    public string LinkTo(string path) => PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones: exponential back-off.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));
}

/// <summary>The SMTP server the e-mails leave through (section <c>Notifications:Smtp</c>); credentials from configuration (a secret store), never from code.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary><c>starttls</c> (default), <c>tls</c> (implicit, port 465) or <c>none</c> (only a server on the same host or a test).</summary>
    public string Security { get; set; } = "starttls";

    public string From { get; set; } = "";
    public string? UserName { get; set; }
    public string? Password { get; set; }
}
