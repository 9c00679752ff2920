using System.Diagnostics;
using System.Text;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TransnationalReferral.Bench;

/// <summary>What the hardware commits without the system: single-row inserts, and confirmed publishes on a quorum queue.</summary>
public static class RawBaselines
{
    // A payload of the size of a decision's event (a few hundred bytes of JSON).
    private const string Payload = """{"caseId":"0190c6a2-7d1e-7c3a-9a51-5b2f0f1f4e77","informedOfRights":true,"informedOfAssistance":true,"informedOfReflectionPeriod":true,"format":"oral","interpreterUsed":false,"language":"en","reasons":"reasons of a realistic length for an audited decision"}""";

    /// <summary>Npgsql: one insert of one row per transaction (autocommit), each client on its own connection.</summary>
    public static async Task<List<Figure>> PostgresAsync(string connectionString, int[] clients, TimeSpan window)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(64, clients.Max() + 4) };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var setup = source.CreateCommand("drop schema if exists bench_raw cascade; create schema bench_raw; create table bench_raw.inserts (id bigserial primary key, payload jsonb not null, at timestamptz not null default now())"))
            await setup.ExecuteNonQueryAsync();
        var figures = new List<Figure>();
        try
        {
            foreach (var n in clients)
            {
                var connections = new NpgsqlConnection[n];
                for (var i = 0; i < n; i++) connections[i] = await source.OpenConnectionAsync();
                try
                {
                    figures.Add(await ClosedLoop.RunAsync("raw PostgreSQL insert + commit", n, window, async (i, ct) =>
                    {
                        await using var insert = new NpgsqlCommand("insert into bench_raw.inserts (payload) values (@p::jsonb)", connections[i]);
                        insert.Parameters.AddWithValue("p", Payload);
                        await insert.ExecuteNonQueryAsync(ct);
                        return null;
                    }));
                }
                finally { foreach (var c in connections) await c.DisposeAsync(); }
            }
        }
        finally
        {
            await using var drop = source.CreateCommand("drop schema if exists bench_raw cascade");
            await drop.ExecuteNonQueryAsync();
        }
        return figures;
    }

    /// <summary>
    /// RabbitMQ.Client: <c>inFlight</c> publishers on one channel with publisher confirms (each publish awaits its
    /// confirm), persistent messages to a quorum queue, one consumer acknowledging each message. The rate is of messages
    /// confirmed AND consumed in the window.
    /// </summary>
    public static async Task<List<Figure>> RabbitAsync(string uri, int[] inFlight, TimeSpan window)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri), ClientProvidedName = "bench" };
        await using var connection = await factory.CreateConnectionAsync();
        var figures = new List<Figure>();
        var body = Encoding.UTF8.GetBytes(Payload);
        foreach (var n in inFlight)
        {
            var queue = $"bench.raw-quorum.{Guid.NewGuid():N}";
            await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: null));   // in flight: the n publishers, each awaiting its confirm (no throttling past 64)
            await using var consumerChannel = await connection.CreateChannelAsync();
            await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            await consumerChannel.BasicQosAsync(0, (ushort)Math.Clamp(n * 2, 10, 1000), false);
            long consumed = 0;
            var consumer = new AsyncEventingBasicConsumer(consumerChannel);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                await consumerChannel.BasicAckAsync(delivery.DeliveryTag, false);
                Interlocked.Increment(ref consumed);
            };
            await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);
            var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
            try
            {
                var clock = Stopwatch.StartNew();
                var publish = await ClosedLoop.RunAsync("raw RabbitMQ publish + confirm (quorum)", n, window, async (_, ct) =>
                {
                    await publisher.BasicPublishAsync("", queue, mandatory: true, properties, body, ct);
                    return null;
                });
                var consumedInWindow = Interlocked.Read(ref consumed);
                var seconds = clock.Elapsed.TotalSeconds;
                var both = Math.Min(publish.Count, consumedInWindow) / window.TotalSeconds;
                Console.WriteLine($"[bench]   consumed {consumedInWindow} in {seconds:F1} s: {both:N0} messages/s confirmed and consumed");
                figures.Add(publish with { Name = "raw RabbitMQ publish + confirm + consume (quorum)", PerSecond = both });
            }
            finally { await publisher.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false); }
        }
        return figures;
    }
}
