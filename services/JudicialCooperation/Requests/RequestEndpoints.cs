namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>Response times: <c>Judicial:ResponseDays[:ISO]</c> (default 90) and <c>Judicial:UrgentResponseDays[:ISO]</c> (default 10) of the requested state.</summary>
public sealed class JudicialOptions(IConfiguration configuration)
{
    public TimeSpan ResponseTime(string counterpart, bool urgent) =>
        TimeSpan.FromDays(urgent ? configuration.PerJurisdiction("Judicial:UrgentResponseDays", counterpart, 10) : configuration.PerJurisdiction("Judicial:ResponseDays", counterpart, 90));
}

/// <summary>
/// <c>/api/judicial/requests</c>: the central authority's requests, outgoing and incoming. A request is seen by the
/// judicial officers, focal point and auditors of its jurisdiction only; anyone else is told "not found". Each
/// decision maps its own endpoint (its file's <c>MapXxx</c>); this maps them all and holds what they share.
/// </summary>
public static class RequestEndpoints
{
    public const string ResponseDeadline = "judicial-response";

    public static RouteGroupBuilder MapRequests(this RouteGroupBuilder requests)
    {
        requests.MapDraftingRequest();
        requests.MapRequestQueries();
        requests.MapAddingAttachment();
        requests.MapRedactingAttachment();
        requests.MapWithdrawingAttachment();
        requests.MapAssessingVictimImpact();
        requests.MapSendingRequest();
        requests.MapForwardingRequest();
        requests.MapAcknowledgingRequest();
        requests.MapStartingExecution();
        requests.MapReviewingNonPunishment();
        requests.MapCompletingRequest();
        requests.MapRefusingRequest();
        requests.MapSchedulingTestimony();
        requests.MapRecordingTestimonyHeld();
        requests.MapAssessingVictimSafety();
        requests.MapNotifyingVictim();
        requests.MapDecidingOffenderMovement();
        requests.MapEstablishingJointInvestigationTeam();
        requests.MapSharingJitInformation();
        requests.MapRecordingForumCriteria();
        requests.MapClosingRequest();
        return requests;
    }

    public static async Task<IReadOnlySet<Guid>> RecognisedVictimsAsync(this IQuerySession session, IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToArray();
        if (ids.Length == 0) return new HashSet<Guid>();
        var files = await session.Query<CaseFile>().Where(f => f.RecognisedVictim && ids.Contains(f.Id)).ToListAsync(ct);
        return files.Select(f => f.Id).ToHashSet();
    }

    /// <summary>The countries any of these persons claims international protection from (as Identification recorded them).</summary>
    public static async Task<IReadOnlyCollection<string>> ProtectionClaimedFromAsync(this IQuerySession session, IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToArray();
        if (ids.Length == 0) return [];
        var files = await session.Query<CaseFile>().Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        return files.SelectMany(f => f.ProtectionClaimedFrom ?? []).Distinct().ToList();
    }

    /// <summary>The request, if the caller may read it (<see cref="RequestAccess"/>); otherwise none, answered as "not found".</summary>
    internal static async Task<JudicialRequest?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<JudicialRequest>(requestId, ct) is { } found && RequestAccess.MayRead(http.Actor(), found.Jurisdiction) ? found : null;

    /// <summary>A decision on a request the caller may read, on the request's legal basis with the caller's reasons (201 when it <paramref name="creates"/> something).</summary>
    internal static async Task<IResult> DecideAsync(IDocumentSession session, Guid requestId, HttpContext http, Func<JudicialRequest, DecisionContext, Decision> decide, string? reasons, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null, Creates? creates = null) =>
        await FindAsync(session, requestId, http, ct) is null
            ? Problems.NotFound("The request")
            : await session.DecideAsync(requestId, http, decide, new DecisionBasis(Cooperating.LegalBasis, reasons), ct, whenAccepted, creates);

    /// <summary>What a concluded request no longer waits for: its response deadline.</summary>
    internal static Func<IReadOnlyList<object>, Task> CancelResponseDeadline(IDocumentSession session, Guid requestId) =>
        _ => { session.Cancel(requestId, ResponseDeadline); return Task.CompletedTask; };

    internal static IResult? Invalid(string? reasons) =>
        string.IsNullOrWhiteSpace(reasons) ? Problems.Invalid("reasons", "the grounds of this decision.") : null;
}
