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

    /// <summary>Witness protection granted: the measure's id (to end it), its case and the case's new version (the ETag).</summary>
    public sealed record MeasureCreated(Guid CaseId, Guid MeasureId, long Version);

    public static RouteGroupBuilder MapGrantingWitnessProtection(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/witness-protection", async (Guid caseId, GrantWitnessProtection command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.Measures is not { Count: > 0 }) return Problems.Invalid("measures", "at least one protective measure.");
                var granted = command with { MeasureId = Guid.CreateVersion7() };
                return await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, granted, context),
                    new DecisionBasis(ProtectingWitnesses.LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/protection/cases/{caseId}/witness-protection/{granted.MeasureId}", version => new MeasureCreated(caseId, granted.MeasureId, version)));
            },
            Permissions.DecideOnCase, "GrantWitnessProtection", "Grant protective measures to the victim-witness (and family members): physical protection, relocation, identity protection in proceedings, … 201: Location is the measure.")
            .Produces<MeasureCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<ProtectionCase, WitnessProtection>("witness-protection", (state, measureId) => state.WitnessProtection?.FirstOrDefault(m => m.MeasureId == measureId),
            "witness-protection measure", "GetWitnessProtectionMeasure");
        return cases;
    }
}
