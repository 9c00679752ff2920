namespace TransnationalReferral.JudicialCooperation.Requests;

public sealed record RequestRow(Guid Id, Direction Direction, RequestType Type, string Counterpart, bool Urgent, RequestStage Stage, DateTimeOffset? RespondBy, bool Overdue, int PendingNonPunishmentReviews);

/// <summary>What is read of requests and of requests to return proceeds: lists, one request, a request's history. Read by <see cref="RequestAccess"/> only.</summary>
public static class RequestQueries
{
    public static RouteGroupBuilder MapRequestQueries(this RouteGroupBuilder requests)
    {
        requests.MapGet("/", async (string? stage, string? direction, string? counterpart, bool? overdue, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                RequestStage? wantedStage = null;
                Direction? wantedDirection = null;
                if (stage is not null)
                {
                    if (!Codes.TryParse<RequestStage>(stage, out var s)) return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<RequestStage>().Select(v => Codes.Of(v)))}.");
                    wantedStage = s;
                }
                if (direction is not null)
                {
                    if (!Codes.TryParse<Direction>(direction, out var d)) return Problems.Invalid("direction", "outgoing or incoming.");
                    wantedDirection = d;
                }
                var jurisdiction = http.Actor().Jurisdiction;
                if (!RequestAccess.MayRead(http.Actor(), jurisdiction)) return Results.Ok(Array.Empty<RequestRow>());
                var query = session.Query<JudicialRequest>().Where(r => r.Jurisdiction == jurisdiction);
                if (wantedStage is { } ws) query = query.Where(r => r.Stage == ws);
                if (wantedDirection is { } wd) query = query.Where(r => r.Direction == wd);
                if (counterpart is not null) query = query.Where(r => r.Counterpart == counterpart);
                if (overdue is { } o) query = query.Where(r => r.Overdue == o);
                var found = await query.OrderBy(r => r.CreatedAt).Take(1000).ToListAsync(ct);
                return Results.Ok(found.Select(r => new RequestRow(r.Id, r.Direction, r.Type, r.Counterpart, r.Urgent, r.Stage, r.RespondBy, r.Overdue,
                    (r.Reviews ?? []).Count(v => v.OffenceCompelledByTrafficking is null))).ToList());
            })
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("ListRequests")
            .WithSummary("Requests of your jurisdiction by ?stage=, ?direction=, ?counterpart=, ?overdue=true, with pending non-punishment reviews.").Produces<IReadOnlyList<RequestRow>>();

        requests.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await RequestEndpoints.FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The request") : await session.GetCaseAsync<JudicialRequest>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetRequest")
            .WithSummary("One request; the ETag is the version to send in If-Match.").Produces<JudicialRequest>().ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await RequestEndpoints.FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound("The request")
                : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.Persons.FirstOrDefault()?.CaseId ?? requestId, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetRequestHistory")
            .WithSummary("Every decision on the request with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();
        return requests;
    }

    public static RouteGroupBuilder MapProceedsReturnQueries(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var jurisdiction = http.Actor().Jurisdiction;
                return Results.Ok(await session.Query<IncomingProceedsReturn>().Where(r => r.Jurisdiction == jurisdiction).OrderBy(r => r.ReceivedAt).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("ListIncomingProceedsReturns")
            .WithSummary("Requests from other states to return confiscated proceeds for their victims' compensation.").Produces<IReadOnlyList<IncomingProceedsReturn>>();
        group.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await ProceedsReturns.FindAsync(session, requestId, http, ct) is not null
                    ? await session.GetCaseAsync<IncomingProceedsReturn>(requestId, http, s => s, ct) : Problems.NotFound("The request"))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetIncomingProceedsReturn")
            .WithSummary("One request to return proceeds; the ETag is the version for If-Match.").Produces<IncomingProceedsReturn>().ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }
}
