using Marten;
using Microsoft.AspNetCore.Http;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>The one write path: load at the version the caller saw, decide (pure), append with the decision's basis.</summary>
public static class StreamDecisions
{
    /// <summary>
    /// A decision on an existing case: If-Match names the version the caller decided on (428 without it,
    /// 409 when stale), <paramref name="decide"/> returns events or a refusal, and the events are appended
    /// with an optimistic check at commit (the decision filter commits). <paramref name="whenAccepted"/> adds
    /// what the accepted decision implies to the same transaction (a deadline, a vault write).
    /// </summary>
    public static async Task<IResult> DecideAsync<TState>(
        this IDocumentSession session, Guid caseId, HttpContext http,
        Func<TState, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null)
        where TState : class, ICaseState
    {
        if (!http.Request.TryGetExpectedVersion(out var expected, out var precondition)) return precondition!;
        if (basis.Reasons is { Length: > DecisionBasis.MaxReasonsLength }) return Problems.Invalid("reasons", $"at most {DecisionBasis.MaxReasonsLength} characters.");

        var actor = http.Actor();
        var stream = await session.Events.FetchForWriting<TState>(caseId, ct);
        if (stream.Aggregate is not { } state) return Problems.NotFound("The case");
        if (stream.CurrentVersion != expected)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case has changed since you read it",
                detail: $"You decided on version {expected}, the case is at version {stream.CurrentVersion}. Read the case again and retry with its current ETag.");

        var decision = decide(state, new DecisionContext(actor, http.Now()));
        if (decision.Refusal is { } refusal) return refusal.ToProblem();

        stream.AppendMany(decision.Events);
        session.Record(basis);
        if (whenAccepted is not null) await whenAccepted(decision.Events); // effects in the same transaction (deadlines, vault)
        var version = expected + decision.Events.Count;
        return DecisionResult.Ok(new DecisionAccepted(caseId, version), version);
    }
}

/// <summary>The body of an accepted decision on an existing case.</summary>
public sealed record DecisionAccepted(Guid CaseId, long Version);
