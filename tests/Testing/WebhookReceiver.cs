using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace TransnationalReferral.Testing;

/// <summary>One webhook request as the receiver saw it, with whether its signature verified (StandardWebhooks' own verifier, not the sender's code).</summary>
public sealed record ReceivedWebhook(string Path, string WebhookId, string Timestamp, string Signature, string Body, bool SignatureValid, int AnsweredWith, DateTimeOffset ReceivedAt);

/// <summary>
/// A national system's webhook endpoint for the tests: a Kestrel app on a free loopback port that records every request,
/// verifies its Standard Webhooks signature with <see cref="Secret"/>, and answers 204 — or, while
/// <see cref="FailWith"/> is set, that status (to exercise retries).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    /// <summary>A fresh signing secret (whsec_ and base64 of 32 random bytes).</summary>
    public string Secret { get; } = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>While set, every request is answered with this status instead of 204.</summary>
    public int? FailWith { get; set; }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            bool valid;
            try
            {
                new StandardWebhook(Secret).Verify(body, http.Request.Headers);
                valid = true;
            }
            catch (Exception) { valid = false; }
            var status = FailWith ?? StatusCodes.Status204NoContent;
            _received.Enqueue(new(http.Request.Path, http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), body, valid, status, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address);
        return receiver;
    }

    /// <summary>The URL of one endpoint of the receiver (e.g. <c>hooks/referrals</c>).</summary>
    public string Url(string path) => new Uri(Address, path).ToString();

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string what, Func<IReadOnlyList<ReceivedWebhook>, bool> condition) =>
        Eventually.GetAsync(what, () => Task.FromResult(condition(Received) ? Received : null), TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
