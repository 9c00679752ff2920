namespace TransnationalReferral.Remedies.Claims;

/// <summary>An appeal against the decision on a claim (by the victim or the debtor): the claim is pending again, with a new time limit.</summary>
public static class AppealingClaim
{
    [Reasons("the grounds of appeal.")]
    public sealed record Appeal(AppealedBy By, string Reasons, [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, Appeal command, DecisionContext context, TimeSpan decisionTime) => state.ClaimOf(command.ClaimId) switch
    {
        null => Claiming.Unknown(command.ClaimId),
        { Stage: ClaimStage.Awarded or ClaimStage.Rejected } => Decision.Accept(new ClaimAppealed(state.Id, command.ClaimId, command.By, context.Now + decisionTime, context.Now)),
        _ => Refusal.Conflict("claim-not-decided", "Only a decided claim (awarded or rejected) is appealed."),
    };

    /// <summary>An appeal against the deciding state's decision on a claim this node forwarded to it: recorded by the focal point's rule, once.</summary>
    public static Decision AppealedAbroad(RemediesCase state, Appeal command, DecisionContext context, TimeSpan decisionTime, string decidingJurisdiction) =>
        state.ClaimOf(command.ClaimId) switch
        {
            null => Claiming.Unknown(command.ClaimId),
            { } c when c.DecidingJurisdiction != decidingJurisdiction || c.DecidingJurisdiction == state.Jurisdiction =>
                new Refusal("claim-decided-by-its-deciding-state", $"Claim {command.ClaimId} was forwarded to {c.DecidingJurisdiction}, not decided by {decidingJurisdiction}."),
            { Stage: ClaimStage.Appealed } => Decision.NothingToDo,
            _ => Decide(state, command, context, decisionTime),
        };

    public static RouteHandlerBuilder MapAppealingClaim(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/appeal", (Guid caseId, Guid claimId, Appeal command, HttpContext http, IDocumentSession session, RemediesOptions options, CancellationToken ct) =>
                Claiming.DecideWithTimeLimitAsync<ClaimAppealed>(session, caseId, claimId, http, options,
                    (s, c, decisionTime) => Decide(s, command with { ClaimId = claimId }, c, decisionTime), appealed => appealed.DecisionDueBy, command.Reasons, ct),
            Permissions.PursueClaims, "AppealClaim", "Record an appeal against the decision (by the victim or the debtor).");
}
