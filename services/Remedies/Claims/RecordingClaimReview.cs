namespace TransnationalReferral.Remedies.Claims;

/// <summary>The deciding body has a filed (or appealed) claim under review.</summary>
public static class RecordingClaimReview
{
    public sealed record RecordReview(string? Reasons = null, [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, RecordReview command, DecisionContext context) => state.ClaimOf(command.ClaimId) switch
    {
        null => Claiming.Unknown(command.ClaimId),
        { Stage: ClaimStage.Filed or ClaimStage.Appealed } => Decision.Accept(new ClaimUnderReview(state.Id, command.ClaimId, context.Now)),
        _ => Refusal.Conflict("claim-not-filed", "A claim is under review once filed (or appealed)."),
    };

    public static RouteHandlerBuilder MapRecordingClaimReview(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/review", async (Guid caseId, Guid claimId, RecordReview command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command with { ClaimId = claimId }, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "RecordClaimReview", "The deciding body has the claim under review.");
}
