namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// A claim another state forwarded for this jurisdiction to decide (over the cross-border exchange,
/// <c>IncomingCompensationRequests</c>): filed here once, in a file of this jurisdiction (a file
/// kept for another jurisdiction's case does not take it). The case id is the sending node's case reference.
/// </summary>
public static class ReceivingForwardedClaim
{
    public sealed record ReceiveForwardedClaim(Guid CaseId, Guid ClaimId, ClaimType Type, string Jurisdiction, string AssistingJurisdiction, string DecidingBody);

    public static Decision Decide(RemediesCase? state, ReceiveForwardedClaim command, DecisionContext context, TimeSpan decisionTime)
    {
        if (state?.ClaimOf(command.ClaimId) is not null) return Decision.NothingToDo;
        if (state is not null && state.Jurisdiction != command.Jurisdiction)
            return new Refusal("case-in-own-jurisdiction", $"The file {state.Id} is kept for {state.Jurisdiction}: a claim forwarded to {command.Jurisdiction} is not added to it.");
        if (command.AssistingJurisdiction == command.Jurisdiction)
            return new Refusal("forwarded-from-another-state", "A forwarded claim comes from another state's assisting authority.");
        return Decision.Accept(new ForwardedClaimReceived(command.CaseId, command.ClaimId, command.Type, command.Jurisdiction, command.AssistingJurisdiction, command.DecidingBody,
            context.Now + decisionTime, context.Now));
    }
}
