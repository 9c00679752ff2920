using TransnationalReferral.Return.Cases;

namespace TransnationalReferral.Return.Reintegration;

/// <summary>The reception and reintegration's read-only endpoints: the incoming returns in the caller's scope, one of them, its history, and the monitoring contacts due.</summary>
public static class ReintegrationQueries
{
    public static RouteGroupBuilder MapIncomingReturnQueries(this RouteGroupBuilder incoming)
    {
        incoming.MapGet("/", async (string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                if (!ReturnQueries.TryStage<IncomingStage>(stage, out var wanted, out var problem)) return problem;
                var actor = http.Actor();
                var query = session.Query<IncomingReturn>().Where(r => r.Jurisdiction == actor.Jurisdiction);
                if (wanted is { } w) query = query.Where(r => r.Stage == w);
                return Results.Ok((await query.OrderBy(r => r.ReceivedAt).Take(1000).ToListAsync(ct)).Where(r => r.Allows(actor)).ToList());
            })
            .RequireAuthorization(Permissions.ReadCase).WithName("ListIncomingReturns")
            .WithSummary("Returns your jurisdiction receives (as the country of return), by stage: all of them for the focal point and auditors, those your organisation meets or provides for otherwise.").Produces<IReadOnlyList<IncomingReturn>>();

        incoming.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await Reintegrating.FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The incoming return") : await session.GetCaseAsync<IncomingReturn>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadCase).WithName("GetIncomingReturn")
            .WithSummary("One incoming return; the ETag is the version to send in If-Match.").Produces<IncomingReturn>().ProducesProblem(StatusCodes.Status404NotFound);

        incoming.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await Reintegrating.FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound("The incoming return")
                    : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.CaseId, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadHistory).WithName("GetIncomingReturnHistory")
            .WithSummary("Every decision on the incoming return with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();
        return incoming;
    }

    /// <summary><c>GET /api/return/monitoring/upcoming?withinDays=</c>: monitoring contacts due soon (and overdue ones) in your jurisdiction.</summary>
    public static RouteGroupBuilder MapMonitoring(this RouteGroupBuilder monitoring)
    {
        monitoring.MapGet("/upcoming", async (int? withinDays, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var days = withinDays ?? 30;
                if (days is < 1 or > 366) return Problems.Invalid("withinDays", "between 1 and 366.");
                var actor = http.Actor();
                var until = http.Now().AddDays(days);
                var running = await session.Query<IncomingReturn>().Where(r => r.Jurisdiction == actor.Jurisdiction && r.Stage == IncomingStage.Reintegrating).ToListAsync(ct);
                return Results.Ok(running.Where(r => r.Allows(actor)).SelectMany(r => (r.Contacts ?? []).Where(c => c.HeldAt is null && c.DueBy <= until).Select(c => new UpcomingContact(r.Id, r.CaseId, c.ContactId, c.DueBy, c.Overdue)))
                    .OrderBy(c => c.DueBy).ToList());
            })
            .RequireAuthorization(Permissions.ReadCase).WithName("ListUpcomingMonitoringContacts")
            .WithSummary("Monitoring contacts due within ?withinDays= (default 30), overdue ones included, soonest first.").Produces<IReadOnlyList<UpcomingContact>>();
        return monitoring;
    }
}

public sealed record UpcomingContact(Guid RequestId, Guid CaseId, Guid ContactId, DateTimeOffset DueBy, bool Overdue);
