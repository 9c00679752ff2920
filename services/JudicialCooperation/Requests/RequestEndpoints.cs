using Marten;
using TransnationalReferral.JudicialCooperation.Cases;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>Response times: <c>Judicial:ResponseDays[:ISO]</c> (default 90) and <c>Judicial:UrgentResponseDays[:ISO]</c> (default 10) of the requested state.</summary>
public sealed class JudicialOptions(IConfiguration configuration)
{
    public TimeSpan ResponseTime(string counterpart, bool urgent) =>
        TimeSpan.FromDays(urgent ? configuration.PerJurisdiction("Judicial:UrgentResponseDays", counterpart, 10) : configuration.PerJurisdiction("Judicial:ResponseDays", counterpart, 90));
}

public sealed record RequestRow(Guid Id, Direction Direction, RequestType Type, string Counterpart, bool Urgent, RequestStage Stage, DateTimeOffset? RespondBy, bool Overdue, int PendingNonPunishmentReviews);

/// <summary>
/// <c>/api/judicial/requests</c>: the central authority's requests, outgoing and incoming. A request is seen by the
/// judicial officers, focal point and auditors of its jurisdiction only; anyone else is told "not found".
/// </summary>
public static class RequestEndpoints
{
    public const string ResponseDeadline = "judicial-response";

    public static async Task<IReadOnlySet<Guid>> RecognisedVictimsAsync(this IQuerySession session, IEnumerable<Guid> caseIds, CancellationToken ct)
    {
        var ids = caseIds.Distinct().ToArray();
        if (ids.Length == 0) return new HashSet<Guid>();
        var files = await session.Query<CaseFile>().Where(f => f.RecognisedVictim && ids.Contains(f.Id)).ToListAsync(ct);
        return files.Select(f => f.Id).ToHashSet();
    }

    private static async Task<JudicialRequest?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<JudicialRequest>(requestId, ct) is { } found && RequestAccess.MayRead(http.Actor(), found.Jurisdiction) ? found : null;

    private static async Task<IResult> DecideAsync(IDocumentSession session, Guid requestId, HttpContext http, Func<JudicialRequest, DecisionContext, Decision> decide, string? reasons, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null) =>
        await FindAsync(session, requestId, http, ct) is null
            ? Problems.NotFound("The request")
            : await session.DecideAsync(requestId, http, decide, new DecisionBasis(Cooperating.LegalBasis, reasons), ct, whenAccepted);

    /// <summary>
    /// A request names cases the drafter may see (<see cref="RegisteredCase.Allows"/>): a victim by a case in the register,
    /// and a prosecuted person either by a case the drafter may see or by a reference the register does not hold (a suspect
    /// without a victim's case). A case the caller may not see is answered as an unknown one.
    /// </summary>
    private static async Task<bool> UnseenCaseAsync(IQuerySession session, IReadOnlyList<Person> persons, HttpContext http, CancellationToken ct)
    {
        var ids = persons.Select(p => p.CaseId).Distinct().ToArray();
        var registered = (await session.LoadManyAsync<RegisteredCase>(ct, ids)).ToDictionary(c => c.Id);
        var actor = http.Actor();
        var now = http.Now();
        return persons.Any(p => registered.GetValueOrDefault(p.CaseId) is { } known ? !known.Allows(actor, now) : p.IsVictim);
    }

    private static IResult? Invalid(string? reasons) =>
        string.IsNullOrWhiteSpace(reasons) ? Problems.Invalid("reasons", "the grounds of this decision.") : null;

    public static RouteGroupBuilder MapRequests(this RouteGroupBuilder requests)
    {
        requests.MapPost("/", async (Cooperating.Draft command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.CounterpartJurisdiction)) return Problems.Invalid("counterpartJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (command.Persons is null || command.Persons.Any(p => p is null || p.CaseId == Guid.Empty)) return Problems.Invalid("persons", "each person by the case id and a role.");
                if (await UnseenCaseAsync(session, command.Persons, http, ct)) return Problems.NotFound("The case");
                var requestId = Guid.CreateVersion7();
                var decision = Cooperating.Decide(requestId, command, http.Actor().Jurisdiction, new DecisionContext(http.Actor(), http.Now()));
                if (decision.Refusal is { } refusal) return refusal.ToProblem();
                session.Events.StartStream<JudicialRequest>(requestId, decision.Events.ToArray());
                session.Record(new DecisionBasis(Cooperating.LegalBasis, command.Reasons));
                return DecisionResult.Created($"/api/judicial/requests/{requestId}", new DecisionAccepted(requestId, decision.Events.Count), decision.Events.Count);
            })
            .WithDecision()
            .RequireAuthorization(Permissions.HandleJudicialRequests).WithName("DraftRequest")
            .WithSummary("Draft an outgoing request: type (mutual legal assistance, extradition, joint investigation team, transfer of proceedings, police cooperation), counterpart, urgency, persons concerned by case id and role.")
            .Produces<DecisionAccepted>(StatusCodes.Status201Created).ProducesValidationProblem();

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
                await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The request") : await session.GetCaseAsync<JudicialRequest>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetRequest")
            .WithSummary("One request; the ETag is the version to send in If-Match.").Produces<JudicialRequest>().ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound("The request")
                : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.Persons.FirstOrDefault()?.CaseId ?? requestId, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetRequestHistory")
            .WithSummary("Every decision on the request with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();

        requests.MapDecision("/{requestId:guid}/attachments", (Guid requestId, Cooperating.AddAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reference) || command.Reference.Length > 200 ? Task.FromResult(Problems.Invalid("reference", "the document's reference in your document system (never its content), at most 200 characters."))
                : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, Guid.CreateVersion7(), c), command.LegalBasis, ct),
            Permissions.HandleJudicialRequests, "AddAttachment", "Attach a document by reference with its classification and handling code; victim personal data only with a recorded legal basis. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/victim-impact-assessment", (Guid requestId, Cooperating.AssessImpact command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AssessVictimImpact", "Record the victim impact assessment: risk, protective measures, preferred modality. Needed before a request with a victim is sent or executed. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/sending", (Guid requestId, Cooperating.Send command, HttpContext http, IDocumentSession session, JudicialOptions options, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, options.ResponseTime(s.Counterpart, s.Urgent), c), command.Reasons, ct,
                    whenAccepted: async events =>
                    {
                        if (events.OfType<RequestSent>().FirstOrDefault() is { } sent) await session.ScheduleAsync(requestId, ResponseDeadline, sent.RespondBy, ct);
                    }),
            Permissions.HandleJudicialRequests, "SendRequest", "Send the request to the counterpart's central authority (over the bus: ids, codes, attachment references). A response deadline is tracked. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/forwarding", (Guid requestId, Cooperating.Forward command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Task.FromResult(Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code."))
                : Invalid(command.Reasons) is { } bad ? Task.FromResult(bad)
                : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ForwardRequest", "Forward attachments to a third state — never those marked 'no onward sharing' or carrying victim data. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/acknowledgement", (Guid requestId, Cooperating.Acknowledge command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AcknowledgeRequest", "Acknowledge an incoming request (published to the requesting state). Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/execution", async (Guid requestId, Cooperating.StartExecution command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                var request = await FindAsync(session, requestId, http, ct);
                var recognised = await session.RecognisedVictimsAsync(request?.Persons.Select(p => p.CaseId) ?? [], ct);
                return await DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, recognised, c), command.Reasons, ct);
            },
            Permissions.HandleJudicialRequests, "StartExecution", "Start executing an incoming request — not before the victim impact assessment, nor before a non-punishment review of any recognised victim it targets. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/non-punishment-reviews", (Guid requestId, Cooperating.ReviewNonPunishment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ReviewNonPunishment", "Record the non-punishment review: was the offence a direct consequence of being trafficked (with reasons)? Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/completion", (Guid requestId, Cooperating.Complete command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: _ => { session.Cancel(requestId, ResponseDeadline); return Task.CompletedTask; }),
            Permissions.HandleJudicialRequests, "CompleteRequest", "Record the request executed (or partially executed). Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/refusal", (Guid requestId, Cooperating.Refuse command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: _ => { session.Cancel(requestId, ResponseDeadline); return Task.CompletedTask; }),
            Permissions.HandleJudicialRequests, "RefuseRequest", "Refuse an incoming request with its grounds (non-punishment, dual criminality, human rights, …). Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/testimonies", (Guid requestId, Cooperating.ScheduleTestimony command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ScheduleTestimony", "Schedule a victim's testimony — by video conference unless the victim asked otherwise (UNTOC art. 18(18)). Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/testimonies/held", (Guid requestId, Cooperating.RecordTestimonyHeld command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "RecordTestimonyHeld", "Record that the testimony was held. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/victim-safety-assessments", (Guid requestId, Cooperating.AssessVictimSafety command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AssessVictimSafety", "Assess the victim's safety before the offender is surrendered, released or transferred. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/victim-notifications", (Guid requestId, Cooperating.NotifyVictim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "NotifyVictim", "Record that the victim was notified (through their focal point or lawyer) of the offender's surrender, release or transfer. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/offender-movement", (Guid requestId, Cooperating.DecideOffenderMovement command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "DecideOffenderMovement", "Decide the offender's surrender, release or transfer — refused until every victim's safety is assessed and the victim notified. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/joint-investigation-team", (Guid requestId, Cooperating.EstablishJit command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.MemberJurisdictions is null || command.MemberJurisdictions.Any(j => !Jurisdictions.IsValid(j)) ? Task.FromResult(Problems.Invalid("memberJurisdictions", "ISO 3166-1 alpha-2 codes."))
                : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "EstablishJointInvestigationTeam", "Record the joint investigation team established, with its member jurisdictions. Needs If-Match.");
        requests.MapDecision("/{requestId:guid}/closure", (Guid requestId, Cooperating.Close command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : DecideAsync(session, requestId, http, (s, c) => Cooperating.Decide(s, command, c), command.Reasons, ct,
                    whenAccepted: _ => { session.Cancel(requestId, ResponseDeadline); return Task.CompletedTask; }),
            Permissions.HandleJudicialRequests, "CloseRequest", "Close the request. Needs If-Match.");
        return requests;
    }
}

/// <summary>No answer by the response deadline: an overdue alert (published); the request stays open.</summary>
public sealed class ResponseOverdue : IDeadlineHandler
{
    public string Kind => RequestEndpoints.ResponseDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<JudicialRequest>(deadline.CaseId, ct);
        if (stream.Aggregate is not { Stage: RequestStage.Sent or RequestStage.Acknowledged or RequestStage.UnderExecution, Overdue: false } s) return;
        stream.AppendOne(new RequestOverdue(s.Id, s.Counterpart, s.RespondBy ?? deadline.DueAt, context.Now));
        session.Record(new DecisionBasis(Cooperating.LegalBasis, $"No answer from {s.Counterpart} by the response deadline."));
    }
}
