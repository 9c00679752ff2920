namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A victim's safety assessed before the offender is surrendered, released or transferred (<see cref="DecidingOffenderMovement"/>).</summary>
public static class AssessingVictimSafety
{
    public sealed record AssessVictimSafety(Guid CaseId, RiskLevel Level, string Reasons);

    public static Decision Decide(JudicialRequest state, AssessVictimSafety command, DecisionContext context) =>
        state.Persons.Any(p => p.CaseId == command.CaseId && p.IsVictim)
            ? Decision.Accept(new VictimSafetyAssessed(state.Id, command.CaseId, command.Level, context.Now))
            : Refusal.Conflict("victim-not-on-request", "The person is not a victim named on the request.");

    public static RouteHandlerBuilder MapAssessingVictimSafety(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/victim-safety-assessments", (Guid requestId, AssessVictimSafety command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AssessVictimSafety", "Assess the victim's safety before the offender is surrendered, released or transferred.");
}
