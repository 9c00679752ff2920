namespace TransnationalReferral.Return.Cases;

/// <summary>
/// JudicialCooperation named the person as a victim or victim-witness in open proceedings, or those proceedings closed,
/// heard on the bus: while they are open, departure waits for a recorded coordination with the prosecutor
/// (<see cref="CoordinatingWithProsecution"/>).
/// </summary>
public static class NotingVictimWitness
{
    public static Decision Named(ReturnCase state, string jurisdiction, string reference, string role, DateTimeOffset namedAt, DecisionContext context) =>
        (state.Proceedings ?? []).Any(p => p.Reference == reference && p.Role == role) ? Decision.NothingToDo
        : Decision.Accept(new VictimWitnessNoted(state.Id, jurisdiction, reference, role, namedAt, context.Now));

    public static Decision ProceedingsClosed(ReturnCase state, string reference, DateTimeOffset closedAt, DecisionContext context) =>
        (state.Proceedings ?? []).Any(p => p.Reference == reference) ? Decision.Accept(new VictimWitnessProceedingsClosedNoted(state.Id, reference, closedAt, context.Now)) : Decision.NothingToDo;
}
