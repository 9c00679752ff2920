namespace TransnationalReferral.Identification.Assistance;

/// <summary>
/// The requested side, under <c>/api/identification/assistance-requests</c>: the partner's request received
/// (<see cref="ReceivingAssistanceRequest"/>), and this focal point's answer — the one decision here.
/// </summary>
public static class AnsweringIdentificationAssistance
{
    public const string LegalBasis = "CETS 197 art. 32–33 (international co-operation); TRM-EU SOP 1 — identification assistance to a partner";

    public sealed record Answer(AssistanceOutcome Outcome, string? Reasons = null);

    public static Decision Decide(IncomingAssistanceRequest state, Answer command, DecisionContext context) =>
        state.Stage == IncomingAssistanceStage.Answered ? Refusal.Conflict("assistance-already-answered", $"The request was answered ({state.Outcome}); an answer is given once.")
        : Decision.Accept(new AssistanceRequestAnswered(state.Id, state.CaseReference, state.FromJurisdiction, state.Jurisdiction, command.Outcome, context.Now));

    /// <summary>Only this jurisdiction's focal point (and auditors) see the requests partners sent it.</summary>
    private static async Task<IncomingAssistanceRequest?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingAssistanceRequest>(requestId, ct) is { } found && found.Jurisdiction == http.Actor().Jurisdiction ? found : null;

    public static RouteGroupBuilder MapAnsweringIdentificationAssistance(this RouteGroupBuilder requests)
    {
        requests.MapGet("/", async (string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                IncomingAssistanceStage? wanted = null;
                if (stage is not null)
                {
                    if (!Codes.TryParse<IncomingAssistanceStage>(stage, out var parsed))
                        return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<IncomingAssistanceStage>().Select(s => Codes.Of(s)))}.");
                    wanted = parsed;
                }
                var jurisdiction = http.Actor().Jurisdiction;
                var query = session.Query<IncomingAssistanceRequest>().Where(r => r.Jurisdiction == jurisdiction);
                if (wanted is { } w) query = query.Where(r => r.Stage == w);
                return Results.Ok(await query.OrderBy(r => r.RespondBy).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("ListIncomingAssistanceRequests")
            .WithSummary("Identification-assistance requests partners sent your jurisdiction, by stage, soonest due first.").Produces<IReadOnlyList<IncomingAssistanceRequest>>();

        requests.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The identification-assistance request")
                    : await session.GetCaseAsync<IncomingAssistanceRequest>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingAssistanceRequest")
            .WithSummary("One request from a partner; the ETag is the version to send in If-Match.").Produces<IncomingAssistanceRequest>().ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound("The identification-assistance request")
                    : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.CaseReference, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingAssistanceRequestHistory")
            .WithSummary("Every decision on the request with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();

        requests.MapDecision("/{requestId:guid}/answer", async (Guid requestId, Answer command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Reasons is { Length: > 2000 } ? Problems.Invalid("reasons", "at most 2,000 characters.")
                : await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The identification-assistance request")
                : await session.DecideAsync<IncomingAssistanceRequest>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.ShareCase, "AnswerIdentificationAssistance",
            "Answer a partner's identification-assistance request: confirmed, not-confirmed or unable-to-verify (the code goes back signed; the reasons stay here).");
        return requests;
    }
}
