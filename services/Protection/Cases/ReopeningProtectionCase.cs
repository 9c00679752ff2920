namespace TransnationalReferral.Protection.Cases;

/// <summary>A closed case is reopened with the reasons; assistance resumes.</summary>
public static class ReopeningProtectionCase
{
    [Reasons("why the case reopens.")]
    public sealed record ReopenCase(string Reasons);

    public static Decision Decide(ProtectionCase state, ReopenCase command, DecisionContext context) =>
        state.Stage != ProtectionStage.Closed
            ? Refusal.Conflict("case-not-closed", "Only a closed case is reopened.")
            : Decision.Accept(new ProtectionCaseReopened(state.Id, context.Now));

    public static RouteHandlerBuilder MapReopeningProtectionCase(this RouteGroupBuilder cases) =>
        cases.MapDecision<ProtectionCase, ReopenCase>("/{caseId:guid}/reopening", Decide, SupportingLongTerm.LegalBasis,
            Permissions.DecideOnCase, "ReopenProtectionCase", "Reopen a closed case, with the reasons; assistance resumes.");
}
