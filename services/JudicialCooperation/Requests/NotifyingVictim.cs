namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A victim notified, through their focal point or lawyer, of the offender's surrender, release or transfer (<see cref="DecidingOffenderMovement"/>).</summary>
public static class NotifyingVictim
{
    public sealed record NotifyVictim(Guid CaseId, Movement Movement, NotifiedThrough Through, string? Reasons = null);

    public static Decision Decide(JudicialRequest state, NotifyVictim command, DecisionContext context) =>
        state.Persons.Any(p => p.CaseId == command.CaseId && p.IsVictim)
            ? Decision.Accept(new VictimNotified(state.Id, command.CaseId, command.Movement, command.Through, context.Now))
            : Refusal.Conflict("victim-not-on-request", "The person is not a victim named on the request.");

    public static RouteHandlerBuilder MapNotifyingVictim(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/victim-notifications", (Guid requestId, NotifyVictim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "NotifyVictim", "Record that the victim was notified (through their focal point or lawyer) of the offender's surrender, release or transfer.");
}
