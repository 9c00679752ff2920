using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TransnationalReferral.Identification.Notifications;

/// <summary>
/// The Standard Webhooks signature (standardwebhooks.com): <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of
/// "{webhook-id}.{webhook-timestamp}.{body}"&gt;</c> under the secret's bytes (the secret is <c>whsec_</c> + base64).
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static bool IsSecret(string? secret) => Key(secret) is { Length: >= 24 and <= 64 };

    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var key = Key(secret) ?? throw new ArgumentException("Not a webhook secret (whsec_ and base64).", nameof(secret));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}")));
    }

    private static byte[]? Key(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try { return Convert.FromBase64String(secret[Prefix.Length..]); }
        catch (FormatException) { return null; }
    }
}

/// <summary>The outcome of one attempt: a status code (HTTP or SMTP) and an error code, never a response body or an address.</summary>
public sealed record AttemptOutcome(bool Delivered, int? StatusCode, string? Error);

/// <summary>What every channel sends: the notice in ids and links (the same words in a webhook body, an e-mail and a digest row).</summary>
public static class NoticeContent
{
    /// <summary>The webhook body (Standard Webhooks' <c>type</c>, <c>timestamp</c>, <c>data</c>).</summary>
    public static string WebhookBody(Notice n, NotificationOptions options) => JsonSerializer.Serialize(new
    {
        type = Codes.Of(n.Kind),
        timestamp = n.OccurredAt,
        data = new { noticeId = n.Id, @event = n.Event, caseId = n.CaseId, subjectId = n.SubjectId, link = options.LinkTo(n.Link) },
    });

    public static string Line(Notice n, NotificationOptions options) =>
        $"{n.OccurredAt:yyyy-MM-dd HH:mm} UTC  {Codes.Of(n.Kind)}  {n.Event}  {(n.CaseId is { } c ? $"case {c}  " : "")}{n.SubjectId}  {options.LinkTo(n.Link)}";

    public static string Subject(string jurisdiction, Notice n) => $"[TRM {jurisdiction}] {Codes.Of(n.Kind)}: {n.Event} {n.SubjectId}";
}

/// <summary>Posts a notice to a national system's webhook, signed; one attempt (the dispatcher retries with back-off).</summary>
public sealed class WebhookChannel(IOptions<NotificationOptions> options, TimeProvider clock) : IDisposable
{
    // Its own client, not the factory's: the service defaults give those a resilience handler that retries by itself,
    // and every attempt here is counted and logged by the dispatcher.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = options.Value.AttemptTimeout,
    };

    public async Task<AttemptOutcome> SendAsync(NotificationDelivery delivery, NotificationSubscription subscription, CancellationToken ct)
    {
        var body = NoticeContent.WebhookBody(delivery.Notice, options.Value);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(subscription.Secret!, delivery.WebhookId, timestamp, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return new((int)response.StatusCode is >= 200 and < 300, (int)response.StatusCode, response.IsSuccessStatusCode ? null : "http-status");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested) { return new(false, null, "timeout"); }
        catch (HttpRequestException e) { return new(false, null, e.HttpRequestError == HttpRequestError.Unknown ? "connection" : Codes.Of(e.HttpRequestError)); }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Sends e-mails through the configured SMTP server (<c>Notifications:Smtp</c>).</summary>
public sealed class EmailChannel(IOptions<NotificationOptions> options)
{
    public bool Configured => !string.IsNullOrEmpty(options.Value.Smtp.Host) && !string.IsNullOrEmpty(options.Value.Smtp.From);

    public async Task<AttemptOutcome> SendAsync(string to, string subject, string text, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!Configured) return new(false, null, "smtp-not-configured");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient { Timeout = (int)options.Value.AttemptTimeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch { "none" => SecureSocketOptions.None, "tls" => SecureSocketOptions.SslOnConnect, _ => SecureSocketOptions.StartTls };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return new(true, 250, null);
        }
        catch (SmtpCommandException e) { return new(false, (int)e.StatusCode, "smtp-refused"); }
        catch (AuthenticationException) { return new(false, null, "smtp-authentication"); }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or SmtpProtocolException or IOException or TimeoutException or SslHandshakeException)
        {
            return new(false, null, "smtp-connection");
        }
    }

    public Task<AttemptOutcome> SendAsync(string jurisdiction, NotificationDelivery delivery, NotificationSubscription subscription, CancellationToken ct) =>
        SendAsync(subscription.Email!, NoticeContent.Subject(jurisdiction, delivery.Notice),
            $"{NoticeContent.Line(delivery.Notice, options.Value)}\n\nOpen the link signed in to see what it concerns. This message holds ids and links only.\n", ct);
}
