namespace TransnationalReferral.Protection.Cases;

/// <summary>A closed case is reopened with the reasons; assistance resumes.</summary>
public static class ReopeningProtectionCase
{
    public sealed record ReopenCase(string Reasons);

    public static Decision Decide(ProtectionCase state, ReopenCase command, DecisionContext context) =>
        state.Stage != ProtectionStage.Closed
            ? Refusal.Conflict("case-not-closed", "Only a closed case is reopened.")
            : Decision.Accept(new ProtectionCaseReopened(state.Id, context.Now));

    public static RouteHandlerBuilder MapReopeningProtectionCase(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/reopening", async (Guid caseId, ReopenCase command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the case reopens.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(SupportingLongTerm.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ReopenProtectionCase", "Reopen a closed case, with the reasons; assistance resumes. Needs If-Match.");
}
