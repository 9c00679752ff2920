namespace TransnationalReferral.Return.Cases;

/// <summary>For a child: the assessment of the family in the country of return.</summary>
public static class AssessingFamily
{
    public sealed record AssessFamily(FamilyAssessment Outcome, string Reasons);

    public static Decision Decide(ReturnCase state, AssessFamily command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        return !state.IsChild
            ? Refusal.Conflict("family-assessment-for-children", "The family assessment in the country of return is part of a child's return.")
            : Decision.Accept(new FamilyAssessed(state.Id, command.Outcome, context.Now));
    }

    public static RouteHandlerBuilder MapAssessingFamily(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/family-assessment", async (Guid caseId, AssessFamily command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "who assessed the family and what they found.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(ReturnGates.ChildSource, command.Reasons), ct),
            Permissions.DecideOnCase, "AssessFamily", "For a child: the assessment of the family in the country of return. Needs If-Match.");
}
