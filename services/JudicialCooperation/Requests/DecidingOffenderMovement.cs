namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>The offender's surrender, release or transfer decided — not before every victim's safety is assessed and the victim notified.</summary>
public static class DecidingOffenderMovement
{
    public sealed record DecideOffenderMovement(Movement Movement, string Reasons);

    public static Decision Decide(JudicialRequest state, DecideOffenderMovement command, DecisionContext context)
    {
        if (state.Type is not (RequestType.Extradition or RequestType.MlaTransferOfDetainedPerson or RequestType.TransferOfProceedings))
            return Refusal.Conflict("request-type-without-offender-movement", $"A {Codes.Of(state.Type)} request moves no offender.");
        foreach (var victim in state.Persons.Where(p => p.IsVictim))
        {
            if (!(state.VictimSafetyAssessed ?? []).Contains(victim.CaseId))
                return new Refusal("surrender-needs-victim-safety-assessment", $"Assess the safety of the victim (case {victim.CaseId}) before the offender's {Codes.Of(command.Movement)}.", Cooperating.VictimSource, Next: "POST /api/judicial/requests/{requestId}/victim-safety-assessments");
            if (!(state.VictimsNotified ?? []).Contains(victim.CaseId))
                return new Refusal("surrender-needs-victim-notification", $"Notify the victim (case {victim.CaseId}), through their focal point or lawyer, before the offender's {Codes.Of(command.Movement)}.", "Directive 2012/29/EU art. 6(5)–(6); CETS 197 art. 28", Next: "POST /api/judicial/requests/{requestId}/victim-notifications");
        }
        return Decision.Accept(new OffenderMovementDecided(state.Id, command.Movement, context.Now));
    }

    public static RouteHandlerBuilder MapDecidingOffenderMovement(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/offender-movement", (Guid requestId, DecideOffenderMovement command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "DecideOffenderMovement", "Decide the offender's surrender, release or transfer — refused until every victim's safety is assessed and the victim notified.");
}
