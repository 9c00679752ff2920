namespace TransnationalReferral.Protection.Cases;

/// <summary>Protective measures granted to the victim-witness (and family members), answering an assessed risk.</summary>
public static class GrantingWitnessProtection
{
    /// <param name="MeasureId">Minted by the endpoint; not part of the body.</param>
    [Reasons("why the measures are needed.")]
    public sealed record GrantWitnessProtection(IReadOnlyList<WitnessMeasure> Measures, bool ForFamilyMembers, string Reasons, [property: JsonIgnore] Guid MeasureId = default);

    public static Decision Decide(ProtectionCase state, GrantWitnessProtection command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if (state.Risk is null)
            return Refusal.Conflict("witness-protection-answers-risk", "Protective measures answer a risk assessment (e.g. witness intimidation): assess the risk first.",
                "POST /api/protection/cases/{caseId}/risk-assessments");
        return Decision.Accept(new WitnessProtectionGranted(state.Id, command.MeasureId, command.Measures.Distinct().ToList(), command.ForFamilyMembers, context.Now));
    }

    public static RouteHandlerBuilder MapGrantingWitnessProtection(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/witness-protection", async (Guid caseId, GrantWitnessProtection command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Measures is not { Count: > 0 } ? Problems.Invalid("measures", "at least one protective measure.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command with { MeasureId = Guid.CreateVersion7() }, context),
                    new DecisionBasis(ProtectingWitnesses.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "GrantWitnessProtection", "Grant protective measures to the victim-witness (and family members): physical protection, relocation, identity protection in proceedings, …");
}
