using System.Diagnostics;

namespace TransnationalReferral.Bench;

/// <summary>One closed-loop measurement: how many operations completed in the window, their rate and latencies.</summary>
public sealed record Figure(string Name, int Concurrency, double Seconds, long Count, long Errors, double PerSecond, double P50Ms, double P99Ms, string? FirstError = null);

/// <summary>
/// A closed loop: <c>concurrency</c> workers each run one operation after another for the window; a worker starts its
/// next operation when the previous one ends. Counts and latencies of the operations that ended inside the window.
/// </summary>
public static class ClosedLoop
{
    /// <summary>The operation of worker <c>index</c>; returns null on success, or what went wrong (counted as an error).</summary>
    public delegate Task<string?> Operation(int index, CancellationToken ct);

    public static async Task<Figure> RunAsync(string name, int concurrency, TimeSpan window, Operation operation)
    {
        var latencies = new List<double>[concurrency];
        var errors = new long[concurrency];
        string? firstError = null;
        using var stop = new CancellationTokenSource(window);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                string? error;
                try { error = await operation(i, CancellationToken.None); }
                catch (Exception e) { error = e.GetType().Name + ": " + e.Message; }
                if (clock.Elapsed > window) break;   // ended after the window: not counted
                if (error is null) latencies[i].Add((clock.Elapsed - started).TotalMilliseconds);
                else
                {
                    errors[i]++;
                    Interlocked.CompareExchange(ref firstError, error, null);
                    await Task.Delay(50);   // an error answered fast must not turn the loop into a flood
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Math.Min(clock.Elapsed.TotalSeconds, window.TotalSeconds);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var figure = new Figure(name, concurrency, seconds, all.Length, errors.Sum(), all.Length / window.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.99), firstError);
        Console.WriteLine($"[bench] {name,-40} {concurrency,3} clients: {figure.PerSecond,9:N0}/s  p50 {figure.P50Ms,7:F1} ms  p99 {figure.P99Ms,7:F1} ms  ({figure.Count} ok, {figure.Errors} errors)");
        if (firstError is not null) Console.WriteLine($"[bench]   first error: {Shorten(firstError)}");
        return figure;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
