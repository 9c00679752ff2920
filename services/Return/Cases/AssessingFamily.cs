namespace TransnationalReferral.Return.Cases;

/// <summary>For a child: the assessment of the family in the country of return.</summary>
public static class AssessingFamily
{
    [Reasons("who assessed the family and what they found.")]
    public sealed record AssessFamily(FamilyAssessment Outcome, string Reasons);

    public static Decision Decide(ReturnCase state, AssessFamily command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        return !state.IsChild
            ? Refusal.Conflict("family-assessment-for-children", "The family assessment in the country of return is part of a child's return.")
            : Decision.Accept(new FamilyAssessed(state.Id, command.Outcome, context.Now));
    }

    public static RouteHandlerBuilder MapAssessingFamily(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, AssessFamily>("/{caseId:guid}/family-assessment", Decide, ReturnGates.ChildSource,
            Permissions.DecideOnCase, "AssessFamily", "For a child: the assessment of the family in the country of return.");
}
