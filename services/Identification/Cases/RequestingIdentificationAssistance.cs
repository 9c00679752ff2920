namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A focal point asks a partner jurisdiction to help verify identity or circumstances: minimised (questions
/// as codes, no personal data), on the person's consent to cross-border transfer or a stated legal basis,
/// never to the country the person claims protection against, with a due date (a durable deadline).
/// The partner answers over the bus or across the border; the answer is recorded on the case (<see cref="RecordingAssistanceAnswer"/>).
/// </summary>
public static class RequestingIdentificationAssistance
{
    public const string LegalBasis = "CETS 197 art. 32–33 (international co-operation); TRM-EU SOP 1 — identification assistance";
    public const string DueDeadline = "identification-assistance-due";

    public sealed record RequestAssistance(string PartnerJurisdiction, IReadOnlyList<AssistanceQuestion> Questions, int DueInDays = 14, string? LegalBasis = null, string? Reasons = null,
        [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(IdentificationCase state, RequestAssistance command, DecisionContext context)
    {
        if (command.PartnerJurisdiction == state.Jurisdiction)
            return new Refusal("assistance-from-a-partner", "Identification assistance is asked of another jurisdiction.");
        if (state.NoContact.Contains(command.PartnerJurisdiction))
            return new Refusal("non-refoulement-no-contact",
                $"The person claims international protection against {command.PartnerJurisdiction}: no contact with its authorities.", "1951 Refugee Convention art. 33; CETS 197 art. 40(4)");
        var consent = state.HasActiveConsent(ConsentKind.CrossBorderTransfer, c => c.Jurisdictions.Contains(command.PartnerJurisdiction));
        if (!consent && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"No data about the person goes to {command.PartnerJurisdiction} without their consent to cross-border transfer or a stated legal basis.", "GDPR arts 44–49; CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        if (state.Assistance.Any(r => r.IsOpen))
            return Refusal.Conflict("one-open-assistance-request", "An identification-assistance request on this case is still open.");
        if (command.Questions.Count == 0)
            return new Refusal("assistance-questions", "Say what the partner is asked to verify.");
        return Decision.Accept(new IdentificationAssistanceRequested(state.Id, command.RequestId, state.Jurisdiction, command.PartnerJurisdiction, command.Questions.Distinct().ToList(),
            consent, context.Now.AddDays(command.DueInDays), context.Now));
    }

    /// <summary>An identification-assistance request sent: its id, its case and the case's new version (the ETag).</summary>
    public sealed record AssistanceRequestCreated(Guid CaseId, Guid RequestId, long Version);

    public static RouteGroupBuilder MapRequestingIdentificationAssistance(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/identification-assistance", async (Guid caseId, RequestAssistance command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.PartnerJurisdiction)) return Problems.Invalid("partnerJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (command.DueInDays is < 1 or > 60) return Problems.Invalid("dueInDays", "between 1 and 60 days.");
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, request, context),
                    new DecisionBasis(command.LegalBasis ?? LegalBasis, command.Reasons), ct,
                    whenAccepted: events => session.ScheduleAsync(caseId, DueDeadline, events.OfType<IdentificationAssistanceRequested>().Single().DueAt, ct),
                    creates: new Creates($"/api/identification/cases/{caseId}/identification-assistance/{request.RequestId}", version => new AssistanceRequestCreated(caseId, request.RequestId, version)));
            },
            Permissions.ShareCase, "RequestIdentificationAssistance", "Ask a partner jurisdiction to help verify identity or circumstances (minimised; consent or legal basis; due date). 201: Location is the request.")
            .Produces<AssistanceRequestCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<IdentificationCase, AssistanceRequest>("identification-assistance", (state, requestId) => state.Assistance.FirstOrDefault(r => r.RequestId == requestId),
            "identification-assistance request", "GetIdentificationAssistanceRequest");
        return cases;
    }
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
