namespace TransnationalReferral.Identification.Cases;

/// <summary>The child's best-interests assessment, made with the guardian taking part (so after the guardian is appointed).</summary>
public static class AssessingBestInterests
{
    [Reasons("the conclusions of the assessment are required.")]
    public sealed record RecordBestInterestsAssessment(string Reasons);

    public static Decision Decide(IdentificationCase state, RecordBestInterestsAssessment command, DecisionContext context)
    {
        if (!state.IsTreatedAsChild) return Refusal.Conflict("best-interests-for-a-child", "A best-interests assessment is made for a child or presumed child.");
        if (state.GuardianOrganisation is null)
            return new Refusal("best-interests-with-guardian", "The child's guardian takes part in the best-interests assessment: appoint the guardian first.", "Directive 2011/36/EU art. 14(2)",
                Next: "POST /api/identification/cases/{caseId}/guardian");
        return Decision.Accept(new BestInterestsAssessed(state.Id, context.Now));
    }

    public static RouteHandlerBuilder MapAssessingBestInterests(this RouteGroupBuilder cases) =>
        cases.MapDecision<IdentificationCase, RecordBestInterestsAssessment>("/{caseId:guid}/best-interests-assessment", Decide, ProtectingChildren.LegalBasis,
            Permissions.DecideOnCase, "RecordBestInterestsAssessment", "Record the child's best-interests assessment (with the guardian).");
}
