namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// The deciding body's decision on a filed, reviewed or appealed claim: awarded (amount, currency, debtor — a
/// receivable; a non-monetary remedy without an amount) or rejected, with the reasons. An award on appeal stays in
/// the currency of the payments made and is never less than what was paid. The decision's deadline is cancelled.
/// </summary>
public static class RecordingClaimDecision
{
    public enum Outcome { Awarded, Rejected }

    [Reasons("the decision's reference and grounds.")]
    public sealed record RecordDecision(Outcome Outcome, string Reasons, decimal? Amount = null, string? Currency = null, Debtor? Debtor = null,
        [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, RecordDecision command, DecisionContext context)
    {
        if (state.ClaimOf(command.ClaimId) is not { } claim) return Claiming.Unknown(command.ClaimId);
        if (claim.Stage is not (ClaimStage.Filed or ClaimStage.UnderReview or ClaimStage.Appealed))
            return Refusal.Conflict("claim-not-pending", $"The claim is {Codes.Of(claim.Stage)}: a decision is recorded on a filed, reviewed or appealed claim.");
        if (command.Outcome == Outcome.Rejected) return Decision.Accept(new ClaimRejected(state.Id, claim.ClaimId, context.Now));
        if (!claim.IsMonetary)
            return command.Amount is null ? Decision.Accept(new ClaimAwarded(state.Id, claim.ClaimId, null, command.Debtor, context.Now))
                : new Refusal("non-monetary-remedy", "A non-monetary remedy is awarded without an amount.");
        if (command.Amount is not { } amount || command.Debtor is null)
            return new Refusal("award-amount-and-debtor", "An award names the amount, the currency and the debtor.");
        var award = new Money(amount, command.Currency!);
        if ((claim.Payments ?? []).Count > 0 && claim.Paid!.Currency != award.Currency)
            return new Refusal("award-currency-fixed", $"Payments were made in {claim.Paid.Currency}; the award on appeal stays in that currency.");
        if (claim.Paid is { } paid && paid.Amount > award.Amount)
            return new Refusal("award-below-payments", $"{paid} was already paid; the award cannot be less.");
        return Decision.Accept(new ClaimAwarded(state.Id, claim.ClaimId, award, command.Debtor, context.Now));
    }

    /// <summary>
    /// The deciding state's decision on a claim this node forwarded to it (heard over the cross-border exchange):
    /// recorded by the same rule as a decision the focal point records (<see cref="Decide"/>), only from the
    /// jurisdiction the claim was forwarded to; the same decision heard again has no effect.
    /// </summary>
    public static Decision DecidedAbroad(RemediesCase state, RecordDecision command, DecisionContext context, string decidingJurisdiction)
    {
        if (state.ClaimOf(command.ClaimId) is not { } claim) return Claiming.Unknown(command.ClaimId);
        if (claim.DecidingJurisdiction != decidingJurisdiction || claim.DecidingJurisdiction == state.Jurisdiction)
            return new Refusal("claim-decided-by-its-deciding-state", $"Claim {claim.ClaimId} was forwarded to {claim.DecidingJurisdiction}, not decided by {decidingJurisdiction}.");
        var same = command.Outcome == Outcome.Rejected
            ? claim.Stage == ClaimStage.Rejected
            : claim.Stage is ClaimStage.Awarded or ClaimStage.Paid or ClaimStage.Closed && claim.Award == (command.Amount is { } a ? new Money(a, command.Currency!) : null) && claim.Debtor == command.Debtor;
        return same ? Decision.NothingToDo : Decide(state, command, context);
    }

    public static RouteHandlerBuilder MapRecordingClaimDecision(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/decision", async (Guid caseId, Guid claimId, RecordDecision command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Claiming.MoneyProblem(command.Amount, command.Currency) is { } problem ? Claiming.Invalid(problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command with { ClaimId = claimId }, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, Claiming.DecisionDeadline, claimId);
                        return Task.CompletedTask;
                    }),
            Permissions.PursueClaims, "RecordClaimDecision", "Record the deciding body's decision: awarded (amount, ISO 4217 currency, debtor — a receivable) or rejected, with the reasons.");
}
