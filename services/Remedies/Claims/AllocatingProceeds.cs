namespace TransnationalReferral.Remedies.Claims;

/// <summary>Confiscated value (or returned proceeds) allocated to an award — never more than the asset has left or the award, in both their currency.</summary>
public static class AllocatingProceeds
{
    public sealed record AllocateProceeds(Guid AssetId, Guid ClaimId, decimal Amount, string Currency, string? Reasons = null);

    public static Decision Decide(RemediesCase state, AllocateProceeds command, DecisionContext context)
    {
        if ((state.Assets ?? []).FirstOrDefault(a => a.AssetId == command.AssetId) is not { } asset)
            return Refusal.Conflict("asset-unknown", $"No asset {command.AssetId} is known for this case (the judicial service publishes them).");
        if (!Proceeds.Allocatable.Contains(asset.Source))
            return Refusal.Conflict("asset-not-confiscated", $"The asset is {asset.Source}: only confiscated value (or returned proceeds) is allocated.");
        if (state.ClaimOf(command.ClaimId) is not { Award: { } award } claim)
            return Refusal.Conflict("allocation-needs-award", "Proceeds are allocated to an awarded claim.", "POST /api/remedies/cases/{caseId}/claims/{claimId}/decision");
        var amount = new Money(command.Amount, command.Currency);
        if (amount.Currency != asset.Value.Currency || amount.Currency != award.Currency)
            return new Refusal("allocation-currency", $"The asset is valued in {asset.Value.Currency} and the award is in {award.Currency}; an allocation is in both.");
        if (amount.Amount > asset.Available.Amount)
            return new Refusal("allocation-exceeds-confiscated-value", $"Only {asset.Available} of the asset's {asset.Value} is still available.", Proceeds.LegalBasis);
        if (claim.Allocated!.Plus(amount).Amount > award.Amount)
            return new Refusal("allocation-exceeds-award", $"The award is {award}; {claim.Allocated} is already allocated to it.");
        return Decision.Accept(new ProceedsAllocated(state.Id, claim.ClaimId, asset.AssetId, amount, context.Now));
    }

    public static RouteHandlerBuilder MapAllocatingProceeds(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/allocations", async (Guid caseId, AllocateProceeds command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Currencies.Problem(command.Amount, command.Currency) is { } problem ? Claiming.Invalid(problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(Proceeds.LegalBasis, command.Reasons), ct),
            Permissions.AllocateProceeds, "AllocateProceeds", "Allocate confiscated value (or returned proceeds) to an award — never more than the asset has left or the award.");
}
