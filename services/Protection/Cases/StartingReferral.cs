namespace TransnationalReferral.Protection.Cases;

/// <summary>The provider started the service of an accepted referral: it is in progress.</summary>
public static class StartingReferral
{
    /// <param name="ReferralId">From the route; not part of the body.</param>
    public sealed record StartReferral(string? Reasons = null, [property: JsonIgnore] Guid ReferralId = default);

    public static Decision Decide(ProtectionCase state, StartReferral command, DecisionContext context) => ReferralInbox.OnReferral(state, command.ReferralId, referral => referral switch
    {
        { Status: not ReferralStatus.Accepted } => Refusal.Conflict("referral-not-accepted", "Only an accepted referral is started."),
        _ => Decision.Accept(new ReferralStarted(state.Id, command.ReferralId, context.Now)),
    });

    public static RouteHandlerBuilder MapStartingReferral(this RouteGroupBuilder referrals) =>
        referrals.MapDecision("/{referralId:guid}/start", (Guid referralId, StartReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                ReferralInbox.DecideOnReferralAsync(session, referralId, http, (state, context) => Decide(state, command with { ReferralId = referralId }, context), command.Reasons, ct),
            Permissions.AnswerReferral, "StartReferral", "The provider started the service (the referral is in progress).")
            .Produces<ReferralDecisionAccepted>();
}
