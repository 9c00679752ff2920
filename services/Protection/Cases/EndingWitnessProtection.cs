namespace TransnationalReferral.Protection.Cases;

/// <summary>Protective measures end, with the reasons; ending them twice changes nothing.</summary>
public static class EndingWitnessProtection
{
    /// <param name="MeasureId">From the route; not part of the body.</param>
    [Reasons("why the measures end.")]
    public sealed record EndWitnessProtection(string Reasons, [property: JsonIgnore] Guid MeasureId = default);

    public static Decision Decide(ProtectionCase state, EndWitnessProtection command, DecisionContext context) =>
        (state.WitnessProtection ?? []).FirstOrDefault(m => m.MeasureId == command.MeasureId) switch
        {
            null => Refusal.Conflict("witness-protection-unknown", $"No protective measure {command.MeasureId} on this case."),
            { EndedAt: not null } => Decision.NothingToDo,
            _ => Decision.Accept(new WitnessProtectionEnded(state.Id, command.MeasureId, context.Now)),
        };

    public static RouteHandlerBuilder MapEndingWitnessProtection(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/witness-protection/{measureId:guid}/end", async (Guid caseId, Guid measureId, EndWitnessProtection command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command with { MeasureId = measureId }, context),
                    new DecisionBasis(ProtectingWitnesses.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "EndWitnessProtection", "End protective measures, with the reasons.");
}
