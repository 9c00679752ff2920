namespace TransnationalReferral.Return.Reintegration;

/// <summary>
/// The reintegration plan, agreed with the person and the providers after the arrival; its monitoring contacts are in
/// the future and within 12 months of the arrival, each a durable deadline (missed, an overdue alert).
/// </summary>
public static class AgreeingReintegrationPlan
{
    public sealed record AgreePlan(IReadOnlyList<ReintegrationGoal> Goals, IReadOnlyList<string> Providers, IReadOnlyList<DateTimeOffset> MonitoringContacts, bool AgreedWithPerson, string? Reasons = null);

    public static Decision Decide(IncomingReturn state, AgreePlan command, DecisionContext context, Func<Guid> newId)
    {
        if (state.Stage is not (IncomingStage.Arrived or IncomingStage.Reintegrating) || state.ArrivedAt is not { } arrived)
            return Refusal.Conflict("reintegration-after-arrival", "The reintegration plan is agreed after the arrival.", "POST /api/return/incoming/{requestId}/arrival");
        if (!command.AgreedWithPerson)
            return new Refusal("reintegration-plan-agreed-with-person", "The reintegration plan is agreed with the person and the providers.", "TRM-EU SOP 5");
        if (command.MonitoringContacts.Any(c => c <= context.Now || c > arrived + Reintegrating.MonitoringPeriod))
            return new Refusal("monitoring-within-12-months", $"Monitoring contacts are in the future and within 12 months of the arrival (by {(arrived + Reintegrating.MonitoringPeriod):yyyy-MM-dd}).", "TRM-EU SOP 5");
        var contacts = command.MonitoringContacts.Distinct().Order().Select(d => new ScheduledContact(newId(), d)).ToList();
        return Decision.Accept(new ReintegrationPlanAgreed(state.Id, state.CaseId, state.Jurisdiction, command.Goals.Distinct().ToList(), command.Providers.Distinct().ToList(), contacts, context.Now));
    }

    public static RouteHandlerBuilder MapAgreeingReintegrationPlan(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/reintegration-plan", (Guid requestId, AgreePlan command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Goals is not { Count: > 0 } ? Task.FromResult(Problems.Invalid("goals", "at least one goal."))
                : command.Providers is null || command.Providers.Any(p => !OrganisationCodes.IsValid(p)) ? Task.FromResult(Problems.Invalid("providers", $"organisation codes: {OrganisationCodes.Format}."))
                : command.MonitoringContacts is not { Count: > 0 and <= 24 } ? Task.FromResult(Problems.Invalid("monitoringContacts", "one to 24 contact dates."))
                : Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c, Guid.CreateVersion7), command.Reasons, ct,
                    whenAccepted: async events =>
                    {
                        foreach (var contact in events.OfType<ReintegrationPlanAgreed>().SelectMany(e => e.Contacts))
                            await session.ScheduleAsync(requestId, Reintegrating.MonitoringDeadline, contact.DueBy, ct, subject: contact.ContactId);
                    }),
            Permissions.DecideOnCase, "AgreeReintegrationPlan", "Agree the reintegration plan with the person and providers; monitoring contacts within 12 months of arrival, each with an overdue alert.");
}
