namespace TransnationalReferral.Return.Cases;

/// <summary>
/// A residence permit for the victim issued or renewed (Protection), heard on the bus: while it is valid no forced return
/// order is recorded or enforced. A permit decided before its end was heard (the bus does not keep their order) changes nothing.
/// </summary>
public static class NotingResidencePermit
{
    public const string LegalBasis = "CETS 197 art. 14; Directive 2004/81/EC art. 8 — a victim's residence permit";

    public static Decision Decide(ReturnCase state, DateTimeOffset expiresAt, DateTimeOffset decidedAt, DecisionContext context) =>
        state.ResidencePermit is { } permit && (permit.ExpiresAt == expiresAt && permit.Valid || permit.EndedAt >= decidedAt)
            ? Decision.NothingToDo
            : Decision.Accept(new ResidencePermitNoted(state.Id, expiresAt, decidedAt, context.Now));
}
