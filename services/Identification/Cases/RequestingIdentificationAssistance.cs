using Marten;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A focal point asks a partner jurisdiction to help verify identity or circumstances: minimised (questions
/// as codes, no personal data), on the person's consent to cross-border transfer or a stated legal basis,
/// never to the country the person claims protection against, with a due date (a durable deadline).
/// The partner answers over the bus; the answer is recorded on the case.
/// </summary>
public static class RequestingIdentificationAssistance
{
    public const string LegalBasis = "CETS 197 art. 32–33 (international co-operation); TRM-EU SOP 1 — identification assistance";
    public const string DueDeadline = "identification-assistance-due";

    public sealed record RequestAssistance(string PartnerJurisdiction, IReadOnlyList<AssistanceQuestion> Questions, int DueInDays = 14, string? LegalBasis = null, string? Reasons = null);

    public static Decision Decide(IdentificationCase state, RequestAssistance command, Guid requestId, DecisionContext context)
    {
        if (command.PartnerJurisdiction == state.Jurisdiction)
            return new Refusal("assistance-from-a-partner", "Identification assistance is asked of another jurisdiction.");
        if (state.NoContact.Contains(command.PartnerJurisdiction))
            return new Refusal("non-refoulement-no-contact",
                $"The person claims international protection against {command.PartnerJurisdiction}: no contact with its authorities.", "1951 Refugee Convention art. 33; CETS 197 art. 40(4)");
        var consent = state.HasActiveConsent(ConsentKind.CrossBorderTransfer, c => c.Jurisdictions.Contains(command.PartnerJurisdiction));
        if (!consent && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"No data about the person goes to {command.PartnerJurisdiction} without their consent to cross-border transfer or a stated legal basis.", "GDPR arts 44–49; CETS 197 art. 11");
        if (state.Assistance.Any(r => r.IsOpen))
            return Refusal.Conflict("one-open-assistance-request", "An identification-assistance request on this case is still open.");
        if (command.Questions.Count == 0)
            return new Refusal("assistance-questions", "Say what the partner is asked to verify.");
        return Decision.Accept(new IdentificationAssistanceRequested(state.Id, requestId, state.Jurisdiction, command.PartnerJurisdiction, command.Questions.Distinct().ToList(),
            consent, context.Now.AddDays(command.DueInDays), context.Now));
    }

    /// <summary>The partner's answer: only for an open request, only from the jurisdiction asked.</summary>
    public static Decision Decide(IdentificationCase state, Guid requestId, string answeringJurisdiction, AssistanceOutcome outcome, DecisionContext context)
    {
        var request = state.Assistance.FirstOrDefault(r => r.RequestId == requestId);
        if (request is null) return Refusal.Conflict("assistance-request-unknown", $"No identification-assistance request {requestId} on this case.");
        if (request.PartnerJurisdiction != answeringJurisdiction)
            return new Refusal("assistance-answer-from-the-partner-asked", $"The request went to {request.PartnerJurisdiction}; an answer from {answeringJurisdiction} is not accepted.");
        if (!request.IsOpen) return Decision.NothingToDo;
        return Decision.Accept(new IdentificationAssistanceAnswerRecorded(state.Id, requestId, outcome, context.Now));
    }

    public static RouteHandlerBuilder MapRequestingIdentificationAssistance(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/identification-assistance", async (Guid caseId, RequestAssistance command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.PartnerJurisdiction)) return Problems.Invalid("partnerJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (command.DueInDays is < 1 or > 60) return Problems.Invalid("dueInDays", "between 1 and 60 days.");
                var requestId = Guid.CreateVersion7();
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, requestId, context),
                    new DecisionBasis(command.LegalBasis ?? LegalBasis, command.Reasons), ct,
                    whenAccepted: events => session.ScheduleAsync(caseId, DueDeadline, events.OfType<IdentificationAssistanceRequested>().Single().DueAt, ct));
            },
            Permissions.ShareCase, "RequestIdentificationAssistance", "Ask a partner jurisdiction to help verify identity or circumstances (minimised; consent or legal basis; due date). Needs If-Match.");
}

/// <summary>An identification-assistance request not answered by its due date is marked overdue (and published).</summary>
public sealed class IdentificationAssistanceDeadline : IDeadlineHandler
{
    public string Kind => RequestingIdentificationAssistance.DueDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IdentificationCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.Assistance.FirstOrDefault(r => r.IsOpen && !r.Overdue) is not { } open) return;
        stream.AppendOne(new IdentificationAssistanceOverdue(deadline.CaseId, open.RequestId, open.PartnerJurisdiction, open.DueAt));
        session.Record(new DecisionBasis(RequestingIdentificationAssistance.LegalBasis, "The partner did not answer by the due date."));
    }
}
