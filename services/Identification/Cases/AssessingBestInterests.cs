namespace TransnationalReferral.Identification.Cases;

/// <summary>The child's best-interests assessment, made with the guardian taking part (so after the guardian is appointed).</summary>
public static class AssessingBestInterests
{
    public sealed record RecordBestInterestsAssessment(string Reasons);

    public static Decision Decide(IdentificationCase state, RecordBestInterestsAssessment command, DecisionContext context)
    {
        if (!state.IsTreatedAsChild) return Refusal.Conflict("best-interests-for-a-child", "A best-interests assessment is made for a child or presumed child.");
        if (state.GuardianOrganisation is null)
            return new Refusal("best-interests-with-guardian", "The child's guardian takes part in the best-interests assessment: appoint the guardian first.", "Directive 2011/36/EU art. 14(2)");
        return Decision.Accept(new BestInterestsAssessed(state.Id, context.Now));
    }

    public static RouteHandlerBuilder MapAssessingBestInterests(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/best-interests-assessment", async (Guid caseId, RecordBestInterestsAssessment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "the conclusions of the assessment are required.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(ProtectingChildren.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordBestInterestsAssessment", "Record the child's best-interests assessment (with the guardian). Needs If-Match.");
}
