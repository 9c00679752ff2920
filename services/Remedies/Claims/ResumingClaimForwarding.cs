namespace TransnationalReferral.Remedies.Claims;

/// <summary>A claim refused at the border left the node after all (the consent it lacked was recorded): the refusal no longer stands.</summary>
public static class ResumingClaimForwarding
{
    public sealed record ResumeClaimForwarding(Guid ClaimId);

    public static Decision Decide(RemediesCase state, ResumeClaimForwarding command, DecisionContext context) =>
        state.ClaimOf(command.ClaimId) is not { ForwardingRefused: not null } claim ? Decision.NothingToDo
        : Decision.Accept(new ClaimForwardingResumed(state.Id, claim.ClaimId, claim.DecidingJurisdiction, context.Now));
}
