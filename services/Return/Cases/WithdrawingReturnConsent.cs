namespace TransnationalReferral.Return.Cases;

/// <summary>Withdrawal stops the return at once; nothing may rely on the consent any more.</summary>
public static class WithdrawingReturnConsent
{
    public sealed record WithdrawConsent(string? Reasons = null);

    public static Decision Decide(ReturnCase state, WithdrawConsent command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        if (state.Consent is not { IsActive: true }) return Refusal.Conflict("return-consent-not-in-force", "There is no consent in force to withdraw.");
        return Decision.Accept(new ReturnConsentWithdrawn(state.Id, context.Now), new ReturnBlocked(state.Id, "consent-withdrawn", context.Now));
    }

    public static RouteHandlerBuilder MapWithdrawingReturnConsent(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, WithdrawConsent>("/{caseId:guid}/return-consent/withdrawal", Decide, PreparingReturn.LegalBasis,
            Permissions.DecideOnCase, "WithdrawReturnConsent", "The person withdraws the consent: the return stops.");
}
