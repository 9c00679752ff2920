namespace TransnationalReferral.Identification.Cases;

/// <summary>A legal hold in place is lifted, with reasons: erasure is no longer blocked by it.</summary>
public static class LiftingLegalHold
{
    public sealed record LiftLegalHold(LegalHoldKind Kind, string Reasons);

    public static Decision Decide(IdentificationCase state, LiftLegalHold command, DecisionContext context) =>
        state.LegalHolds.Contains(command.Kind)
            ? Decision.Accept(new LegalHoldLifted(state.Id, command.Kind, context.Now))
            : Refusal.Conflict("legal-hold-not-placed", $"There is no {Codes.Of(command.Kind)} hold to lift.");

    public static RouteHandlerBuilder MapLiftingLegalHold(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/legal-holds/lifting", async (Guid caseId, LiftLegalHold command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "say why the hold ends.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(PlacingLegalHold.LegalBasis, command.Reasons), ct),
            Permissions.PlaceLegalHold, "LiftLegalHold", "Lift a legal hold. Needs If-Match.");
}
