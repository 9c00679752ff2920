namespace TransnationalReferral.Protection.Cases;

/// <summary>The provider accepts a referral, or declines it with a reason code and why — once.</summary>
public static class AnsweringReferral
{
    /// <param name="ReferralId">From the route; not part of the body.</param>
    public sealed record AnswerReferral(bool Accepted, DeclineReason? DeclineReason = null, string? Reasons = null, [property: JsonIgnore] Guid ReferralId = default);

    public static Decision Decide(ProtectionCase state, AnswerReferral command, DecisionContext context) => ReferralInbox.OnReferral(state, command.ReferralId, referral => referral switch
    {
        { Status: not ReferralStatus.Requested } => Refusal.Conflict("referral-already-answered", "This referral was already answered."),
        _ when !command.Accepted && (command.DeclineReason is null || string.IsNullOrWhiteSpace(command.Reasons)) =>
            new Refusal("referral-decline-reason", "A provider that declines a referral gives the reason (declineReason) and says why (reasons)."),
        _ => Decision.Accept(new ReferralAnswered(state.Id, command.ReferralId, command.Accepted, context.Now, command.Accepted ? null : command.DeclineReason)),
    });

    public static RouteHandlerBuilder MapAnsweringReferral(this RouteGroupBuilder referrals) =>
        referrals.MapDecision("/{referralId:guid}/answer", (Guid referralId, AnswerReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                ReferralInbox.DecideOnReferralAsync(session, referralId, http, (state, context) => Decide(state, command with { ReferralId = referralId }, context), command.Reasons, ct),
            Permissions.AnswerReferral, "AnswerReferral", "The provider accepts, or declines with a reason code and why (If-Match: the referral's ETag).")
            .Produces<ReferralDecisionAccepted>();
}
