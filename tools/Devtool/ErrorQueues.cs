using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TransnationalReferral.Devtool;

/// <summary>
/// The <c>_error</c> queues of a virtual host, through RabbitMQ's management API: lists them with their depths, and moves
/// the messages of one (or all) back to the queue they failed on once the cause is fixed. A move is a dynamic shovel
/// from <c>&lt;queue&gt;_error</c> to <c>&lt;queue&gt;</c> with <c>src-delete-after: queue-length</c> and
/// <c>ack-mode: on-confirm</c>: the broker moves the messages that were waiting when it started (each acknowledged
/// only once the destination has it, so a crash loses none) and removes the shovel when done. Messages that fail again
/// return to <c>_error</c>; their consumers apply a message once however often it comes.
/// </summary>
public sealed class ErrorQueues(HttpClient management, string vhost, TextWriter output)
{
    public const string Suffix = "_error";

    /// <summary>The error queues of the local node's vhost (TR_RABBITMQ's, or <paramref name="vhost"/>).</summary>
    public static ErrorQueues FromEnvironment(string vhost, TextWriter output) =>
        new(BrokerManagement.Client(), vhost.Length > 0 ? vhost : BrokerManagement.VhostOf(Node.Need("TR_RABBITMQ", "not set by Infra")), output);

    /// <summary><c>errors</c>: lists the error queues (no queue given), or moves back one queue's messages or every queue's (<c>--all</c>).</summary>
    public static int Run(string queue, bool all, string vhost)
    {
        var errors = FromEnvironment(vhost, Console.Out);
        if (!all && queue.Length == 0)
        {
            errors.ListAsync().GetAwaiter().GetResult();
            return 0;
        }
        var chosen = all ? errors.ListAsync(print: false).GetAwaiter().GetResult().Where(q => q.Messages > 0).Select(q => q.Name).ToList() : [queue];
        foreach (var name in chosen) errors.MoveBackAsync(name).GetAwaiter().GetResult();
        return 0;
    }

    public sealed record ErrorQueue(string Name, long Messages);

    private string Vhost => Uri.EscapeDataString(vhost);

    /// <summary>The error queues with the messages in each (the broker's statistics, a few seconds old), printed as a table.</summary>
    public async Task<IReadOnlyList<ErrorQueue>> ListAsync(bool print = true)
    {
        var queues = await management.GetFromJsonAsync<JsonElement>($"/api/queues/{Vhost}?columns=name,messages");
        var errors = queues.EnumerateArray()
            .Select(q => new ErrorQueue(q.GetProperty("name").GetString()!, q.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0))
            .Where(q => q.Name.EndsWith(Suffix, StringComparison.Ordinal))
            .OrderByDescending(q => q.Messages).ThenBy(q => q.Name, StringComparer.Ordinal)
            .ToList();
        if (!print) return errors;
        output.WriteLine($"Error queues on vhost {vhost}: {errors.Count}, {errors.Sum(q => q.Messages)} messages");
        foreach (var q in errors) output.WriteLine($"  {q.Messages,8}  {q.Name}");
        if (errors.Any(q => q.Messages > 0))
            output.WriteLine("Move one back after the fix with --queue=<name> (with or without _error), or all with --all.");
        return errors;
    }

    /// <summary>Moves the messages waiting in <c>&lt;queue&gt;_error</c> back to <c>&lt;queue&gt;</c>, printing progress; returns how many were waiting.</summary>
    public async Task<long> MoveBackAsync(string queue, CancellationToken ct = default)
    {
        var target = queue.EndsWith(Suffix, StringComparison.Ordinal) ? queue[..^Suffix.Length] : queue;
        var source = target + Suffix;
        if (await DepthAsync(target, ct) is null) throw new DevtoolException($"queue {target} does not exist on vhost {vhost}: nothing to move {source} back to");
        var waiting = await DepthAsync(source, ct) ?? throw new DevtoolException($"queue {source} does not exist on vhost {vhost}");

        var shovel = $"requeue-{target}";
        var local = "amqp:///" + Uri.EscapeDataString(vhost);
        var response = await management.PutAsJsonAsync($"/api/parameters/shovel/{Vhost}/{Uri.EscapeDataString(shovel)}", new
        {
            value = new Dictionary<string, object>
            {
                ["src-protocol"] = "amqp091", ["src-uri"] = local, ["src-queue"] = source, ["src-delete-after"] = "queue-length",
                ["dest-protocol"] = "amqp091", ["dest-uri"] = local, ["dest-queue"] = target,
                ["ack-mode"] = "on-confirm", ["reconnect-delay"] = 1,
            },
        }, ct);
        if (!response.IsSuccessStatusCode)
            throw new DevtoolException($"creating shovel {shovel} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        output.WriteLine($"Moving {source} back to {target} (about {waiting} messages waiting)");

        // The shovel removes itself once it has moved what the queue held when it started.
        var last = -1L;
        while ((await management.GetAsync($"/api/parameters/shovel/{Vhost}/{Uri.EscapeDataString(shovel)}", ct)).StatusCode != HttpStatusCode.NotFound)
        {
            var left = await DepthAsync(source, ct) ?? 0;
            if (left != last) output.WriteLine($"  {source}: {left} left");
            last = left;
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        output.WriteLine($"  {source}: moved back to {target}");
        return waiting;
    }

    /// <summary>The messages in a queue (null when it does not exist).</summary>
    private async Task<long?> DepthAsync(string queue, CancellationToken ct)
    {
        var response = await management.GetAsync($"/api/queues/{Vhost}/{Uri.EscapeDataString(queue)}?columns=name,messages", ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return json.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt64() : 0;
    }
}
