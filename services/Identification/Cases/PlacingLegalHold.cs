using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A legal hold keeps the person's data from erasure while criminal proceedings are open or compensation is
/// pending (GDPR art. 17(3)(b) and (e)). Placed and lifted with reasons.
/// </summary>
public static class PlacingLegalHold
{
    public const string LegalBasis = "GDPR art. 17(3)(b) and (e) — retention for legal obligations and legal claims";

    public sealed record PlaceLegalHold(LegalHoldKind Kind, string Reasons);

    public sealed record LiftLegalHold(LegalHoldKind Kind, string Reasons);

    public static Decision Decide(IdentificationCase state, PlaceLegalHold command, DecisionContext context) =>
        state.LegalHolds.Contains(command.Kind)
            ? Refusal.Conflict("legal-hold-already-placed", $"A {Codes.Of(command.Kind)} hold is already in place.")
            : Decision.Accept(new LegalHoldPlaced(state.Id, command.Kind, context.Now));

    public static Decision Decide(IdentificationCase state, LiftLegalHold command, DecisionContext context) =>
        state.LegalHolds.Contains(command.Kind)
            ? Decision.Accept(new LegalHoldLifted(state.Id, command.Kind, context.Now))
            : Refusal.Conflict("legal-hold-not-placed", $"There is no {Codes.Of(command.Kind)} hold to lift.");

    public static RouteGroupBuilder MapPlacingLegalHold(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/legal-holds", async (Guid caseId, PlaceLegalHold command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "say why the hold is needed.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PlaceLegalHold, "PlaceLegalHold", "Place a legal hold (criminal proceedings, pending compensation) that blocks erasure. Needs If-Match.");

        cases.MapDecision("/{caseId:guid}/legal-holds/lifting", async (Guid caseId, LiftLegalHold command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "say why the hold ends.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PlaceLegalHold, "LiftLegalHold", "Lift a legal hold. Needs If-Match.");
        return cases;
    }
}
