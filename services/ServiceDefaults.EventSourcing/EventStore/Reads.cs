namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>The read side every service shares: a case's current state with its ETag, and its audited history.</summary>
public static class Reads
{
    /// <summary>
    /// The current state with its ETag — or, with <c>?asOf=</c> (an instant) or <c>?version=</c>, the state as it was
    /// then ("what did the system know when this decision was taken"), answered without an ETag (no decision is
    /// taken on the past) and with <c>Stream-Version</c> naming the version it reflects.
    /// </summary>
    /// <remarks><paramref name="view"/> answering null is "not found" (<paramref name="what"/>: a thing on the case that is not there).</remarks>
    public static async Task<IResult> GetCaseAsync<TState>(this IQuerySession session, Guid caseId, HttpContext http, Func<TState, object?> view, CancellationToken ct, string what = "The case")
        where TState : class, ICaseState, IEvolving<TState>
    {
        var query = http.Request.Query;
        DateTimeOffset? asOf = null;
        long? version = null;
        if (query.TryGetValue("asOf", out var rawAsOf))
        {
            if (!IsoDates.TryParseInstant(rawAsOf, out var parsed)) return Problems.Invalid("asOf", IsoDates.InstantProblem);
            asOf = parsed;
        }
        if (query.TryGetValue("version", out var rawVersion))
        {
            if (!long.TryParse(rawVersion, out var parsed) || parsed < 1) return Problems.Invalid("version", "a stream version from 1.");
            version = parsed;
        }

        // One read of the stream: the state and its version (the ETag) always belong together.
        var events = await session.Events.FetchStreamAsync(caseId, version ?? 0, asOf, token: ct);
        if (events.Count == 0) return Problems.NotFound(asOf is null && version is null ? "The case" : "The case as of then (it did not exist yet)");
        var state = events.Aggregate((TState?)null, (s, e) => TState.Fold(s, e.Data));
        if (state is null) return Problems.NotFound("The case");
        if (view(state) is not { } body) return Problems.NotFound(what);
        var at = events[^1].Version;
        if (asOf is null && version is null) http.Response.Headers.ETag = ETags.Format(at);
        else http.Response.Headers["Stream-Version"] = at.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(body);
    }

    /// <summary>
    /// <c>GET {cases}/{caseId}/{items}/{itemId}</c>: one thing a decision created on the case (a consent, a share, a
    /// claim…) — the <c>Location</c> that decision answered — read from the case's current state (or as it was, with
    /// <c>?asOf=</c>/<c>?version=</c>), with the case's ETag; 404 when the case has no such thing. Same authorization
    /// as the case (<see cref="Permissions.ReadCase"/> and the case scope).
    /// </summary>
    public static RouteHandlerBuilder MapCaseItem<TState, TItem>(this IEndpointRouteBuilder cases, string items, Func<TState, Guid, TItem?> find, string thing, string name)
        where TState : class, ICaseState, IEvolving<TState> where TItem : class =>
        cases.MapGet($"/{{caseId:guid}}/{items}/{{itemId:guid}}", (Guid caseId, Guid itemId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<TState>(caseId, http, state => find(state, itemId), ct, $"The {thing}"))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName(name)
            .WithSummary($"One {thing} of the case, where the decision that created it points (Location); the ETag is the case's version.")
            .Produces<TItem>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>The full history is a purpose-bound read: it is recorded in the access log before it is answered.</summary>
    public static async Task<IResult> GetHistoryAsync(this IQuerySession session, Guid streamId, string? purpose, HttpContext http, CancellationToken ct,
        (Guid CaseId, string Jurisdiction)? subject = null, RelatedStreams? related = null)
    {
        var history = await session.ReadHistoryAsync(streamId, http.Actor(), ct, related);
        if (history.Count == 0) return Problems.NotFound("The case");
        return await http.RecordReadAsync(purpose, "case history", subject) ?? TypedResults.Ok(history);
    }

    /// <summary>
    /// <c>GET {cases}/{caseId}</c> (the state, ETag = stream version) and <c>GET {cases}/{caseId}/history</c>
    /// (every decision with who, role, organisation, jurisdiction, when, legal basis and reasons — with the decisions
    /// of the case's <paramref name="related"/> streams, each marked with its stream).
    /// </summary>
    public static RouteGroupBuilder MapCaseReads<TState>(this RouteGroupBuilder cases, string service, RelatedStreams? related = null) where TState : class, ICaseState, IEvolving<TState>
    {
        ((IEndpointRouteBuilder)cases).ServiceProvider.GetRequiredService<Cases.StreamsOfCase>().Use(related);
        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<TState>(caseId, http, state => state, ct))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName($"Get{service}Case")
            .WithSummary($"A {service} case; the ETag is the version to send in If-Match. ?asOf=<instant> or ?version=<n>: the state as it was then (no ETag; Stream-Version says which version).")
            .Produces<TState>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/history", (Guid caseId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetHistoryAsync(caseId, purpose, http, ct, related: related))
            .RequireAuthorization(Permissions.ReadHistory)
            .WithName($"Get{service}CaseHistory")
            .WithSummary("Every decision on the case with who took it (user, role, organisation, jurisdiction), when, on what legal basis and why. Needs ?purpose= (recorded in the access log).")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapCaseVerification(service, related);
        return cases;
    }
}
