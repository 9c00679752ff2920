namespace TransnationalReferral.Return.Cases;

/// <summary>The immigration authority records a forced return order — refused while the reflection period runs or a residence permit is valid. It passes none of the safety gates.</summary>
public static class RecordingForcedReturnOrder
{
    [Reasons("the order's reference and grounds.")]
    public sealed record RecordForcedReturnOrder(string Reasons);

    public static Decision Decide(ReturnCase state, RecordForcedReturnOrder command, DecisionContext context) =>
        PreparingReturn.NotPreparing(state) is { } refusal ? refusal
        : Protected(state) is { } protectedNow ? protectedNow
        : Decision.Accept(new ForcedReturnOrderRecorded(state.Id, context.Now));

    /// <summary>
    /// What protects the person from a forced return today: the recovery and reflection period while it runs, a valid
    /// residence permit. The order is refused while either holds, and an order recorded before either began is not
    /// enforced (the departure gate) until both have ended.
    /// </summary>
    public static Refusal? Protected(ReturnCase state) =>
        state.ReflectionPeriod is { Runs: true } period
            ? ReturnGates.Closed("forced-return-during-reflection-period",
                $"The recovery and reflection period runs (until {period.EndsAt:yyyy-MM-dd}, as Identification published it): no expulsion order is enforced while it runs.",
                "CETS 197 art. 13(1) and (3); Directive 2004/81/EC art. 6(2)")
        : state.ResidencePermit is { Valid: true } permit
            ? ReturnGates.Closed("forced-return-while-residence-permit-valid",
                $"The person holds a valid residence permit (until {permit.ExpiresAt:yyyy-MM-dd}, as Protection published it): no forced return while it is valid.",
                "CETS 197 art. 14(1); Directive 2004/81/EC art. 8")
        : null;

    public static RouteHandlerBuilder MapRecordingForcedReturnOrder(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, RecordForcedReturnOrder>("/{caseId:guid}/forced-return-order", Decide, "Directive 2008/115/EC art. 6",
            Permissions.RecordImmigrationDecision, "RecordForcedReturnOrder", "The immigration authority records a forced return order — refused (409) while the reflection period runs or a residence permit is valid. It passes none of the safety gates.");
}
