namespace TransnationalReferral.Return.Cases;

/// <summary>The immigration authority records a forced return order. It passes none of the safety gates.</summary>
public static class RecordingForcedReturnOrder
{
    public sealed record RecordForcedReturnOrder(string Reasons);

    public static Decision Decide(ReturnCase state, RecordForcedReturnOrder command, DecisionContext context) =>
        PreparingReturn.NotPreparing(state) is { } refusal ? refusal : Decision.Accept(new ForcedReturnOrderRecorded(state.Id, context.Now));

    public static RouteHandlerBuilder MapRecordingForcedReturnOrder(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/forced-return-order", async (Guid caseId, RecordForcedReturnOrder command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the order's reference and grounds.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis("Directive 2008/115/EC art. 6", command.Reasons), ct),
            Permissions.RecordImmigrationDecision, "RecordForcedReturnOrder", "The immigration authority records a forced return order. It passes none of the safety gates. Needs If-Match.");
}
