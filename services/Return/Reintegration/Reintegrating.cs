using Marten;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Return.Reintegration;

/// <summary>
/// The country of return's side, under <c>/api/return/incoming/{requestId}</c>: acknowledge the reception request,
/// arrange the reception, record the arrival (each published back to the destination), agree the reintegration
/// plan with the person and providers, hold monitoring contacts for up to 12 months (a missed one is an
/// overdue alert), close with an outcome. Only the focal point and case workers of this jurisdiction see it.
/// </summary>
public static class Reintegrating
{
    public const string LegalBasis = "Trafficking Protocol art. 8; CETS 197 art. 16(5); TRM-EU SOP 4–5 — reception and reintegration in the country of return";
    public const string MonitoringDeadline = "monitoring-contact";
    public static readonly TimeSpan MonitoringPeriod = TimeSpan.FromDays(366);

    public sealed record Acknowledge(string? Reasons = null);

    public sealed record ArrangeReception(string MetBy, bool ShelterOnArrival, bool OnwardTransport, string? Reasons = null);

    public sealed record RecordArrival(string? Reasons = null);

    public sealed record AgreePlan(IReadOnlyList<ReintegrationGoal> Goals, IReadOnlyList<string> Providers, IReadOnlyList<DateTimeOffset> MonitoringContacts, bool AgreedWithPerson, string? Reasons = null);

    public sealed record HoldContact(ContactOutcome Outcome, string Reasons);

    public sealed record CloseReintegration(ReintegrationOutcome Outcome, string Reasons);

    public static Decision Receive(IncomingReturn? state, Contracts.Return.ReceptionRequested m, DecisionContext context) =>
        state is not null ? Decision.NothingToDo
        : Decision.Accept(new ReceptionRequestReceived(m.RequestId, m.CaseId, m.FromJurisdiction, m.ToJurisdiction, m.ChildCase, m.EscortRequired, m.Basis == "consent", context.Now));

    public static Decision Decide(IncomingReturn s, Acknowledge command, DecisionContext context) =>
        s.Stage != IncomingStage.Received ? Refusal.Conflict("reception-already-acknowledged", "The request was already acknowledged.")
        : Decision.Accept(new ReceptionAcknowledgementSent(s.Id, s.CaseId, s.Jurisdiction, context.Now));

    public static Decision Decide(IncomingReturn s, ArrangeReception command, DecisionContext context) =>
        s.Stage is not (IncomingStage.Acknowledged or IncomingStage.Arranged)
            ? Refusal.Conflict("reception-acknowledge-first", "Acknowledge the request first; arrangements are made before the arrival.")
            : Decision.Accept(new ReceptionArrangementsMade(s.Id, s.CaseId, s.Jurisdiction, command.MetBy, command.ShelterOnArrival, command.OnwardTransport, context.Now));

    public static Decision Decide(IncomingReturn s, RecordArrival command, DecisionContext context) =>
        s.Stage != IncomingStage.Arranged ? Refusal.Conflict("reception-not-arranged", "The arrival follows the reception arrangements.")
        : Decision.Accept(new ArrivalRecorded(s.Id, s.CaseId, s.Jurisdiction, context.Now));

    public static Decision Decide(IncomingReturn s, AgreePlan command, Func<Guid> newId, DecisionContext context)
    {
        if (s.Stage is not (IncomingStage.Arrived or IncomingStage.Reintegrating) || s.ArrivedAt is not { } arrived)
            return Refusal.Conflict("reintegration-after-arrival", "The reintegration plan is agreed after the arrival.");
        if (!command.AgreedWithPerson)
            return new Refusal("reintegration-plan-agreed-with-person", "The reintegration plan is agreed with the person and the providers.", "TRM-EU SOP 5");
        if (command.MonitoringContacts.Any(c => c <= context.Now || c > arrived + MonitoringPeriod))
            return new Refusal("monitoring-within-12-months", $"Monitoring contacts are in the future and within 12 months of the arrival (by {(arrived + MonitoringPeriod):yyyy-MM-dd}).", "TRM-EU SOP 5");
        var contacts = command.MonitoringContacts.Distinct().Order().Select(d => new ScheduledContact(newId(), d)).ToList();
        return Decision.Accept(new ReintegrationPlanAgreed(s.Id, s.CaseId, s.Jurisdiction, command.Goals.Distinct().ToList(), command.Providers.Distinct().ToList(), contacts, context.Now));
    }

    public static Decision Decide(IncomingReturn s, Guid contactId, HoldContact command, DecisionContext context) =>
        (s.Contacts ?? []).FirstOrDefault(c => c.ContactId == contactId) switch
        {
            null => Refusal.Conflict("monitoring-contact-unknown", $"No monitoring contact {contactId}."),
            { HeldAt: not null } => Refusal.Conflict("monitoring-contact-held", "This contact was already recorded."),
            _ when s.Stage != IncomingStage.Reintegrating => Refusal.Conflict("reintegration-not-running", "The reintegration is not running."),
            _ => Decision.Accept(new MonitoringContactHeld(s.Id, s.CaseId, contactId, command.Outcome, context.Now)),
        };

    public static Decision Decide(IncomingReturn s, CloseReintegration command, DecisionContext context) =>
        s.Stage == IncomingStage.Closed ? Refusal.Conflict("reintegration-closed", "Already closed.")
        : s.Stage != IncomingStage.Reintegrating ? Refusal.Conflict("reintegration-after-arrival", "A reintegration closes once it has started (plan agreed).")
        : Decision.Accept(new ReintegrationClosed(s.Id, s.CaseId, s.Jurisdiction, command.Outcome, context.Now));

    /// <summary>Only this jurisdiction's focal point and case workers see the returns it receives.</summary>
    private static async Task<IncomingReturn?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingReturn>(requestId, ct) is { } found && found.Allows(http.Actor()) ? found : null;

    private static async Task<IResult> DecideAsync(IDocumentSession session, Guid requestId, HttpContext http, Func<IncomingReturn, DecisionContext, Decision> decide, string? reasons, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null) =>
        await FindAsync(session, requestId, http, ct) is null
            ? Problems.NotFound("The incoming return")
            : await session.DecideAsync(requestId, http, decide, new DecisionBasis(LegalBasis, reasons), ct, whenAccepted);

    public static RouteGroupBuilder MapReintegrating(this RouteGroupBuilder incoming)
    {
        incoming.MapGet("/", async (string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                IncomingStage? wanted = null;
                if (stage is not null)
                {
                    if (!Codes.TryParse<IncomingStage>(stage, out var parsed)) return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<IncomingStage>().Select(s => Codes.Of(s)))}.");
                    wanted = parsed;
                }
                var actor = http.Actor();
                var query = session.Query<IncomingReturn>().Where(r => r.Jurisdiction == actor.Jurisdiction);
                if (wanted is { } w) query = query.Where(r => r.Stage == w);
                return Results.Ok((await query.OrderBy(r => r.ReceivedAt).Take(1000).ToListAsync(ct)).Where(r => r.Allows(actor)).ToList());
            })
            .RequireAuthorization(Permissions.ReadCase).WithName("ListIncomingReturns")
            .WithSummary("Returns your jurisdiction receives (as the country of return), by stage: all of them for the focal point and auditors, those your organisation meets or provides for otherwise.").Produces<IReadOnlyList<IncomingReturn>>();

        incoming.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The incoming return") : await session.GetCaseAsync<IncomingReturn>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadCase).WithName("GetIncomingReturn")
            .WithSummary("One incoming return; the ETag is the version to send in If-Match.").Produces<IncomingReturn>().ProducesProblem(StatusCodes.Status404NotFound);

        incoming.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound("The incoming return")
                    : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.CaseId, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadHistory).WithName("GetIncomingReturnHistory")
            .WithSummary("Every decision on the incoming return with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();

        incoming.MapDecision("/{requestId:guid}/acknowledgement", (Guid requestId, Acknowledge command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "AcknowledgeReceptionRequest", "Acknowledge the reception request (published to the requesting country). Needs If-Match.");
        incoming.MapDecision("/{requestId:guid}/reception-arrangements", (Guid requestId, ArrangeReception command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.MetBy) ? Task.FromResult(Problems.Invalid("metBy", $"the organisation meeting the person: {OrganisationCodes.Format}."))
                : DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "ArrangeReception", "Who meets the person, shelter on arrival, onward transport (published to the requesting country). Needs If-Match.");
        incoming.MapDecision("/{requestId:guid}/arrival", (Guid requestId, RecordArrival command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "ConfirmArrival", "Confirm the person's arrival (published to the requesting country). Needs If-Match.");
        incoming.MapDecision("/{requestId:guid}/reintegration-plan", (Guid requestId, AgreePlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Goals is not { Count: > 0 } ? Task.FromResult(Problems.Invalid("goals", "at least one goal."))
                : command.Providers is null || command.Providers.Any(p => !OrganisationCodes.IsValid(p)) ? Task.FromResult(Problems.Invalid("providers", $"organisation codes: {OrganisationCodes.Format}."))
                : command.MonitoringContacts is not { Count: > 0 and <= 24 } ? Task.FromResult(Problems.Invalid("monitoringContacts", "one to 24 contact dates."))
                : DecideAsync(session, requestId, http, (s, c) => Decide(s, command, Guid.CreateVersion7, c), command.Reasons, ct,
                    whenAccepted: async events =>
                    {
                        foreach (var contact in events.OfType<ReintegrationPlanAgreed>().SelectMany(e => e.Contacts))
                            await session.ScheduleAsync(requestId, MonitoringDeadline, contact.DueBy, ct, subject: contact.ContactId);
                    }),
            Permissions.DecideOnCase, "AgreeReintegrationPlan", "Agree the reintegration plan with the person and providers; monitoring contacts within 12 months of arrival, each with an overdue alert. Needs If-Match.");
        incoming.MapDecision("/{requestId:guid}/monitoring-contacts/{contactId:guid}", (Guid requestId, Guid contactId, HoldContact command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Task.FromResult(Problems.Invalid("reasons", "what the contact found."))
                : DecideAsync(session, requestId, http, (s, c) => Decide(s, contactId, command, c), command.Reasons, ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(requestId, MonitoringDeadline, contactId);
                        return Task.CompletedTask;
                    }),
            Permissions.DecideOnCase, "HoldMonitoringContact", "Record a monitoring contact: stable, at-risk, re-trafficked or not-reached. Needs If-Match.");
        incoming.MapDecision("/{requestId:guid}/closure", (Guid requestId, CloseReintegration command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Task.FromResult(Problems.Invalid("reasons", "why the reintegration closes."))
                : DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "CloseReintegration", "Close the reintegration with its outcome: sustainable, partly-sustainable, not-sustainable, lost-contact. Needs If-Match.");
        return incoming;
    }

    /// <summary><c>GET /api/return/monitoring/upcoming?withinDays=</c>: monitoring contacts due soon (and overdue ones) in your jurisdiction.</summary>
    public static RouteGroupBuilder MapMonitoring(this RouteGroupBuilder monitoring)
    {
        monitoring.MapGet("/upcoming", async (int? withinDays, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var days = withinDays ?? 30;
                if (days is < 1 or > 366) return Problems.Invalid("withinDays", "between 1 and 366.");
                var actor = http.Actor();
                var until = http.Now().AddDays(days);
                var running = await session.Query<IncomingReturn>().Where(r => r.Jurisdiction == actor.Jurisdiction && r.Stage == IncomingStage.Reintegrating).ToListAsync(ct);
                return Results.Ok(running.Where(r => r.Allows(actor)).SelectMany(r => (r.Contacts ?? []).Where(c => c.HeldAt is null && c.DueBy <= until).Select(c => new UpcomingContact(r.Id, r.CaseId, c.ContactId, c.DueBy, c.Overdue)))
                    .OrderBy(c => c.DueBy).ToList());
            })
            .RequireAuthorization(Permissions.ReadCase).WithName("ListUpcomingMonitoringContacts")
            .WithSummary("Monitoring contacts due within ?withinDays= (default 30), overdue ones included, soonest first.").Produces<IReadOnlyList<UpcomingContact>>();
        return monitoring;
    }
}

public sealed record UpcomingContact(Guid RequestId, Guid CaseId, Guid ContactId, DateTimeOffset DueBy, bool Overdue);

/// <summary>A monitoring contact not held by its date: an overdue alert (published); the contact can still be recorded.</summary>
public sealed class MonitoringContactOverdue : IDeadlineHandler
{
    public string Kind => Reintegrating.MonitoringDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IncomingReturn>(deadline.CaseId, ct);
        if (stream.Aggregate is not { Stage: IncomingStage.Reintegrating } s || s.Contacts?.FirstOrDefault(c => c.ContactId == deadline.Subject) is not { HeldAt: null, Overdue: false } contact) return;
        stream.AppendOne(new MonitoringContactMissed(s.Id, s.CaseId, contact.ContactId, contact.DueBy, context.Now));
        session.Record(new DecisionBasis(Reintegrating.LegalBasis, "The monitoring contact was not recorded by its date."));
    }
}
