namespace TransnationalReferral.Identification.Cases;

/// <summary>An age assessment decides an uncertain age: the presumed child is a child, or an adult.</summary>
public static class RecordingAgeAssessment
{
    public enum AssessedAs { Child, Adult }

    private const string MethodAndReasons = "the method (at most 200 characters) and the reasons of the assessment are required.";

    [Reasons(MethodAndReasons)]
    public sealed record RecordAgeAssessment(AssessedAs Outcome, string Method, string Reasons);

    public static Decision Decide(IdentificationCase state, RecordAgeAssessment command, DecisionContext context) =>
        state.ChildStatus != ChildStatus.PresumedChild
            ? Refusal.Conflict("age-assessment-when-age-uncertain", "An age assessment decides an uncertain age: this person's status is already determined.")
            : Decision.Accept(new AgeAssessed(state.Id, command.Outcome == AssessedAs.Child ? ChildStatus.Child : ChildStatus.Adult, context.Now));

    public static RouteHandlerBuilder MapRecordingAgeAssessment(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/age-assessment", async (Guid caseId, RecordAgeAssessment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Method) || command.Method.Length > 200
                    ? Problems.Invalid("reasons", MethodAndReasons)
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context),
                        new DecisionBasis(ProtectingChildren.LegalBasis, $"{command.Method}: {command.Reasons}"), ct),
            Permissions.DecideOnCase, "RecordAgeAssessment", "Decide an uncertain age (the person is a presumed child until then).");
}
