namespace TransnationalReferral.Identification.Notifications;

public enum NotificationChannel { Email, Webhook }

/// <summary>
/// An organisation's subscription: which kinds of notice one of its roles receives, and where — an e-mail address (at
/// once, or in one daily digest) or a national system's webhook (signed with the subscription's secret). Configuration
/// data of organisations, not personal data of victims; the secret is never in an answer or a log.
/// </summary>
public sealed record NotificationSubscription(
    string Id,
    string Jurisdiction,
    string Organisation,
    string Name,
    string Role,
    IReadOnlyList<NotificationKind> Kinds,
    NotificationChannel Channel,
    string? Email,
    string? WebhookUrl,
    string? Secret,
    bool Digest,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static string IdOf(string jurisdiction, string organisation, string name) => $"{jurisdiction}/{organisation}/{name}";

    public bool Matches(Notice notice, IReadOnlyList<Audience> audiences) =>
        Kinds.Contains(notice.Kind) && audiences.Any(a => a.Role == Role && (a.Organisation is null || a.Organisation == Organisation));

    public SubscriptionView View() => new(Name, Organisation, Role, Kinds, Channel, Email, WebhookUrl, Secret is not null, Digest, UpdatedAt, UpdatedBy);
}

/// <summary>A subscription as answered: the webhook's secret only as <c>hasSecret</c>.</summary>
public sealed record SubscriptionView(string Name, string Organisation, string Role, IReadOnlyList<NotificationKind> Kinds, NotificationChannel Channel, string? Email,
    string? WebhookUrl, bool HasSecret, bool Digest, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>The subscriptions of the caller's own organisation: add or change, list, remove. An organisation manages only its own.</summary>
public static class Subscribing
{
    /// <param name="Role">The role of the organisation that receives the notices (e.g. <c>ServiceProvider</c>, <c>FocalPoint</c>).</param>
    /// <param name="Kinds">What it receives.</param>
    /// <param name="Email">For the e-mail channel: the organisation's functional address (e.g. intake@shelter.example).</param>
    /// <param name="WebhookUrl">For the webhook channel: the national system's endpoint (https).</param>
    /// <param name="Secret">For the webhook channel: the signing secret, <c>whsec_</c> and base64 of 24 to 64 random bytes (Standard Webhooks).</param>
    /// <param name="Digest">E-mail only: one e-mail a day listing the notices instead of one per notice.</param>
    public sealed record Subscribe(string Role, IReadOnlyList<NotificationKind> Kinds, NotificationChannel Channel, string? Email = null, string? WebhookUrl = null,
        string? Secret = null, bool Digest = false);

    private static readonly string[] Receivers = [Roles.FocalPoint, Roles.CaseWorker, Roles.ServiceProvider, Roles.ImmigrationOfficer, Roles.JudicialOfficer, Roles.LegalAidLawyer];

    public static string? Validate(string name, Subscribe s, bool allowHttp) =>
        !OrganisationCodes.IsValid(name) ? $"name: {OrganisationCodes.Format}."
        : !Receivers.Contains(s.Role) ? $"role: one of {string.Join(", ", Receivers)}."
        : s.Kinds is not { Count: > 0 } ? "kinds: at least one kind of notice."
        : s.Channel == NotificationChannel.Email && !IsEmail(s.Email) ? "email: the organisation's address for the e-mail channel."
        : s.Channel == NotificationChannel.Email && (s.WebhookUrl is not null || s.Secret is not null) ? "webhookUrl: only for the webhook channel (and its secret)."
        : s.Channel == NotificationChannel.Webhook && !IsWebhookUrl(s.WebhookUrl, allowHttp) ? "webhookUrl: an absolute https URL of the national system."
        : s.Channel == NotificationChannel.Webhook && !WebhookSignature.IsSecret(s.Secret) ? "secret: whsec_ and the base64 of 24 to 64 random bytes."
        : s.Channel == NotificationChannel.Webhook && (s.Email is not null || s.Digest) ? "digest: a daily digest is an e-mail (the webhook channel sends each notice)."
        : null;

    private static bool IsEmail(string? address) =>
        address is { Length: > 3 and <= 254 } && MimeKit.MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address && address.Contains('@');

    private static bool IsWebhookUrl(string? url, bool allowHttp) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) && url.Length <= 2000;

    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder notifications)
    {
        notifications.MapPut("/subscriptions/{name}", async (string name, Subscribe body, HttpContext http, IDocumentSession session,
                Microsoft.Extensions.Options.IOptions<NotificationOptions> options, CancellationToken ct) =>
            {
                if (Validate(name, body, options.Value.AllowHttpWebhooks) is { } problem) return Problems.Invalid(problem.Split(':')[0], problem);
                var actor = http.Actor();
                var id = NotificationSubscription.IdOf(actor.Jurisdiction, actor.Organisation, name);
                var existing = await session.LoadAsync<NotificationSubscription>(id, ct);
                var subscription = new NotificationSubscription(id, actor.Jurisdiction, actor.Organisation, name, body.Role, body.Kinds.Distinct().ToList(), body.Channel,
                    body.Email, body.WebhookUrl, body.Secret, body.Digest, http.Now(), actor.Id);
                session.Store(subscription);
                await session.SaveChangesAsync(ct);
                return existing is null
                    ? Results.Created($"/api/identification/notifications/subscriptions/{name}", subscription.View())
                    : Results.Ok(subscription.View());
            })
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("SubscribeToNotifications")
            .WithSummary("Add or change a subscription of your organisation: which notices (kinds) one of its roles receives, by e-mail (at once or in a daily digest) or by a signed webhook.")
            .Produces<SubscriptionView>()
            .Produces<SubscriptionView>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        notifications.MapGet("/subscriptions", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var actor = http.Actor();
                var own = await session.Query<NotificationSubscription>().Where(s => s.Jurisdiction == actor.Jurisdiction && s.Organisation == actor.Organisation)
                    .OrderBy(s => s.Name).ToListAsync(ct);
                return Results.Ok(own.Select(s => s.View()).ToList());
            })
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("ListNotificationSubscriptions")
            .WithSummary("Your organisation's subscriptions (webhook secrets are never shown).")
            .Produces<IReadOnlyList<SubscriptionView>>();

        notifications.MapDelete("/subscriptions/{name}", async (string name, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                var actor = http.Actor();
                var id = NotificationSubscription.IdOf(actor.Jurisdiction, actor.Organisation, name);
                if (await session.LoadAsync<NotificationSubscription>(id, ct) is null) return Problems.NotFound("The subscription");
                session.Delete<NotificationSubscription>(id);
                await session.SaveChangesAsync(ct);
                return Results.NoContent();
            })
            .RequireAuthorization(Permissions.ManageNotifications)
            .WithName("RemoveNotificationSubscription")
            .WithSummary("Remove one of your organisation's subscriptions (deliveries already made stay in the log).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return notifications;
    }
}
