using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>The read side every service shares: a case's current state with its ETag, and its audited history.</summary>
public static class Reads
{
    public static async Task<IResult> GetCaseAsync<TState>(this IQuerySession session, Guid caseId, HttpContext http, Func<TState, object> view, CancellationToken ct)
        where TState : class, ICaseState
    {
        var state = await session.Events.AggregateStreamAsync<TState>(caseId, token: ct);
        if (state is null) return Problems.NotFound("The case");
        var stream = await session.Events.FetchStreamStateAsync(caseId, ct);
        http.Response.Headers.ETag = ETags.Format(stream!.Version);
        return TypedResults.Ok(view(state));
    }

    /// <summary>The full history is a purpose-bound read: it is recorded in the access log before it is answered.</summary>
    public static async Task<IResult> GetHistoryAsync(this IQuerySession session, Guid streamId, string? purpose, HttpContext http, CancellationToken ct, (Guid CaseId, string Jurisdiction)? subject = null)
    {
        var history = await session.ReadHistoryAsync(streamId, ct);
        if (history.Count == 0) return Problems.NotFound("The case");
        return await http.RecordReadAsync(purpose, "case history", subject) ?? TypedResults.Ok(history);
    }

    /// <summary>
    /// <c>GET {cases}/{caseId}</c> (the state, ETag = stream version) and <c>GET {cases}/{caseId}/history</c>
    /// (every decision with who, role, organisation, jurisdiction, when, legal basis and reasons).
    /// </summary>
    public static RouteGroupBuilder MapCaseReads<TState>(this RouteGroupBuilder cases, string service) where TState : class, ICaseState
    {
        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<TState>(caseId, http, state => state, ct))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName($"Get{service}Case")
            .WithSummary($"A {service} case; the ETag is the version to send in If-Match.")
            .Produces<TState>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/history", (Guid caseId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetHistoryAsync(caseId, purpose, http, ct))
            .RequireAuthorization(Permissions.ReadHistory)
            .WithName($"Get{service}CaseHistory")
            .WithSummary("Every decision on the case with who took it (user, role, organisation, jurisdiction), when, on what legal basis and why. Needs ?purpose= (recorded in the access log).")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
