using Marten;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Vault;

/// <summary>
/// Erasure by crypto-shredding: a decision with its legal basis. Refused while a legal hold applies, unless a
/// judicial officer overrides it with reasons. Executed by destroying the victim's data key in the same
/// transaction; the case's decisions remain and still replay.
/// </summary>
public static class ErasingPersonalData
{
    public sealed record EraseRequest(string LegalBasis, string Reasons, bool OverrideLegalHold = false);

    public static Decision Decide(IdentificationCase state, EraseRequest request, DecisionContext context)
    {
        if (state.PersonalData == PersonalDataStatus.Erased)
            return Refusal.Conflict("personal-data-already-erased", "The person's personal data was already erased.");
        if (state.LegalHolds.Count > 0)
        {
            var holds = string.Join(", ", state.LegalHolds.Select(h => Codes.Of(h)));
            if (!request.OverrideLegalHold)
                return new Refusal("erasure-legal-hold",
                    $"Erasure is refused while a legal hold applies ({holds}): the data is needed for criminal proceedings or a compensation claim. A judicial officer may override the hold with reasons.",
                    "GDPR art. 17(3)(b) and (e)");
            if (context.Actor.Role != Roles.JudicialOfficer)
                return new Refusal("legal-hold-override-by-judicial-officer",
                    "Only a judicial officer (prosecutor, judge or central authority) may override a legal hold.",
                    "GDPR art. 17(3)(e)");
        }
        return Decision.Accept(new PersonalDataErased(state.Id, state.VictimId, request.OverrideLegalHold ? state.LegalHolds : [], context.Now));
    }

    public static RouteHandlerBuilder MapErasingPersonalData(this RouteGroupBuilder cases) =>
        cases.MapPost("/{caseId:guid}/erasure", async (Guid caseId, EraseRequest request, HttpContext http, IDocumentSession session, PersonalDataVault vault, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.LegalBasis) || request.LegalBasis.Length > 500) return Problems.Invalid("legalBasis", "the legal basis of the erasure (e.g. GDPR art. 17(1)(b)), at most 500 characters.");
                if (string.IsNullOrWhiteSpace(request.Reasons)) return Problems.Invalid("reasons", "why the data is erased.");
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, request, context),
                    new DecisionBasis(request.LegalBasis, request.Reasons), ct,
                    whenAccepted: _ => vault.ShredAsync(session, http.RegisteredCase().VictimId, http.Now(), ct));
            })
            .WithDecision()
            .RequireAuthorization(Permissions.RequestErasure)
            .WithTags("Personal data")
            .WithName("ErasePersonalData")
            .WithSummary("Erase the person's personal data (crypto-shredding). Refused under a legal hold unless a judicial officer overrides it. Needs If-Match.")
            .Produces<DecisionAccepted>();
}
