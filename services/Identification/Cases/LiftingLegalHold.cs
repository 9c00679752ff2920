namespace TransnationalReferral.Identification.Cases;

/// <summary>A legal hold in place is lifted, with reasons: erasure is no longer blocked by it.</summary>
public static class LiftingLegalHold
{
    [Reasons("say why the hold ends.")]
    public sealed record LiftLegalHold(LegalHoldKind Kind, string Reasons);

    public static Decision Decide(IdentificationCase state, LiftLegalHold command, DecisionContext context) =>
        state.LegalHolds.Contains(command.Kind)
            ? Decision.Accept(new LegalHoldLifted(state.Id, command.Kind, context.Now))
            : Refusal.Conflict("legal-hold-not-placed", $"There is no {Codes.Of(command.Kind)} hold to lift.");

    public static RouteHandlerBuilder MapLiftingLegalHold(this RouteGroupBuilder cases) =>
        cases.MapDecision<IdentificationCase, LiftLegalHold>("/{caseId:guid}/legal-holds/lifting", Decide, PlacingLegalHold.LegalBasis,
            Permissions.PlaceLegalHold, "LiftLegalHold", "Lift a legal hold.");
}
