extern alias Identification;
using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using Cases = Identification::TransnationalReferral.Identification.Cases;

namespace TransnationalReferral.Benchmarks;

/// <summary>
/// The bus as the services use it: case-opened events in Identification's event store, published by the project's
/// outbox (Identification's own host, in process, as <c>tests/EndToEnd.Tests/OutboxTests.cs</c> runs it), consumed from
/// a quorum queue bound to the contract's exchange and acknowledged one by one (as tools/Bench's raw RabbitMQ row
/// consumes). The backlog is written first with the outbox off (not timed); then Identification starts with its outbox
/// and the clock runs from the first message consumed until the backlog is consumed or the window has passed.
/// </summary>
public static class OutboxBusBenchmark
{
    public sealed record Result(int Backlog, long Consumed, double Seconds, double PerSecond, bool Drained);

    public static async Task<Result> RunAsync(int messages, TimeSpan window)
    {
        // Where MvcTestingAppManifest.json names the service's content root (the audit section sets it too; alone, with
        // --audit=false, this section would otherwise look for Identification's content root beside the repository).
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("identification");
        Dictionary<string, string?> Settings(bool outbox) => database.ServiceSettings(bus, new Dictionary<string, string?> { ["Outbox:Enabled"] = outbox ? "true" : "false" });

        Console.WriteLine($"Outbox: writing a backlog of {messages} opened cases into Identification's store with its outbox off (not timed) …");
        await using (var writer = new ServiceHost<Identification::Program>(Settings(outbox: false)))
        {
            writer.Start();
            var store = writer.Services.GetRequiredService<IDocumentStore>();
            var freeText = writer.Services.GetRequiredService<FreeText>();
            var actor = new Actor("bench-officer", "FocalPoint", "nl-focal-point", "NL");
            for (var written = 0; written < messages;)
            {
                await using var session = store.LightweightSession();
                session.Stamp(actor);
                var batch = Math.Min(100, messages - written);
                for (var i = 0; i < batch; i++)
                {
                    // The decision itself (OpeningCase.Decide), stored as its route stores it: the signaller's name sealed.
                    var command = new Cases.OpeningCase.OpenCase(Guid.CreateVersion7(), Guid.CreateVersion7(), Cases.SignalSource.Ngo, "nl-comensha", "NL", Cases.Sex.Female, Cases.AgeGroup.From25To34, null);
                    var decision = Cases.OpeningCase.Decide(null, command, new DecisionContext(actor, DateTimeOffset.UtcNow));
                    if (decision.Refusal is { } refusal) throw new InvalidOperationException($"opening a case for the benchmark was refused: {refusal}");
                    var events = decision.Events.ToArray();
                    events[0] = (Cases.CaseOpened)events[0] with { SignallingOrganisation = await freeText.SealAsync(session, command.CaseId, command.SignallingOrganisation, CancellationToken.None) };
                    session.Events.StartStream<Cases.IdentificationCase>(command.CaseId, events);
                }
                session.Record(new DecisionBasis(Cases.OpeningCase.LegalBasis, "benchmark"));
                await session.SaveChangesAsync();
                written += batch;
                Console.Write($"\r  {written}/{messages}");
            }
            Console.WriteLine();
        }

        // The consumer: a quorum queue on the fanout exchange MassTransit publishes the contract to, each message acknowledged.
        var factory = new ConnectionFactory { Uri = bus.AmqpUri, ClientProvidedName = "bench-outbox-consumer" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = $"{typeof(IdentificationCaseOpened).Namespace}:{nameof(IdentificationCaseOpened)}";
        const string queue = "bench-outbox-consumer";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(queue, exchange, "");
        await channel.BasicQosAsync(0, 200, false);
        var clock = Stopwatch.StartNew();
        long consumed = 0, first = -1, last = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
            var now = clock.ElapsedTicks;
            Interlocked.CompareExchange(ref first, now, -1);
            Interlocked.Exchange(ref last, now);
            if (Interlocked.Increment(ref consumed) >= messages) all.TrySetResult();
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);

        Console.WriteLine($"Outbox: Identification starts with its outbox; publish + consume of the backlog, at most {window.TotalSeconds:0} s from the first message …");
        await using var publisher = new ServiceHost<Identification::Program>(Settings(outbox: true));
        publisher.Start();
        for (var waited = Stopwatch.StartNew(); Interlocked.Read(ref first) < 0; await Task.Delay(20))
            if (waited.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException("the outbox published nothing in 120 s");
        var firstAt = TimeSpan.FromTicks((long)(Interlocked.Read(ref first) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency)));
        var remaining = window - (clock.Elapsed - firstAt);
        if (remaining > TimeSpan.Zero) await Task.WhenAny(all.Task, Task.Delay(remaining));
        var drained = all.Task.IsCompleted;
        var count = Interlocked.Read(ref consumed);
        var seconds = drained
            ? (Interlocked.Read(ref last) - Interlocked.Read(ref first)) / (double)Stopwatch.Frequency
            : window.TotalSeconds;
        // Drained: the first message starts the clock, so the rate is of the messages after it.
        var rate = drained ? (count - 1) / Math.Max(seconds, 1e-3) : count / seconds;
        Console.WriteLine($"Outbox: {count} of {messages} consumed in {seconds:F1} s: {rate:N0} messages/s published by the outbox and consumed{(drained ? "" : " (window ended before the backlog)")}");
        return new Result(messages, count, seconds, rate, drained);
    }
}
