using System.Diagnostics;

namespace TransnationalReferral.Bench;

/// <summary>Cross-service delay into one service: Identification's case-opened event → the first event of the same case there.</summary>
public sealed record ServiceDelay(string Service, int Reached, int NotReached, double P50Ms, double P99Ms, double FirstQuarterP50Ms, double LastQuarterP50Ms);

/// <summary>One open-loop rate: what the HTTP answers took, the delays read from the stores, the backlog while it ran.</summary>
public sealed record OpenLoopFigure(
    double Rate, double Seconds, int Sent, int Ok, int Errors, double P50Ms, double P99Ms, double P999Ms, double MaxSendLagMs, string? FirstError,
    List<ServiceDelay> Delays, List<Backlog> Samples, Backlog? Mid, Backlog? End, double? DrainedAfterSeconds, bool Sustained);

/// <summary>
/// An open loop: requests sent at a fixed arrival rate whatever the answers do (a request is due every 1/rate s from the
/// start; none waits for another), each latency counted from when it was due, so a client that falls behind shows in
/// the figures instead of slowing the arrivals. Here: cases opened through the gateway; then, from the stores, how long
/// each case took to reach the four other services, with the outbox lag and queue depths sampled while it ran.
/// </summary>
public static class OpenLoop
{
    /// <summary>Opens one case; returns its id or what went wrong.</summary>
    public delegate Task<(Guid? CaseId, string? Error)> Open();

    private sealed record Outcome(double LatencyMs, Guid? CaseId, string? Error);

    public static async Task<OpenLoopFigure> RunAsync(double rate, TimeSpan window, TimeSpan drainLimit, Open open, Stores stores)
    {
        Console.WriteLine($"[bench] open loop at {rate:0} cases/s for {window.TotalSeconds:0} s …");
        var total = (int)Math.Round(rate * window.TotalSeconds);
        var clock = Stopwatch.StartNew();
        var samples = new List<Backlog>();
        using var stopSampling = new CancellationTokenSource();
        var sampleEvery = TimeSpan.FromSeconds(Math.Clamp(window.TotalSeconds / 10, 1, 10));
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                try { await Task.Delay(sampleEvery, stopSampling.Token); } catch (OperationCanceledException) { break; }
                try { var b = await stores.BacklogAsync(clock.Elapsed.TotalSeconds); lock (samples) samples.Add(b); }
                catch (Exception e) { Console.WriteLine($"[bench]   backlog sample failed: {ClosedLoop.Shorten(e.Message)}"); }
            }
        });

        var sends = new Task<Outcome>[total];
        double maxLag = 0;
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            maxLag = Math.Max(maxLag, (clock.Elapsed - due).TotalMilliseconds);
            sends[i] = Task.Run(async () =>
            {
                try
                {
                    var (caseId, error) = await open();
                    return new Outcome((clock.Elapsed - due).TotalMilliseconds, caseId, error);
                }
                catch (Exception e) { return new Outcome((clock.Elapsed - due).TotalMilliseconds, null, e.GetType().Name + ": " + e.Message); }
            });
            if (i > 0 && i % Math.Max(1, (int)rate * 10) == 0) Console.WriteLine($"[bench]   {i}/{total} sent");
        }
        stopSampling.Cancel();
        await sampler;
        var end = await TryBacklogAsync(stores, clock.Elapsed.TotalSeconds);   // the moment the last request was due
        var outcomes = await Task.WhenAll(sends);
        var seconds = clock.Elapsed.TotalSeconds;

        var latencies = outcomes.Where(o => o.Error is null).Select(o => o.LatencyMs).Order().ToArray();
        var errors = outcomes.Count(o => o.Error is not null);
        var firstError = outcomes.FirstOrDefault(o => o.Error is not null)?.Error;
        Console.WriteLine($"[bench]   HTTP: {latencies.Length} ok, {errors} errors; p50 {ClosedLoop.Percentile(latencies, 0.5):F1} ms, p99 {ClosedLoop.Percentile(latencies, 0.99):F1} ms, p99.9 {ClosedLoop.Percentile(latencies, 0.999):F1} ms; sender at most {maxLag:F0} ms behind schedule");
        if (firstError is not null) Console.WriteLine($"[bench]   first error: {ClosedLoop.Shorten(firstError)}");
        if (end is not null) Console.WriteLine($"[bench]   at the end: outbox behind by {end.OutboxTotal} events ({end.DescribeOutbox()}), {end.QueuedTotal} messages queued");

        // The delays: once every case has reached the four services (or the drain limit has passed), read from the stores.
        var cases = outcomes.Select(o => o.CaseId).OfType<Guid>().ToArray();
        var others = Stores.Services.Select(s => s.Name).Where(s => s != "identification").ToArray();
        var drain = Stopwatch.StartNew();
        double? drained = null;
        Dictionary<string, Dictionary<Guid, DateTime>> reached = [];
        while (true)
        {
            foreach (var service in others) reached[service] = await stores.FirstEventsAsync(service, cases);
            if (others.All(s => reached[s].Count >= cases.Length)) { drained = drain.Elapsed.TotalSeconds; break; }
            if (drain.Elapsed > drainLimit) break;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        Console.WriteLine(drained is { } d ? $"[bench]   every case reached the four services {d:F1} s after the last answer" : $"[bench]   not every case had reached the four services {drainLimit.TotalSeconds:0} s after the last answer");
        var opened = await stores.FirstEventsAsync("identification", cases);
        var order = cases.Where(opened.ContainsKey).OrderBy(c => opened[c]).ToArray();
        var delays = others.Select(service =>
        {
            double[] Of(IEnumerable<Guid> some) => some.Where(reached[service].ContainsKey).Select(c => (reached[service][c] - opened[c]).TotalMilliseconds).Order().ToArray();
            var all = Of(order);
            var quarter = Math.Max(1, order.Length / 4);
            var delay = new ServiceDelay(service, all.Length, order.Length - all.Length, ClosedLoop.Percentile(all, 0.5), ClosedLoop.Percentile(all, 0.99),
                ClosedLoop.Percentile(Of(order.Take(quarter)), 0.5), ClosedLoop.Percentile(Of(order.TakeLast(quarter)), 0.5));
            Console.WriteLine($"[bench]   identification → {service,-8}: p50 {delay.P50Ms,7:F0} ms, p99 {delay.P99Ms,7:F0} ms (p50 of the first quarter {delay.FirstQuarterP50Ms:F0} ms, of the last {delay.LastQuarterP50Ms:F0} ms; {delay.NotReached} not reached)");
            return delay;
        }).ToList();

        var mid = samples.Count > 0 ? samples.MinBy(s => Math.Abs(s.AtSeconds - window.TotalSeconds / 2)) : null;
        // Sustained: the backlog at the end is not clearly larger than at mid-run (half again, and more than two seconds of
        // arrivals), and no service's delay is still climbing (the last quarter's p50 more than twice the first's, and a second more).
        var backlogGrew = end is null || (mid is not null && end.Total > Math.Max(mid.Total * 1.5, rate * 2));
        var delaysGrew = delays.Any(d => d.LastQuarterP50Ms > 2 * d.FirstQuarterP50Ms + 1000);
        var sustained = !backlogGrew && !delaysGrew;
        Console.WriteLine($"[bench]   backlog mid-run {mid?.Total.ToString() ?? "?"}, at the end {end?.Total.ToString() ?? "?"}{(delaysGrew ? "; delays still climbing" : "")}: {(sustained ? "sustained" : "growing")}");
        return new OpenLoopFigure(rate, seconds, total, latencies.Length, errors, ClosedLoop.Percentile(latencies, 0.5), ClosedLoop.Percentile(latencies, 0.99),
            ClosedLoop.Percentile(latencies, 0.999), maxLag, firstError, delays, samples, mid, end, drained, sustained);
    }

    private static async Task<Backlog?> TryBacklogAsync(Stores stores, double at)
    {
        try { return await stores.BacklogAsync(at); }
        catch (Exception e) { Console.WriteLine($"[bench]   backlog at the end could not be read: {ClosedLoop.Shorten(e.Message)}"); return null; }
    }
}
