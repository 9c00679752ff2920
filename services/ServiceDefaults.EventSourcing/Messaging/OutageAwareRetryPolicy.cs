using MassTransit;
using MassTransit.RetryPolicies;

namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit's retry policy for every consumer, told apart by the exception. A database outage
/// (<see cref="DatabaseOutage.IsUnavailable"/>) is no fault of the message: it is retried for as long as the database is
/// away, the wait doubling up to a cap, while the delivery stays unacknowledged in the broker (a crash of the process
/// hands it to another consumer; nothing reaches <c>_error</c>). Any other failure counts toward the bounded limit,
/// after which the message goes to the endpoint's <c>_error</c> queue; exceptions the filter ignores
/// (<see cref="InvalidMessageException"/>) go there at once. Outage attempts do not count toward the limit.
/// </summary>
public sealed class OutageAwareRetryPolicy(IExceptionFilter filter, MessageRetrySettings settings, ILogger logger) : IRetryPolicy
{
    private readonly ExponentialRetryPolicy _failures = new(filter, settings.Limit, settings.MinInterval, settings.MaxInterval, settings.IntervalDelta);

    public MessageRetrySettings Settings => settings;

    public ILogger Logger => logger;

    public RetryPolicyContext<T> CreatePolicyContext<T>(T context) where T : class, PipeContext => new PolicyContext<T>(this, context);

    public bool IsHandled(Exception exception) => filter.Match(exception);

    /// <summary>Whether this failure may be retried once more, given the failures (not outages) counted before it.</summary>
    public bool MayRetry(Exception exception, int failures) =>
        IsHandled(exception) && (DatabaseOutage.IsUnavailable(exception) || failures < settings.Limit);

    /// <summary>The wait before the next attempt: the outage back-off after an outage, otherwise the bounded policy's interval.</summary>
    public TimeSpan Delay(Exception exception, int failures, int outages)
    {
        if (!DatabaseOutage.IsUnavailable(exception)) return _failures.GetRetryInterval(Math.Max(failures - 1, 0));
        var doubled = settings.OutageMinInterval.TotalMilliseconds * Math.Pow(2, Math.Min(outages - 1, 30));
        var capped = Math.Min(doubled, settings.OutageMaxInterval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    public void Probe(ProbeContext context)
    {
        context.Set(new { Policy = "OutageAware", settings.Limit, OutageMax = settings.OutageMaxInterval });
        filter.Probe(context);
    }

    private sealed class PolicyContext<T>(OutageAwareRetryPolicy policy, T context) : BaseRetryPolicyContext<T>(policy, context)
        where T : class, PipeContext
    {
        public override bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            var next = Attempt<T>.After(policy, Context, exception, 0, 0, 0, CancellationToken);
            retryContext = next;
            return policy.MayRetry(exception, 0) && !CancellationToken.IsCancellationRequested;
        }

        protected override RetryContext<T> CreateRetryContext(Exception exception, CancellationToken cancellationToken) =>
            Attempt<T>.After(policy, Context, exception, 0, 0, 0, cancellationToken);
    }

    /// <summary>One retry to come: how many retries, failures and consecutive outages preceded it.</summary>
    private sealed class Attempt<T> : BaseRetryContext<T>, RetryContext<T> where T : class, PipeContext
    {
        private readonly OutageAwareRetryPolicy _policy;
        private readonly int _failures;
        private readonly int _outages;

        private Attempt(OutageAwareRetryPolicy policy, T context, Exception exception, int retryCount, int failures, int outages, CancellationToken ct)
            : base(context, exception, retryCount, ct) => (_policy, _failures, _outages) = (policy, failures, outages);

        /// <summary>The retry that follows <paramref name="exception"/>, counted as a failure or as an outage.</summary>
        public static Attempt<T> After(OutageAwareRetryPolicy policy, T context, Exception exception, int retryCount, int failures, int outages, CancellationToken ct)
        {
            var outage = DatabaseOutage.IsUnavailable(exception);
            // The first retry of an outage and every tenth after it are logged: enough to follow it, not a line per second per message.
            if (outage && (outages == 0 || (outages + 1) % 10 == 0))
                policy.Logger.LogWarning("The database is unavailable while consuming message {MessageId} ({Exception}): outage retry {Outage}, the message stays on its queue",
                    (context as ConsumeContext)?.MessageId, exception.GetType().Name, outages + 1);
            return new Attempt<T>(policy, context, exception, retryCount, outage ? failures : failures + 1, outage ? outages + 1 : 0, ct);
        }

        public override TimeSpan? Delay => _policy.Delay(Exception, _failures, _outages);

        public bool CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            // Counted before this exception; the failure limit applies to failures that preceded it.
            retryContext = After(_policy, Context, exception, RetryCount + 1, _failures, _outages, CancellationToken);
            return _policy.MayRetry(exception, _failures) && !CancellationToken.IsCancellationRequested;
        }
    }
}
