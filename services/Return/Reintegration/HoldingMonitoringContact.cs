namespace TransnationalReferral.Return.Reintegration;

/// <summary>A monitoring contact of the running reintegration held, once: stable, at-risk, re-trafficked or not-reached; its deadline is cancelled.</summary>
public static class HoldingMonitoringContact
{
    [Reasons("what the contact found.")]
    public sealed record HoldContact(ContactOutcome Outcome, string Reasons, [property: JsonIgnore] Guid ContactId = default);

    public static Decision Decide(IncomingReturn state, HoldContact command, DecisionContext context) =>
        (state.Contacts ?? []).FirstOrDefault(c => c.ContactId == command.ContactId) switch
        {
            null => Refusal.Conflict("monitoring-contact-unknown", $"No monitoring contact {command.ContactId}."),
            { HeldAt: not null } => Refusal.Conflict("monitoring-contact-held", "This contact was already recorded."),
            _ when state.Stage != IncomingStage.Reintegrating => Refusal.Conflict("reintegration-not-running", "The reintegration is not running."),
            _ => Decision.Accept(new MonitoringContactHeld(state.Id, state.CaseId, command.ContactId, command.Outcome, context.Now)),
        };

    public static RouteHandlerBuilder MapHoldingMonitoringContact(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/monitoring-contacts/{contactId:guid}", (Guid requestId, Guid contactId, HoldContact command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command with { ContactId = contactId }, c), command.Reasons, ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(requestId, Reintegrating.MonitoringDeadline, contactId);
                        return Task.CompletedTask;
                    }),
            Permissions.DecideOnCase, "HoldMonitoringContact", "Record a monitoring contact: stable, at-risk, re-trafficked or not-reached.");
}

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
