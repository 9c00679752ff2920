namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// A payment on an award: the same payment key records once (a retry is "nothing to do"); in the award's
/// currency; never more than outstanding. It does not look at where the person lives or their status —
/// after a return it goes through the channel arranged with the partner's focal point.
/// </summary>
public static class RecordingPayment
{
    public sealed record RecordPayment(string PaymentKey, decimal Amount, string Currency, PaymentChannelKind Channel = PaymentChannelKind.Direct, string? Reasons = null,
        [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, RecordPayment command, DecisionContext context)
    {
        if (state.ClaimOf(command.ClaimId) is not { } claim) return Claiming.Unknown(command.ClaimId);
        if ((claim.Payments ?? []).FirstOrDefault(p => p.PaymentKey == command.PaymentKey) is { } earlier)
            return earlier.Amount == new Money(command.Amount, command.Currency)
                ? Decision.NothingToDo
                : Refusal.Conflict("payment-key-reused", $"Payment key {command.PaymentKey} was used for {earlier.Amount}; a different payment needs a new key.");
        if (claim.Stage is not (ClaimStage.Awarded or ClaimStage.Appealed) || claim.Award is not { } award)
            return Refusal.Conflict("payment-needs-award", "Payments are made on an awarded claim.", "POST /api/remedies/cases/{caseId}/claims/{claimId}/decision");
        var amount = new Money(command.Amount, command.Currency);
        if (amount.Currency != award.Currency)
            return new Refusal("payment-currency", $"The award is in {award.Currency}.");
        if (amount.Amount > claim.Outstanding!.Amount)
            return new Refusal("payment-exceeds-outstanding", $"Outstanding on the award: {claim.Outstanding}.");
        if (command.Channel == PaymentChannelKind.PartnerFocalPoint && state.PaymentChannel is not { Kind: PaymentChannelKind.PartnerFocalPoint })
            return Refusal.Conflict("payment-channel-not-arranged", "No payment channel through a partner focal point has been arranged for this case.", "POST /api/remedies/cases/{caseId}/payment-channel");
        return Decision.Accept(new PaymentRecorded(state.Id, claim.ClaimId, command.PaymentKey, amount, command.Channel, context.Now));
    }

    public static RouteHandlerBuilder MapRecordingPayment(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/payments", async (Guid caseId, Guid claimId, RecordPayment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.PaymentKey) || command.PaymentKey.Length > 100 ? Problems.Invalid("paymentKey", "the payment's unique key (at most 100 characters): a retry with the same key records once.")
                : Currencies.Problem(command.Amount, command.Currency) is { } problem ? Claiming.Invalid(problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command with { ClaimId = claimId }, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "RecordPayment", "Record a payment on the award (idempotent on paymentKey; in the award's currency; at most what is outstanding; through the partner focal point's channel after a return).");
}
