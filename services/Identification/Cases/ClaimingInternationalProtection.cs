namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The person asks for asylum or international protection against a country: the case is flagged and, from
/// then on, nothing may contact that country's authorities (sharing with it is refused here; other services
/// check the published flag).
/// </summary>
public static class ClaimingInternationalProtection
{
    public const string LegalBasis = "1951 Refugee Convention art. 33 (non-refoulement); Trafficking Protocol art. 14; CETS 197 art. 40(4)";

    public sealed record RecordInternationalProtectionClaim(string CountryOfClaimedPersecution, string? Reasons = null);

    public static Decision Decide(IdentificationCase state, RecordInternationalProtectionClaim command, DecisionContext context) =>
        state.NoContact.Contains(command.CountryOfClaimedPersecution)
            ? Refusal.Conflict("international-protection-already-claimed", $"A claim against {command.CountryOfClaimedPersecution} is already recorded.")
            : Decision.Accept(new InternationalProtectionClaimed(state.Id, command.CountryOfClaimedPersecution, context.Now));

    public static RouteHandlerBuilder MapClaimingInternationalProtection(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/international-protection", async (Guid caseId, RecordInternationalProtectionClaim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.CountryOfClaimedPersecution)
                    ? Problems.Invalid("countryOfClaimedPersecution", "an ISO 3166-1 alpha-2 code.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordInternationalProtectionClaim", "Flag that the person claims international protection against a country: no contact with its authorities from now on.");
}
