using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TransnationalReferral.Devtool;

/// <summary>
/// A delivery limit on every quorum queue of a virtual host, dead-lettering to the queue's own <c>_error</c>: a message
/// that crashes its consumer's process on every delivery (so MassTransit never gets to move it to <c>_error</c>) ends
/// there after <c>limit</c> returns instead of looping forever. Set by a policy per queue through the management API,
/// not by queue arguments: RabbitMQ refuses to redeclare an existing queue with arguments it was not created with, and
/// a policy can be set, changed or removed on a running node. The <c>_error</c> exchange and queue are declared first,
/// as MassTransit declares them at a first fault (the queue with the arguments of the queue it serves), because a
/// dead-letter exchange that does not exist drops the message.
/// </summary>
public sealed class DeliveryLimits(HttpClient management, string vhost, TextWriter output)
{
    /// <summary>The default limit: a delivery is also returned when a process stops while it is being retried (a database outage).</summary>
    public const int DefaultLimit = 20;

    public const string PolicyPrefix = "trm-delivery-limit-";

    private string Vhost => Uri.EscapeDataString(vhost);

    /// <summary>Sets the policy on each quorum queue that is not itself an <c>_error</c> or <c>_skipped</c> queue; returns the queues.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(int limit, CancellationToken ct = default)
    {
        var queues = await management.GetFromJsonAsync<JsonElement>($"/api/queues/{Vhost}?columns=name,arguments,durable", ct);
        var limited = new List<string>();
        foreach (var queue in queues.EnumerateArray())
        {
            var name = queue.GetProperty("name").GetString()!;
            var arguments = queue.GetProperty("arguments");
            if (name.EndsWith(ErrorQueues.Suffix, StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal)
                || !(arguments.TryGetProperty("x-queue-type", out var type) && type.GetString() == "quorum")) continue;

            var error = name + ErrorQueues.Suffix;
            await SucceedAsync(management.PutAsJsonAsync($"/api/exchanges/{Vhost}/{Uri.EscapeDataString(error)}", new { type = "fanout", durable = true, auto_delete = false }, ct), $"exchange {error}");
            await SucceedAsync(management.PutAsJsonAsync($"/api/queues/{Vhost}/{Uri.EscapeDataString(error)}", new { durable = true, auto_delete = false, arguments }, ct), $"queue {error}");
            await SucceedAsync(management.PostAsJsonAsync($"/api/bindings/{Vhost}/e/{Uri.EscapeDataString(error)}/q/{Uri.EscapeDataString(error)}", new { routing_key = "" }, ct), $"binding {error}");
            await SucceedAsync(management.PutAsJsonAsync($"/api/policies/{Vhost}/{Uri.EscapeDataString(PolicyPrefix + name)}", new Dictionary<string, object>
            {
                ["pattern"] = $"^{Regex.Escape(name)}$",
                ["apply-to"] = "queues",
                ["priority"] = 10,
                ["definition"] = new Dictionary<string, object>
                {
                    ["delivery-limit"] = limit,
                    ["dead-letter-exchange"] = error,
                    // Dead-lettered at least once: the message leaves the queue only once _error has it.
                    ["dead-letter-strategy"] = "at-least-once",
                    ["overflow"] = "reject-publish",
                },
            }, ct), $"policy on {name}");
            limited.Add(name);
        }
        output.WriteLine($"[up] vhost {vhost}: delivery limit {limit} (then _error) on {limited.Count} quorum queues");
        return limited;
    }

    private static async Task SucceedAsync(Task<HttpResponseMessage> request, string what)
    {
        using var response = await request;
        if (!response.IsSuccessStatusCode)
            throw new DevtoolException($"declaring the {what} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
