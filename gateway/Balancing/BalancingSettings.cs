using System.Globalization;

namespace TransnationalReferral.Gateway.Balancing;

/// <summary>
/// How the gateway spreads requests over a service's instances and finds out which are healthy (configuration section
/// <c>LoadBalancing</c>):
/// <list type="bullet">
/// <item><c>Policy</c> (default <c>PowerOfTwoChoices</c>): YARP's load-balancing policy. Power of two choices takes two
/// instances at random and sends the request to the one with fewer requests in flight, so an instance that is slow for a
/// while (a garbage collection, a projection catching up, a cold start after a restart) gets less work at once, which
/// round robin would keep feeding in turn. <c>RoundRobin</c>, <c>LeastRequests</c>, <c>Random</c> and <c>First</c> are the others.</item>
/// <item><c>HealthCheckIntervalSeconds</c> (5) and <c>HealthCheckTimeoutSeconds</c> (3): the active check asks every
/// instance's <c>/health/ready</c> this often; two failed answers in a row (or no answer within the timeout) take it out
/// of rotation, the first good one brings it back.</item>
/// <item><c>ReactivationSeconds</c> (10): an instance the gateway could not reach while forwarding a request (passive
/// check, <see cref="FirstTransportFailurePolicy"/>) stays out of rotation this long, then is tried again if the active check agrees.</item>
/// </list>
/// </summary>
public sealed record BalancingSettings(string Policy, TimeSpan HealthCheckInterval, TimeSpan HealthCheckTimeout, TimeSpan Reactivation)
{
    /// <summary>Seconds a client is told to wait (Retry-After) when no instance of a service could take its request.</summary>
    public int RetryAfterSeconds => (int)Math.Ceiling(Math.Max(1, Math.Min(HealthCheckInterval.TotalSeconds, Reactivation.TotalSeconds)));

    public static BalancingSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("LoadBalancing");
        var policy = section["Policy"] is { Length: > 0 } configured ? configured : "PowerOfTwoChoices";
        return new BalancingSettings(policy, Seconds(section, "HealthCheckIntervalSeconds", 5), Seconds(section, "HealthCheckTimeoutSeconds", 3), Seconds(section, "ReactivationSeconds", 10));
    }

    private static TimeSpan Seconds(IConfigurationSection section, string key, double fallback)
    {
        var raw = section[key];
        if (string.IsNullOrWhiteSpace(raw)) return TimeSpan.FromSeconds(fallback);
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromSeconds(value)
            : throw new InvalidOperationException($"LoadBalancing:{key} must be a positive number of seconds (it is '{raw}').");
    }
}
