using Microsoft.Extensions.Options;

namespace TransnationalReferral.Identification.Notifications;

/// <summary>
/// Sends what is due: each pending delivery is claimed (its attempt counted and its next attempt set past the attempt's
/// timeout, written first — a stop in the middle leaves it to be made again, with the same webhook-id), sent, and its
/// outcome logged; a failed attempt waits the back-off (doubling) and after the last one the delivery is failed (and
/// can be replayed). Once a day, from <see cref="NotificationOptions.DigestAtUtc"/>, each digest subscription gets one
/// e-mail listing its notices.
/// <para>
/// Every instance of Identification dispatches. A delivery is claimed with its row locked (<c>FOR UPDATE SKIP LOCKED</c>,
/// <see cref="AdvisoryLocks"/>) in the claiming transaction and read after the lock, so only one instance makes each
/// attempt: the others pass it by, or find it already claimed. A subscription's digest is sent under a
/// transaction-scoped advisory lock on the subscription and its state read after the lock, so it goes out once a day.
/// </para>
/// </summary>
public sealed class NotificationDispatcher(IDocumentStore store, WebhookChannel webhooks, EmailChannel email, ServiceIdentity service, TimeProvider clock,
    IOptions<NotificationOptions> options, ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private NotificationOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0) { }
                await SendDigestsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Notification dispatch failed; trying again in {Interval}", Options.PollInterval);
            }
            try { await Task.Delay(Options.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Attempts the deliveries that are due (a batch); how many it attempted.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var query = store.QuerySession())
            due = (await query.Query<NotificationDelivery>().Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(20).Select(d => d.Id).ToListAsync(ct)).ToList();
        var attempted = 0;
        foreach (var id in due)
            if (await AttemptAsync(id, ct)) attempted++;
        return attempted;
    }

    private async Task<bool> AttemptAsync(Guid id, CancellationToken ct)
    {
        NotificationDelivery claimed;
        NotificationSubscription? subscription;
        await using (var session = store.LightweightSession())
        {
            var now = clock.GetUtcNow();
            if (!await session.TryClaimAsync<NotificationDelivery>(id, ct)) return false;   // another instance is claiming it
            if (await session.LoadAsync<NotificationDelivery>(id, ct) is not { Status: DeliveryStatus.Pending } delivery || delivery.NextAttemptAt > now) return false;
            subscription = await session.LoadAsync<NotificationSubscription>(delivery.SubscriptionId, ct);
            claimed = delivery with { Attempts = delivery.Attempts + 1, LastAttemptAt = now, NextAttemptAt = now + Options.AttemptTimeout + Options.Backoff(delivery.Attempts + 1) };
            if (subscription is null) claimed = claimed with { Status = DeliveryStatus.Failed, LastError = "subscription-removed" };
            session.Store(claimed);
            await session.SaveChangesAsync(ct);
        }
        if (subscription is null) return true;

        var outcome = subscription.Channel == NotificationChannel.Webhook
            ? await webhooks.SendAsync(claimed, subscription, ct)
            : await email.SendAsync(service.Jurisdiction, claimed, subscription, ct);
        var after = clock.GetUtcNow();
        var logged = outcome.Delivered
            ? claimed with { Status = DeliveryStatus.Delivered, DeliveredAt = after, LastStatusCode = outcome.StatusCode, LastError = null }
            : claimed.Attempts >= Options.MaxAttempts
                ? claimed with { Status = DeliveryStatus.Failed, LastStatusCode = outcome.StatusCode, LastError = outcome.Error }
                : claimed with { NextAttemptAt = after + Options.Backoff(claimed.Attempts), LastStatusCode = outcome.StatusCode, LastError = outcome.Error };
        await using (var session = store.LightweightSession())
        {
            session.Store(logged);
            await session.SaveChangesAsync(ct);
        }
        logger.LogInformation("Notification delivery {DeliveryId} ({Kind}, {Channel}) attempt {Attempt}: {Status} {StatusCode} {Error}",
            logged.Id, Codes.Of(logged.Notice.Kind), Codes.Of(logged.Channel), logged.Attempts, Codes.Of(logged.Status), logged.LastStatusCode, logged.LastError);
        return true;
    }

    /// <summary>Today's digest e-mail to each digest subscription with notices waiting, once a day from the digest time.</summary>
    public async Task SendDigestsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now.TimeOfDay < Options.DigestAtUtc) return;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        IReadOnlyList<NotificationSubscription> subscriptions;
        await using (var query = store.QuerySession())
            subscriptions = await query.Query<NotificationSubscription>().Where(s => s.Jurisdiction == service.Jurisdiction && s.Digest).ToListAsync(ct);
        foreach (var subscription in subscriptions)
        {
            // One instance at a time per subscription; the state is read after the lock, so the next one sees today's digest sent.
            await using var session = store.LightweightSession();
            await session.BeginTransactionAsync(ct);
            await AdvisoryLocks.LockAsync(session.Connection!, null, $"notification-digest/{subscription.Id}", ct);
            var state = await session.LoadAsync<DigestState>(subscription.Id, ct);
            if (state is not null && (state.LastSentOn >= today || state.RetryAt > now)) continue;
            var waiting = await session.Query<NotificationDelivery>()
                .Where(d => d.Jurisdiction == subscription.Jurisdiction && d.Organisation == subscription.Organisation && d.Subscription == subscription.Name
                            && d.Status == DeliveryStatus.AwaitingDigest)
                .OrderBy(d => d.CreatedAt).Take(500).ToListAsync(ct);
            if (waiting.Count == 0) continue;
            var text = $"{waiting.Count} notice(s) for {subscription.Organisation} ({subscription.Role}) since the last digest — ids and links only:\n\n"
                       + string.Join("\n", waiting.Select(d => NoticeContent.Line(d.Notice, Options))) + "\n";
            var outcome = await email.SendAsync(subscription.Email!, $"[TRM {service.Jurisdiction}] Daily digest {today:yyyy-MM-dd}: {waiting.Count} notice(s)", text, ct);
            var at = clock.GetUtcNow();
            if (outcome.Delivered)
            {
                foreach (var d in waiting)
                    session.Store(d with { Status = DeliveryStatus.Delivered, Attempts = d.Attempts + 1, LastAttemptAt = at, DeliveredAt = at, LastStatusCode = outcome.StatusCode });
                session.Store(new DigestState(subscription.Id, today, null));
            }
            else session.Store(new DigestState(subscription.Id, state?.LastSentOn ?? DateOnly.MinValue, at + Options.Backoff(1)));
            await session.SaveChangesAsync(ct);
            logger.LogInformation("Notification digest for subscription {Organisation}/{Subscription}: {Count} notice(s), {Outcome} {Error}",
                subscription.Organisation, subscription.Name, waiting.Count, outcome.Delivered ? "delivered" : "failed", outcome.Error);
        }
    }
}

/// <summary>When a digest subscription last got its digest (and when to try again after a failed one).</summary>
public sealed record DigestState(string Id, DateOnly LastSentOn, DateTimeOffset? RetryAt);

public static class NotificationsRegistration
{
    /// <summary>The documents (deliveries are claimed row by row, so every instance of Identification can dispatch).</summary>
    public static void StoreNotifications(this StoreOptions store)
    {
        store.Schema.For<NotificationSubscription>().Index(s => s.Jurisdiction);
        store.Schema.For<NotificationDelivery>().Index(d => d.NextAttemptAt);
        store.Schema.For<DigestState>();
    }

    public static void AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration("Notifications")
            .Validate(o => o.MaxAttempts is >= 1 and <= 50, "Notifications:MaxAttempts must be between 1 and 50.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, "Notifications:FirstRetryDelay must be positive and at most MaxRetryDelay.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Notifications:PollInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookChannel>();
        builder.Services.AddSingleton<EmailChannel>();
        builder.Services.AddHostedService<NotificationDispatcher>();
    }

    /// <summary><c>/api/identification/notifications</c>: subscriptions of the caller's organisation, its delivery log, replay.</summary>
    public static void MapNotifications(this RouteGroupBuilder api) =>
        api.MapGroup("/notifications").WithTags("Notifications").MapSubscriptions().MapDeliveryLog();
}
