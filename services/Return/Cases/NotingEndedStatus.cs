namespace TransnationalReferral.Return.Cases;

/// <summary>A status ended elsewhere (reflection period, residence permit), heard on the bus: noted once, so that a return can be requested for it.</summary>
public static class NotingEndedStatus
{
    public sealed record NoteEndedStatus(ReturnReason Status, DateTimeOffset EndedAt);

    public static Decision Decide(ReturnCase state, NoteEndedStatus command, DecisionContext context) =>
        (state.EndedStatuses ?? []).Contains(command.Status) ? Decision.NothingToDo : Decision.Accept(new StatusEndedNoted(state.Id, command.Status, command.EndedAt, context.Now));
}
