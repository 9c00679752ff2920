namespace TransnationalReferral.ServiceDefaults.Deadlines;

/// <summary>
/// A deadline on a case, stored in the service's own PostgreSQL database in the same transaction as the
/// decision that set it — no in-memory timer, no broker delay — so it survives restarts and fires once.
/// </summary>
/// <param name="Subject">What on the case the deadline is about when a case has several of a kind (e.g. one per referral).</param>
public sealed record Deadline(string Id, Guid CaseId, string Kind, DateTimeOffset DueAt, DateTimeOffset? FiredAt = null, Guid? Subject = null);

/// <summary>What a deadline of one kind decides when it falls due (e.g. "the reflection period expired").</summary>
public interface IDeadlineHandler
{
    string Kind { get; }

    /// <summary>Appends the decision the deadline causes; the scheduler commits it together with the deadline marked as fired.</summary>
    Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct);
}

public static class DeadlineSchedule
{
    public static string IdOf(Guid caseId, string kind, Guid? subject = null) => subject is { } s ? $"{kind}/{caseId:N}/{s:N}" : $"{kind}/{caseId:N}";

    /// <summary>Sets (or moves, and re-arms) the case's deadline of this kind (and subject), in the caller's transaction.</summary>
    public static async Task ScheduleAsync(this IDocumentSession session, Guid caseId, string kind, DateTimeOffset dueAt, CancellationToken ct, Guid? subject = null)
    {
        // Loaded first so that the optimistic check at commit knows the version it replaces.
        var id = IdOf(caseId, kind, subject);
        var existing = await session.LoadAsync<Deadline>(id, ct);
        session.Store(existing is null ? new Deadline(id, caseId, kind, dueAt, Subject: subject) : existing with { DueAt = dueAt, FiredAt = null });
    }

    /// <summary>Cancels the case's deadline of this kind (and subject), in the caller's transaction.</summary>
    public static void Cancel(this IDocumentSession session, Guid caseId, string kind, Guid? subject = null) => session.Delete<Deadline>(IdOf(caseId, kind, subject));

    /// <summary>Runs the scheduler and the given handlers (<c>Deadlines:PollSeconds</c>, default 5).</summary>
    public static IServiceCollection AddDeadlines(this IServiceCollection services, params Type[] handlers)
    {
        foreach (var handler in handlers) services.AddSingleton(typeof(IDeadlineHandler), handler);
        services.AddHostedService<DeadlineScheduler>();
        return services;
    }
}

/// <summary>
/// Polls the service's deadlines that are due and not fired, and lets their handler decide, stamped with the
/// service as actor and the deadline as cause. Every instance of the service polls; each due deadline is claimed first
/// (its row locked with <c>FOR UPDATE SKIP LOCKED</c> in the transaction that will carry the decision,
/// <see cref="AdvisoryLocks.TryClaimAsync{T}(IDocumentSession, string, CancellationToken)"/>), so only the instance
/// that holds the row runs the handler; the others pass it by, or, once it is committed, read it as fired. The deadline
/// is marked fired in the same transaction as its decision, and the optimistic check on the deadline still stops a
/// firing that a decision moved or cancelled meanwhile.
/// </summary>
public sealed class DeadlineScheduler(
    IDocumentStore store, IEnumerable<IDeadlineHandler> handlers, TimeProvider clock, ServiceIdentity service,
    IConfiguration configuration, ILogger<DeadlineScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, IDeadlineHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Polling.RepeatAsync(FireDueAsync,
        TimeSpan.FromSeconds(configuration.GetValue("Deadlines:PollSeconds", 5.0)), logger, "Deadline scheduler pass", stoppingToken);

    public async Task<int> FireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<Deadline> due;
        await using (var query = store.QuerySession())
            due = await query.Query<Deadline>().Where(d => d.FiredAt == null && d.DueAt <= now).OrderBy(d => d.DueAt).Take(100).ToListAsync(ct);

        var fired = 0;
        foreach (var deadline in due)
        {
            if (!_handlers.TryGetValue(deadline.Kind, out var handler))
            {
                logger.LogWarning("No handler for deadline kind {Kind}", deadline.Kind);
                continue;
            }
            await using var session = store.LightweightSession();
            if (!await session.TryClaimAsync<Deadline>(deadline.Id, ct)) continue;   // another instance is firing it
            var current = await session.LoadAsync<Deadline>(deadline.Id, ct);
            if (current is null || current.FiredAt is not null || current.DueAt > now) continue;

            var actor = Actor.System(service.Name, service.Jurisdiction);
            session.Stamp(actor, causationId: $"deadline:{deadline.Id}");
            await handler.HandleAsync(current, session, new DecisionContext(actor, now), ct);
            session.Store(current with { FiredAt = now });
            try
            {
                await session.SaveChangesAsync(ct);
                fired++;
                logger.LogInformation("Deadline {Kind} for case {CaseId} fired", deadline.Kind, deadline.CaseId);
            }
            catch (ConcurrencyException)
            {
                logger.LogInformation("Deadline {Id} was fired or moved concurrently", deadline.Id);
            }
        }
        return fired;
    }
}
