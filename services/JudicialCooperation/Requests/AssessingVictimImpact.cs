namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>The victim impact assessment: risk, protective measures, preferred modality. Needed before a request with a victim is sent or executed.</summary>
public static class AssessingVictimImpact
{
    public sealed record AssessImpact(RiskLevel Level, IReadOnlyList<ProtectiveMeasure> Measures, Modality PreferredModality, string Reasons);

    public static Decision Decide(JudicialRequest state, AssessImpact command, DecisionContext context) =>
        !state.InvolvesVictims ? Refusal.Conflict("no-victim-on-request", "The request names no victim or victim-witness.")
        : Decision.Accept(new VictimImpactAssessed(state.Id, command.Level, command.Measures.Distinct().ToList(), command.PreferredModality, context.Now));

    public static RouteHandlerBuilder MapAssessingVictimImpact(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/victim-impact-assessment", (Guid requestId, AssessImpact command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "AssessVictimImpact", "Record the victim impact assessment: risk, protective measures, preferred modality. Needed before a request with a victim is sent or executed.");
}
