namespace TransnationalReferral.Remedies.Claims;

/// <summary>The border's gates refused to let a claim forwarded abroad leave the node: noted on the claim with their rule, once per rule.</summary>
public static class NotingClaimForwardingRefused
{
    public sealed record NoteClaimForwardingRefused(Guid ClaimId, string Rule);

    public static Decision Decide(RemediesCase state, NoteClaimForwardingRefused command, DecisionContext context) =>
        state.ClaimOf(command.ClaimId) is not { } claim ? Claiming.Unknown(command.ClaimId)
        : claim.ForwardingRefused == command.Rule ? Decision.NothingToDo
        : Decision.Accept(new ClaimForwardingRefused(state.Id, claim.ClaimId, claim.DecidingJurisdiction, command.Rule, context.Now));
}
