using Marten;
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
        if (state is null || !state.IsVisibleTo(http.Actor())) return Problems.NotFound("The case");
        var stream = await session.Events.FetchStreamStateAsync(caseId, ct);
        http.Response.Headers.ETag = ETags.Format(stream!.Version);
        return TypedResults.Ok(view(state));
    }

    public static async Task<IResult> GetHistoryAsync<TState>(this IQuerySession session, Guid caseId, HttpContext http, CancellationToken ct)
        where TState : class, ICaseState
    {
        var state = await session.Events.AggregateStreamAsync<TState>(caseId, token: ct);
        if (state is null || !state.IsVisibleTo(http.Actor())) return Problems.NotFound("The case");
        return TypedResults.Ok(await session.ReadHistoryAsync(caseId, ct));
    }
}
