namespace TransnationalReferral.Return.Cases;

/// <summary>
/// An international protection claim noted (pending, from Identification) or its outcome: a pending or granted
/// claim blocks a return in preparation; the same status heard again changes nothing.
/// </summary>
public static class NotingProtectionClaim
{
    public sealed record NoteProtectionClaim(string Country, ProtectionClaimStatus Status);

    public static Decision Decide(ReturnCase state, NoteProtectionClaim command, DecisionContext context)
    {
        if ((state.ProtectionClaims ?? []).Any(c => c.Country == command.Country && c.Status == command.Status)) return Decision.NothingToDo;
        var noted = new ProtectionClaimNoted(state.Id, command.Country, context.Now, command.Status);
        return state.Stage is ReturnStage.Preparing && command.Status is ProtectionClaimStatus.Pending or ProtectionClaimStatus.Granted
            ? Decision.Accept(noted, new ReturnBlocked(state.Id, "non-refoulement-protection-claim", context.Now))
            : Decision.Accept(noted);
    }
}
