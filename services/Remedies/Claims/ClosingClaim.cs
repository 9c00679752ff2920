namespace TransnationalReferral.Remedies.Claims;

/// <summary>A claim closes — never while money is owed on an award; a pending decision's deadline is cancelled.</summary>
public static class ClosingClaim
{
    [Reasons("why the claim closes.")]
    public sealed record CloseClaim(string Reasons, [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, CloseClaim command, DecisionContext context) => state.ClaimOf(command.ClaimId) switch
    {
        null => Claiming.Unknown(command.ClaimId),
        { Stage: ClaimStage.Closed } => Decision.NothingToDo,
        { Stage: ClaimStage.Awarded or ClaimStage.Appealed, Outstanding.Amount: > 0 } c =>
            Refusal.Conflict("claim-outstanding", $"{c.Outstanding} is still outstanding on the award; a claim with money owed stays open."),
        _ => Decision.Accept(new ClaimClosed(state.Id, command.ClaimId, context.Now)),
    };

    public static RouteHandlerBuilder MapClosingClaim(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/closure", async (Guid caseId, Guid claimId, CloseClaim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command with { ClaimId = claimId }, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, Claiming.DecisionDeadline, claimId);
                        return Task.CompletedTask;
                    }),
            Permissions.PursueClaims, "CloseClaim", "Close the claim (never while money is owed on an award).");
}
