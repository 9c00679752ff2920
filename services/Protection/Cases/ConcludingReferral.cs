namespace TransnationalReferral.Protection.Cases;

/// <summary>The referral's outcome: completed, or not successful with the reason.</summary>
public static class ConcludingReferral
{
    /// <param name="ReferralId">From the route; not part of the body.</param>
    [Reasons("the outcome, or why it was not successful.")]
    public sealed record ConcludeReferral(bool Successful, string Reasons, [property: JsonIgnore] Guid ReferralId = default);

    public static Decision Decide(ProtectionCase state, ConcludeReferral command, DecisionContext context) => ReferralInbox.OnReferral(state, command.ReferralId, referral => referral switch
    {
        { Status: not (ReferralStatus.Accepted or ReferralStatus.InProgress) } => Refusal.Conflict("referral-not-in-progress", "Only an accepted or started referral is concluded."),
        _ => Decision.Accept(new ReferralConcluded(state.Id, command.ReferralId, command.Successful, context.Now)),
    });

    public static RouteHandlerBuilder MapConcludingReferral(this RouteGroupBuilder referrals) =>
        referrals.MapDecision("/{referralId:guid}/outcome", (Guid referralId, ConcludeReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                ReferralInbox.DecideOnReferralAsync(session, referralId, http, (state, context) => Decide(state, command with { ReferralId = referralId }, context), command.Reasons, ct),
            Permissions.AnswerReferral, "ConcludeReferral", "Record the referral's outcome: completed, or not successful with the reason.")
            .Produces<ReferralDecisionAccepted>();
}
