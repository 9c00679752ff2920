namespace TransnationalReferral.Return.Cases;

/// <summary>The return closes with an outcome that fits its stage: returned (once the arrival is confirmed, and only then), person-stays, consent-withdrawn, third-country.</summary>
public static class ClosingReturn
{
    [Reasons("why the return closes.")]
    public sealed record CloseReturn(ReturnClosure Outcome, string Reasons);

    public static Decision Decide(ReturnCase state, CloseReturn command, DecisionContext context) => (state.Stage, command.Outcome) switch
    {
        (ReturnStage.NotRequested or ReturnStage.Closed, _) => Refusal.Conflict("return-not-open", "There is no open return to close."),
        (ReturnStage.Departed, _) => Refusal.Conflict("return-awaiting-arrival", "The person has departed: the return closes once the country of return confirms the arrival."),
        (ReturnStage.Arrived, not ReturnClosure.Returned) or (not ReturnStage.Arrived, ReturnClosure.Returned) =>
            new Refusal("return-closure-outcome", "'returned' is the outcome once the arrival is confirmed, and only then."),
        (ReturnStage.Preparing, ReturnClosure.ConsentWithdrawn) => new Refusal("return-closure-outcome", "The consent is in force; withdraw it first.",
            Next: "POST /api/return/cases/{caseId}/return-consent/withdrawal"),
        _ => Decision.Accept(new ReturnClosed(state.Id, state.Jurisdiction, command.Outcome, context.Now)),
    };

    public static RouteHandlerBuilder MapClosingReturn(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, CloseReturn>("/{caseId:guid}/return-closure", Decide, CoordinatingReturn.LegalBasis,
            Permissions.DecideOnCase, "CloseReturn", "Close the return: returned (after the arrival), person-stays, consent-withdrawn, third-country.");
}
