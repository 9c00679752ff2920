namespace TransnationalReferral.Return.Reintegration;

/// <summary>A running reintegration closes with its outcome: sustainable, partly-sustainable, not-sustainable, lost-contact.</summary>
public static class ClosingReintegration
{
    [Reasons("why the reintegration closes.")]
    public sealed record CloseReintegration(ReintegrationOutcome Outcome, string Reasons);

    public static Decision Decide(IncomingReturn state, CloseReintegration command, DecisionContext context) =>
        state.Stage == IncomingStage.Closed ? Refusal.Conflict("reintegration-closed", "Already closed.")
        : state.Stage != IncomingStage.Reintegrating ? Refusal.Conflict("reintegration-after-arrival", "A reintegration closes once it has started (plan agreed).")
        : Decision.Accept(new ReintegrationClosed(state.Id, state.CaseId, state.Jurisdiction, command.Outcome, context.Now));

    public static RouteHandlerBuilder MapClosingReintegration(this RouteGroupBuilder incoming) =>
        incoming.MapDecision("/{requestId:guid}/closure", (Guid requestId, CloseReintegration command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Reintegrating.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.DecideOnCase, "CloseReintegration", "Close the reintegration with its outcome: sustainable, partly-sustainable, not-sustainable, lost-contact.");
}
