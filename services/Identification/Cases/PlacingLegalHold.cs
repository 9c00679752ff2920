namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A legal hold keeps the person's data from erasure while criminal proceedings are open or compensation is
/// pending (GDPR art. 17(3)(b) and (e)). Placed and lifted (<see cref="LiftingLegalHold"/>) with reasons.
/// </summary>
public static class PlacingLegalHold
{
    public const string LegalBasis = "GDPR art. 17(3)(b) and (e) — retention for legal obligations and legal claims";

    [Reasons("say why the hold is needed.")]
    public sealed record PlaceLegalHold(LegalHoldKind Kind, string Reasons);

    public static Decision Decide(IdentificationCase state, PlaceLegalHold command, DecisionContext context) =>
        state.LegalHolds.Contains(command.Kind)
            ? Refusal.Conflict("legal-hold-already-placed", $"A {Codes.Of(command.Kind)} hold is already in place.")
            : Decision.Accept(new LegalHoldPlaced(state.Id, command.Kind, context.Now));

    public static RouteGroupBuilder MapPlacingLegalHold(this RouteGroupBuilder cases)
    {
        cases.MapDecision<IdentificationCase, PlaceLegalHold>("/{caseId:guid}/legal-holds", Decide, LegalBasis,
            Permissions.PlaceLegalHold, "PlaceLegalHold", "Place a legal hold (criminal proceedings, pending compensation) that blocks erasure.");
        return cases;
    }
}
