namespace TransnationalReferral.ServiceDefaults;

/// <summary>The loop of a background service that polls (deadlines, cross-border deadlines).</summary>
public static class Polling
{
    /// <summary>
    /// Runs <paramref name="pass"/> every <paramref name="interval"/> until the host stops; a failed pass is logged as
    /// "<paramref name="what"/> failed; retrying" and the next one runs after the interval.
    /// </summary>
    public static async Task RepeatAsync(Func<CancellationToken, Task> pass, TimeSpan interval, ILogger logger, string what, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Pass} failed; retrying", what);
            }
            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
