namespace TransnationalReferral.Return.Cases;

/// <summary>
/// The recovery and reflection period started or was extended (Identification), heard on the bus: while it runs no forced
/// return order is recorded or enforced. A start heard after the end of that same period (the bus does not keep their
/// order) changes nothing; an extension of a period that ended neither.
/// </summary>
public static class NotingReflectionPeriod
{
    public const string LegalBasis = "CETS 197 art. 13 — no expulsion order enforced during the recovery and reflection period";

    public static Decision Started(ReturnCase state, DateTimeOffset startsAt, DateTimeOffset endsAt, DecisionContext context) =>
        state.ReflectionPeriod is { } period && (period.StartsAt == startsAt && period.EndsAt == endsAt || period.EndedAt >= startsAt)
            ? Decision.NothingToDo
            : Decision.Accept(new ReflectionPeriodNoted(state.Id, startsAt, endsAt, context.Now));

    public static Decision Extended(ReturnCase state, DateTimeOffset endsAt, DecisionContext context) =>
        state.ReflectionPeriod is { Runs: true } period && period.EndsAt != endsAt
            ? Decision.Accept(new ReflectionPeriodNoted(state.Id, period.StartsAt, endsAt, context.Now))
            : Decision.NothingToDo;
}
