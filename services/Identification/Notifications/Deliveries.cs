namespace TransnationalReferral.Identification.Notifications;

public enum DeliveryStatus
{
    /// <summary>Waiting for its (next) attempt.</summary>
    Pending,

    /// <summary>For a digest subscription: waits for the day's digest e-mail.</summary>
    AwaitingDigest,

    Delivered,

    /// <summary>Every attempt failed (or the subscription was removed): it can be replayed.</summary>
    Failed,
}

/// <summary>
/// One notice to one subscription, and the delivery log's row: who (organisation, role, subscription), what (the notice:
/// ids and a link), when, the outcome, the attempts and the last status code (HTTP or SMTP) — never the address, the
/// secret or a response body. <c>WebhookId</c> is the same for every attempt and every replay, so a receiver drops
/// what it already has.
/// </summary>
public sealed record NotificationDelivery(
    Guid Id,
    string WebhookId,
    Notice Notice,
    string Jurisdiction,
    string Organisation,
    string Role,
    string Subscription,
    NotificationChannel Channel,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt = null,
    int? LastStatusCode = null,
    string? LastError = null,
    DateTimeOffset? DeliveredAt = null,
    Guid? ReplayOf = null,
    string? ReplayedBy = null)
{
    [JsonIgnore] public string SubscriptionId => NotificationSubscription.IdOf(Jurisdiction, Organisation, Subscription);
}

/// <summary>Turns a notice into one delivery per matching subscription, in the transaction that accepted the message that raised it.</summary>
public static class Raising
{
    public static async Task RaiseAsync(this IDocumentSession session, Notice notice, string jurisdiction, IReadOnlyList<Audience> audiences, CancellationToken ct)
    {
        var subscriptions = await session.Query<NotificationSubscription>().Where(s => s.Jurisdiction == jurisdiction).ToListAsync(ct);
        foreach (var s in subscriptions.Where(s => s.Matches(notice, audiences)))
            session.Store(new NotificationDelivery(Guid.NewGuid(), $"msg_{Guid.NewGuid():N}", notice, jurisdiction, s.Organisation, s.Role, s.Name, s.Channel,
                s.Digest ? DeliveryStatus.AwaitingDigest : DeliveryStatus.Pending, 0, notice.OccurredAt, notice.OccurredAt));
    }
}

/// <summary>The delivery log of the caller's organisation, and replay of one of its deliveries.</summary>
public static class DeliveryLog
{
    public static RouteGroupBuilder MapDeliveryLog(this RouteGroupBuilder notifications)
    {
        notifications.MapGet("/deliveries", async (string? status, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                DeliveryStatus? wanted = null;
                if (status is not null)
                {
                    if (!Codes.TryParse<DeliveryStatus>(status, out var parsed)) return Problems.Invalid("status", "pending, awaiting-digest, delivered or failed.");
                    wanted = parsed;
                }
                var actor = http.Actor();
                var query = session.Query<NotificationDelivery>().Where(d => d.Jurisdiction == actor.Jurisdiction && d.Organisation == actor.Organisation);
                if (wanted is { } w) query = query.Where(d => d.Status == w);
                return Results.Ok(await query.OrderByDescending(d => d.CreatedAt).Take(200).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("ListNotificationDeliveries")
            .WithSummary("Your organisation's delivery log, newest first (at most 200): the notice (ids and a link), the subscription, the outcome, the attempts and the last status code.")
            .Produces<IReadOnlyList<NotificationDelivery>>();

        notifications.MapGet("/deliveries/{deliveryId:guid}", async (Guid deliveryId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<NotificationDelivery>(deliveryId, ct) is { } d && Owns(http.Actor(), d) ? Results.Ok(d) : Problems.NotFound("The delivery"))
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("GetNotificationDelivery")
            .WithSummary("One delivery of your organisation's log.")
            .Produces<NotificationDelivery>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        notifications.MapPost("/deliveries/{deliveryId:guid}/replay", async (Guid deliveryId, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                var actor = http.Actor();
                if (await session.LoadAsync<NotificationDelivery>(deliveryId, ct) is not { } original || !Owns(actor, original)) return Problems.NotFound("The delivery");
                if (await session.LoadAsync<NotificationSubscription>(original.SubscriptionId, ct) is null)
                    return Refusal.Conflict("subscription-removed", "The subscription this delivery went to was removed: there is nowhere to send it again.").ToProblem();
                var now = http.Now();
                var replay = original with
                {
                    Id = Guid.NewGuid(), Status = DeliveryStatus.Pending, Attempts = 0, CreatedAt = now, NextAttemptAt = now, LastAttemptAt = null, LastStatusCode = null,
                    LastError = null, DeliveredAt = null, ReplayOf = original.Id, ReplayedBy = actor.Id,
                };
                session.Store(replay);
                // Committed by the decision filter with the Idempotency-Key's record: a retried replay sends nothing twice.
                return new DecisionResult(StatusCodes.Status202Accepted, replay, 1, $"/api/identification/notifications/deliveries/{replay.Id}");
            })
            .WithDecision()
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("ReplayNotificationDelivery")
            .WithSummary("Send one of your organisation's deliveries again (delivered or failed): a new delivery in the log, with the same webhook-id so the receiver can drop a duplicate. With an Idempotency-Key a retried request replays the first answer and queues nothing more.")
            .Produces<NotificationDelivery>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return notifications;
    }

    private static bool Owns(Actor actor, NotificationDelivery d) => d.Jurisdiction == actor.Jurisdiction && d.Organisation == actor.Organisation;
}
