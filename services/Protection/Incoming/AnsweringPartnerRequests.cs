namespace TransnationalReferral.Protection.Incoming;

/// <summary>
/// The requested side, under <c>/api/protection/incoming-requests</c>: a partner's request received
/// (<see cref="ReceivingPartnerRequest"/>), and this focal point's answers, each a file of its own:
/// <see cref="AcceptingPartnerRequest"/>, <see cref="DecliningPartnerRequest"/>, <see cref="ReportingRelocationArranged"/>.
/// </summary>
public static class AnsweringPartnerRequests
{
    public const string LegalBasis = "UNTOC art. 24(3); CETS 197 arts. 16, 28 and 32–33; TRM-EU SOP 4 — a partner's request to relocate a witness or continue assistance";

    /// <summary>The question a relocation request carries, and the one that extends it to the witness's family members.</summary>
    public const string RelocationQuestion = "relocation";
    public const string FamilyMembersQuestion = "for-family-members";

    /// <summary>
    /// Only this jurisdiction's focal point (and auditors) see the requests partners sent it (the roles of
    /// <see cref="Permissions.ReadCrossBorder"/>); a case worker of any organisation, whose role may decide on cases,
    /// is told "not found" instead of answering a partner's request it cannot read.
    /// </summary>
    private static async Task<IncomingProtectionRequest?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingProtectionRequest>(requestId, ct) is { } found && found.Jurisdiction == http.Actor().Jurisdiction
            && Permissions.Matrix[Permissions.ReadCrossBorder].Contains(http.Actor().Role) ? found : null;

    private const string What = "The partner's protection request";

    /// <summary>A decision on a partner's request this focal point may see (else "not found"), with reasons of at most 2,000 characters.</summary>
    public static async Task<IResult> DecideOnRequestAsync(IDocumentSession session, Guid requestId, HttpContext http, string? reasons,
        Func<IncomingProtectionRequest, DecisionContext, Decision> decide, CancellationToken ct) =>
        reasons is { Length: > 2000 } ? Problems.Invalid("reasons", "at most 2,000 characters.")
        : await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
        : await session.DecideAsync(requestId, http, decide, new DecisionBasis(LegalBasis, reasons), ct);

    public static RouteGroupBuilder MapAnsweringPartnerRequests(this RouteGroupBuilder requests)
    {
        requests.MapGet("/", async (string? purpose, string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                IncomingPurpose? wantedPurpose = null;
                IncomingStage? wantedStage = null;
                if (purpose is not null)
                {
                    if (!Codes.TryParse<IncomingPurpose>(purpose, out var parsed))
                        return Problems.Invalid("purpose", $"one of {string.Join(", ", Enum.GetValues<IncomingPurpose>().Select(p => Codes.Of(p)))}.");
                    wantedPurpose = parsed;
                }
                if (stage is not null)
                {
                    if (!Codes.TryParse<IncomingStage>(stage, out var parsed))
                        return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<IncomingStage>().Select(s => Codes.Of(s)))}.");
                    wantedStage = parsed;
                }
                var jurisdiction = http.Actor().Jurisdiction;
                var query = session.Query<IncomingProtectionRequest>().Where(r => r.Jurisdiction == jurisdiction);
                if (wantedPurpose is { } p) query = query.Where(r => r.Purpose == p);
                if (wantedStage is { } w) query = query.Where(r => r.Stage == w);
                return Results.Ok(await query.OrderBy(r => r.RespondBy).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("ListIncomingProtectionRequests")
            .WithSummary("Witness-relocation and protection-continuity requests partners sent your jurisdiction, by purpose and stage, soonest due first.")
            .Produces<IReadOnlyList<IncomingProtectionRequest>>();

        requests.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
                    : await session.GetCaseAsync<IncomingProtectionRequest>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingProtectionRequest")
            .WithSummary("One request from a partner; the ETag is the version to send in If-Match.").Produces<IncomingProtectionRequest>().ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound(What)
                    : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.CaseReference, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingProtectionRequestHistory")
            .WithSummary("Every decision on the request with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();

        return requests;
    }
}
