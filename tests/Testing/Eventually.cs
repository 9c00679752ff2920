namespace TransnationalReferral.Testing;

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> returns a value, or fails after <paramref name="timeout"/> naming what was awaited.</summary>
    public static async Task<T> GetAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static async Task TrueAsync(string what, Func<Task<bool>> probe, TimeSpan? timeout = null) =>
        await GetAsync(what, async () => await probe() ? "ok" : null, timeout);
}
