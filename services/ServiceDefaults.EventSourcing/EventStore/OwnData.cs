namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// One service's part of the person's own-data export (GDPR art. 15): the case as this service holds it and every
/// decision on it (and on the streams related to it) with who took it, when, on what legal basis and why.
/// </summary>
public sealed record OwnDataPart(string Service, Guid CaseId, object State, IReadOnlyList<HistoryEntry> Decisions);

/// <summary>
/// The person's access to their own data is answered by the focal point of the jurisdiction that holds the case, on a
/// request recorded in Identification (the gateway composes the export only after Identification has checked the
/// request). Each service answers its part through its own endpoint, with its own case scope, and records the read in
/// its access log with the purpose <c>victim-request</c>.
/// </summary>
public static class OwnData
{
    public const string LegalBasis = "GDPR art. 12(3) and 15; CETS 197 art. 12(1)(d) — the person's access to their data and the decisions about them";

    /// <summary>Who may read a case for the person's own request: the focal point of the case's jurisdiction (never a share grantee, never another role).</summary>
    public static Refusal? Refuses(RegisteredCase registered, Actor actor) => Refuses(registered.Jurisdiction, actor);

    /// <inheritdoc cref="Refuses(RegisteredCase, Actor)"/>
    public static Refusal? Refuses(string caseJurisdiction, Actor actor) =>
        actor.Role == Roles.FocalPoint && actor.Jurisdiction == caseJurisdiction
            ? null
            : new Refusal("own-data-export-by-focal-point",
                "The person's own request for their data is answered by the focal point of the jurisdiction holding the case: other roles, organisations the case was shared with and other jurisdictions do not export it.",
                "GDPR art. 12(2)–(3), art. 15; art. 5(1)(b) — purpose limitation");

    /// <summary>No export, and no answer, without the person's request recorded on the case and still open.</summary>
    public static readonly Refusal NeedsOpenRequest = new Refusal("own-data-export-needs-open-request",
        "The person's data and the decisions about them are exported on their request: record the request (who asked, when, in which language) first; an answered request is closed — a new request is recorded as such.",
        "GDPR art. 12(3) and 15; art. 5(1)(b) — purpose limitation", Next: "POST /api/identification/cases/{caseId}/own-data-requests");

    /// <summary><c>GET {cases}/{caseId}/own-data</c>: this service's part of the person's own-data export.</summary>
    public static RouteGroupBuilder MapOwnDataPart<TState>(this RouteGroupBuilder cases, string service, RelatedStreams? related = null)
        where TState : class, ICaseState, IEvolving<TState>
    {
        cases.MapGet("/{caseId:guid}/own-data", async (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await ReadPartAsync<TState>(session, caseId, service.ToLowerInvariant(), http, related, ct) is var (part, problem) && problem is null ? Results.Ok(part) : problem!)
            .RequireAuthorization(Permissions.ExportOwnData)
            .WithName($"Get{service}OwnDataPart")
            .WithSummary($"The {service} part of the person's own-data export: the case and every decision on it with who, when, legal basis and reasons. Focal point of the case's jurisdiction only; recorded in the access log for the purpose victim-request. The gateway composes every service's part on a recorded request (GET /api/own-access/cases/{{caseId}}/requests/{{requestId}}/export).")
            .Produces<OwnDataPart>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return cases;
    }

    /// <summary>The part of one case (the caller checked against <see cref="Refuses"/>, the read logged before it is answered).</summary>
    public static async Task<(OwnDataPart? Part, IResult? Problem)> ReadPartAsync<TState>(IQuerySession session, Guid caseId, string service, HttpContext http,
        RelatedStreams? related, CancellationToken ct, RegisteredCase? registered = null, bool log = true)
        where TState : class, ICaseState, IEvolving<TState>
    {
        if (Refuses(registered ?? http.RegisteredCase(), http.Actor()) is { } refusal) return (null, refusal.ToProblem());
        var events = await session.Events.FetchStreamAsync(caseId, token: ct);
        var state = events.Aggregate((TState?)null, (s, e) => TState.Fold(s, e.Data));
        if (state is null) return (null, Problems.NotFound("The case"));
        if (log && await http.RecordReadAsync(Decisions.Codes.Of(AccessPurpose.VictimRequest), "case and decisions, for the person's own request") is { } refused) return (null, refused);
        var decisions = await session.ReadHistoryAsync(caseId, http.Actor(), ct, related);
        return (new OwnDataPart(service, caseId, state, decisions), null);
    }
}
