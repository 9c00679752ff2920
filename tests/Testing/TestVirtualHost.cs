namespace TransnationalReferral.Testing;

/// <summary>
/// A throwaway RabbitMQ virtual host for one fixture, so fixtures never see each other's queues or messages.
/// Created and deleted through the management API; also reads queues (e.g. the <c>_error</c> queue).
/// </summary>
public sealed class TestVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;
    public string Name { get; }
    public Uri AmqpUri { get; }

    private TestVirtualHost(HttpClient management, string name, Uri amqp)
    {
        _management = management;
        Name = name;
        AmqpUri = amqp;
    }

    public static async Task<TestVirtualHost> CreateAsync()
    {
        var infrastructure = await TestInfrastructure.GetAsync();
        var user = Uri.UnescapeDataString(infrastructure.RabbitMq.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(infrastructure.RabbitMq.UserInfo.Split(':', 2)[1]);
        var management = new HttpClient { BaseAddress = infrastructure.RabbitMqManagement };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        var name = $"test-{Guid.NewGuid():N}";
        (await management.PutAsync($"/api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"/api/permissions/{name}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        var amqp = new UriBuilder(infrastructure.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
        return new TestVirtualHost(management, name, amqp);
    }

    /// <summary>Messages waiting in a queue of this virtual host (0 when the queue does not exist yet).</summary>
    public async Task<long> MessagesInQueueAsync(string queue)
    {
        var response = await _management.GetAsync($"/api/queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return 0;
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
    }

    /// <summary>Publishes a raw body to an exchange of this virtual host, as a partner or a faulty publisher could.</summary>
    public async Task PublishRawAsync(string exchange, string body, IDictionary<string, object>? properties = null)
    {
        var response = await _management.PostAsJsonAsync($"/api/exchanges/{Name}/{Uri.EscapeDataString(exchange)}/publish", new
        {
            properties = properties ?? new Dictionary<string, object> { ["content_type"] = "application/vnd.masstransit+json", ["delivery_mode"] = 2 },
            routing_key = "",
            payload = body,
            payload_encoding = "string",
        });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Declares a capture queue bound to the fanout exchanges of the given message types (named as MassTransit
    /// names them, declared as it declares them), so that a copy of every message published on them is kept.
    /// </summary>
    public async Task CaptureAsync(string queue, IEnumerable<Type> messageTypes)
    {
        (await _management.PutAsJsonAsync($"/api/queues/{Name}/{queue}", new { durable = true, auto_delete = false })).EnsureSuccessStatusCode();
        foreach (var type in messageTypes)
        {
            var exchange = Uri.EscapeDataString($"{type.Namespace}:{type.Name}");
            (await _management.PutAsJsonAsync($"/api/exchanges/{Name}/{exchange}", new { type = "fanout", durable = true, auto_delete = false })).EnsureSuccessStatusCode();
            (await _management.PostAsJsonAsync($"/api/bindings/{Name}/e/{exchange}/q/{queue}", new { routing_key = "" })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Takes every message waiting in a queue of this virtual host and returns the bodies (and headers) as text (none when
    /// the queue does not exist). Unlike <see cref="MessagesInQueueAsync"/>, which reads the broker's statistics of a few
    /// seconds ago, this is what the queue holds now.
    /// </summary>
    public async Task<IReadOnlyList<string>> DrainAsync(string queue)
    {
        var response = await _management.PostAsJsonAsync($"/api/queues/{Name}/{queue}/get", new { count = 10_000, ackmode = "ack_requeue_false", encoding = "auto" });
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>();
        return messages.EnumerateArray().Select(m => $"{m.GetProperty("properties")} {m.GetProperty("payload").GetString()}").ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _management.DeleteAsync($"/api/vhosts/{Name}");
        _management.Dispose();
    }
}
