namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// A claim prepared before a deciding body, possibly in another jurisdiction: monetary (criminal compensation, civil,
/// state fund, unpaid wages, restitution) with the amount claimed, or a non-monetary remedy, which has no amount.
/// The claim id is new (the endpoint gives it).
/// </summary>
public static class PreparingClaim
{
    public sealed record PrepareClaim(ClaimType Type, string DecidingJurisdiction, string DecidingBody, decimal? ClaimedAmount = null, string? Currency = null, string? Reasons = null,
        [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, PrepareClaim command, DecisionContext context)
    {
        var claimed = command.ClaimedAmount is { } amount ? new Money(amount, command.Currency!) : null;
        var monetary = command.Type is not (ClaimType.Rehabilitation or ClaimType.Satisfaction or ClaimType.GuaranteesOfNonRepetition);
        if (!monetary && claimed is not null)
            return new Refusal("non-monetary-remedy", $"{Codes.Of(command.Type)} is a non-monetary remedy: it has no amount.");
        return Decision.Accept(new ClaimPrepared(state.Id, command.ClaimId, command.Type, command.DecidingJurisdiction, command.DecidingBody, claimed, context.Now));
    }

    /// <summary>A claim prepared: its id (every later decision on the claim names it), its case and the case's new version (the ETag).</summary>
    public sealed record ClaimCreated(Guid CaseId, Guid ClaimId, long Version);

    public static RouteGroupBuilder MapPreparingClaim(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/claims", async (Guid caseId, PrepareClaim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.DecidingJurisdiction)) return Problems.Invalid("decidingJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (!OrganisationCodes.IsValid(command.DecidingBody)) return Problems.Invalid("decidingBody", $"the deciding body's code: {OrganisationCodes.Format}.");
                if (Claiming.MoneyProblem(command.ClaimedAmount, command.Currency) is { } problem) return Claiming.Invalid(problem);
                var claim = command with { ClaimId = Guid.CreateVersion7() };
                return await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claim, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/remedies/cases/{caseId}/claims/{claim.ClaimId}", version => new ClaimCreated(caseId, claim.ClaimId, version)));
            },
            Permissions.PursueClaims, "PrepareClaim", "Prepare a claim (criminal compensation, civil, state fund, unpaid wages, restitution; or a non-monetary remedy) before a deciding body, possibly in another jurisdiction. 201: Location is the claim.")
            .Produces<ClaimCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<RemediesCase, Claim>("claims", (state, claimId) => state.Claims?.FirstOrDefault(c => c.ClaimId == claimId), "claim", "GetClaim");
        return cases;
    }
}
