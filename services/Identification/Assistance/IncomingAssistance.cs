using Marten;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Assistance;

public enum IncomingAssistanceStage { Received, Answered }

/// <summary>
/// An identification-assistance request a partner node sent to this jurisdiction (over the cross-border exchange): what
/// the partner asks this country's authorities to verify about a person it identified (codes), by when; and this focal
/// point's answer (confirmed, not-confirmed, unable-to-verify), which goes back signed. The stream id is the request
/// id; the case reference is the partner's case id. No personal data: the verification itself happens between the
/// authorities, outside this record.
/// </summary>
public sealed record IncomingAssistanceRequest(
    Guid Id,
    Guid CaseReference,
    string FromJurisdiction,
    string Jurisdiction,
    IReadOnlyList<AssistanceQuestion> Questions,
    DateTimeOffset RespondBy,
    DateTimeOffset ReceivedAt,
    IncomingAssistanceStage Stage,
    AssistanceOutcome? Outcome = null,
    DateTimeOffset? AnsweredAt = null) : ICaseState, IEvolving<IncomingAssistanceRequest>
{
    public static IncomingAssistanceRequest? Fold(IncomingAssistanceRequest? state, object @event) => (state, @event) switch
    {
        (null, AssistanceRequestReceived e) => new IncomingAssistanceRequest(e.RequestId, e.CaseReference, e.FromJurisdiction, e.Jurisdiction, e.Questions, e.RespondBy, e.ReceivedAt,
            IncomingAssistanceStage.Received),
        ({ } s, AssistanceRequestAnswered e) => s with { Stage = IncomingAssistanceStage.Answered, Outcome = e.Outcome, AnsweredAt = e.AnsweredAt },
        _ => state,
    };
}

public sealed record AssistanceRequestReceived(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, IReadOnlyList<AssistanceQuestion> Questions,
    DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);

public sealed record AssistanceRequestAnswered(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, AssistanceOutcome Outcome, DateTimeOffset AnsweredAt);

/// <summary>The requested side, under <c>/api/identification/assistance-requests</c>: the partner's request received, and this focal point's answer.</summary>
public static class AnsweringIdentificationAssistance
{
    public const string LegalBasis = "CETS 197 art. 32–33 (international co-operation); TRM-EU SOP 1 — identification assistance to a partner";

    public sealed record Answer(AssistanceOutcome Outcome, string? Reasons = null);

    public static Decision Receive(IncomingAssistanceRequest? state, Guid requestId, Guid caseReference, string from, string jurisdiction, IReadOnlyList<AssistanceQuestion> questions,
        DateTimeOffset respondBy, DecisionContext context) =>
        state is not null ? Decision.NothingToDo
        : questions.Count == 0 ? new Refusal("assistance-questions", "An identification-assistance request says what to verify.")
        : Decision.Accept(new AssistanceRequestReceived(requestId, caseReference, from, jurisdiction, questions.Distinct().ToList(), respondBy, context.Now));

    public static Decision Decide(IncomingAssistanceRequest s, Answer command, DecisionContext context) =>
        s.Stage == IncomingAssistanceStage.Answered ? Refusal.Conflict("assistance-already-answered", $"The request was answered ({s.Outcome}); an answer is given once.")
        : Decision.Accept(new AssistanceRequestAnswered(s.Id, s.CaseReference, s.FromJurisdiction, s.Jurisdiction, command.Outcome, context.Now));

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
            "Answer a partner's identification-assistance request: confirmed, not-confirmed or unable-to-verify (the code goes back signed; the reasons stay here). Needs If-Match.");
        return requests;
    }
}
