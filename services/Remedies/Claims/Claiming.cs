namespace TransnationalReferral.Remedies.Claims;

/// <summary>How long a deciding body of a jurisdiction has to decide (<c>Remedies:DecisionDays</c>, <c>Remedies:DecisionDays:{ISO}</c>, default 180).</summary>
public sealed class RemediesOptions(IConfiguration configuration)
{
    public TimeSpan DecisionTime(string jurisdiction) => TimeSpan.FromDays(configuration.PerJurisdiction("Remedies:DecisionDays", jurisdiction, 180));
}

/// <summary>
/// A claim from information to payment: informed of the options first, legal aid assigned, prepared, filed with
/// the deciding body (forwarded through the assisting authority when it sits in another jurisdiction), under
/// review, awarded (a receivable: amount, currency, debtor) or rejected, appealed, paid in one or more idempotent
/// payments, closed. Nothing here reads the person's migration status or whereabouts. Each decision is a file of
/// its own; this holds what they share.
/// </summary>
public static class Claiming
{
    public const string LegalBasis = "UNTOC art. 25(2); Trafficking Protocol art. 6(6); CETS 197 art. 15; Directive 2011/36/EU art. 17 — compensation for victims";
    public const string DecisionDeadline = "claim-decision";

    /// <summary>A decision on a claim the case does not have.</summary>
    public static Refusal Unknown(Guid claimId) => Refusal.Conflict("claim-unknown", $"No claim {claimId} on this case.");

    /// <summary>An optional amount comes with its currency, in that currency's decimals.</summary>
    public static string? MoneyProblem(decimal? amount, string? currency) => amount is { } a ? Currencies.Problem(a, currency) : currency is not null ? "amount: give the amount with the currency." : null;

    /// <summary>A money problem (<c>"field: what is wrong"</c>) as a validation problem on its field.</summary>
    public static IResult Invalid(string moneyProblem) => Problems.Invalid(moneyProblem.Split(':')[0], moneyProblem);

    /// <summary>
    /// A decision that starts the deciding body's time limit on a claim (filing, appeal): decided with the deciding
    /// jurisdiction's decision time; the deadline is scheduled for the claim when the accepted decision says when it is due.
    /// </summary>
    public static Task<IResult> DecideWithTimeLimitAsync<TStarted>(IDocumentSession session, Guid caseId, Guid claimId, HttpContext http, RemediesOptions options,
        Func<RemediesCase, DecisionContext, TimeSpan, Decision> decide, Func<TStarted, DateTimeOffset> dueBy, string? reasons, CancellationToken ct) =>
        session.DecideAsync<RemediesCase>(caseId, http,
            (state, context) => decide(state, context, options.DecisionTime(state.ClaimOf(claimId)?.DecidingJurisdiction ?? state.Jurisdiction)),
            new DecisionBasis(LegalBasis, reasons), ct,
            whenAccepted: async events =>
            {
                if (events.OfType<TStarted>().FirstOrDefault() is { } started) await session.ScheduleAsync(caseId, DecisionDeadline, dueBy(started), ct, subject: claimId);
            });

    public static RouteGroupBuilder MapClaiming(this RouteGroupBuilder cases)
    {
        cases.MapProvidingRemedyInformation();
        cases.MapAssigningLegalAid();
        cases.MapPreparingClaim();
        cases.MapFilingClaim();
        cases.MapRecordingClaimReview();
        cases.MapRecordingClaimDecision();
        cases.MapAppealingClaim();
        cases.MapRecordingPayment();
        cases.MapClosingClaim();
        cases.MapArrangingPaymentChannel();
        return cases;
    }
}
