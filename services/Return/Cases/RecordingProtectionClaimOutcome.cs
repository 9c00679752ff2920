namespace TransnationalReferral.Return.Cases;

/// <summary>The immigration authority records the outcome of a known international protection claim (granted, rejected, withdrawn), noted as <see cref="NotingProtectionClaim"/> notes it.</summary>
public static class RecordingProtectionClaimOutcome
{
    [Reasons("the decision's reference and grounds.")]
    public sealed record RecordProtectionClaimOutcome(string Country, ProtectionClaimStatus Outcome, string Reasons);

    public static Decision Decide(ReturnCase state, RecordProtectionClaimOutcome command, DecisionContext context) =>
        command.Outcome == ProtectionClaimStatus.Pending
            ? new Refusal("protection-claim-outcome", "Record an outcome: granted, rejected or withdrawn (pending claims come from Identification).")
            : !(state.ProtectionClaims ?? []).Any(c => c.Country == command.Country)
                ? Refusal.Conflict("protection-claim-unknown", $"No international protection claim against {command.Country} is known for this case.")
                : NotingProtectionClaim.Decide(state, new NotingProtectionClaim.NoteProtectionClaim(command.Country, command.Outcome), context);

    public static RouteHandlerBuilder MapRecordingProtectionClaimOutcome(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/protection-claim-outcome", async (Guid caseId, RecordProtectionClaimOutcome command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.Country) ? Problems.Invalid("country", "an ISO 3166-1 alpha-2 code.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(ReturnGates.NonRefoulement, command.Reasons), ct),
            Permissions.RecordImmigrationDecision, "RecordProtectionClaimOutcome", "The immigration authority records the outcome of an international protection claim (granted, rejected, withdrawn).");
}
