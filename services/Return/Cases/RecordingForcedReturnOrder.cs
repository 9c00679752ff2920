namespace TransnationalReferral.Return.Cases;

/// <summary>The immigration authority records a forced return order. It passes none of the safety gates.</summary>
public static class RecordingForcedReturnOrder
{
    [Reasons("the order's reference and grounds.")]
    public sealed record RecordForcedReturnOrder(string Reasons);

    public static Decision Decide(ReturnCase state, RecordForcedReturnOrder command, DecisionContext context) =>
        PreparingReturn.NotPreparing(state) is { } refusal ? refusal : Decision.Accept(new ForcedReturnOrderRecorded(state.Id, context.Now));

    public static RouteHandlerBuilder MapRecordingForcedReturnOrder(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, RecordForcedReturnOrder>("/{caseId:guid}/forced-return-order", Decide, "Directive 2008/115/EC art. 6",
            Permissions.RecordImmigrationDecision, "RecordForcedReturnOrder", "The immigration authority records a forced return order. It passes none of the safety gates.");
}
