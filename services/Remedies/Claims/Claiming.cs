using TransnationalReferral.ServiceDefaults.Finance;
using System.Text.RegularExpressions;
using Marten;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

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
/// payments, closed. Nothing here reads the person's migration status or whereabouts.
/// </summary>
public static partial class Claiming
{
    public const string LegalBasis = "UNTOC art. 25(2); Trafficking Protocol art. 6(6); CETS 197 art. 15; Directive 2011/36/EU art. 17 — compensation for victims";
    public const string DecisionDeadline = "claim-decision";

    public sealed record ProvideInformation(string Language, string? Reasons = null);

    public sealed record AssignLegalAid(string Organisation, string? Reasons = null);

    public sealed record PrepareClaim(ClaimType Type, string DecidingJurisdiction, string DecidingBody, decimal? ClaimedAmount = null, string? Currency = null, string? Reasons = null);

    public sealed record FileClaim(string? Reasons = null);

    public sealed record RecordReview(string? Reasons = null);

    public enum Outcome { Awarded, Rejected }

    public sealed record RecordDecision(Outcome Outcome, string Reasons, decimal? Amount = null, string? Currency = null, Debtor? Debtor = null);

    public sealed record Appeal(AppealedBy By, string Reasons);

    public sealed record RecordPayment(string PaymentKey, decimal Amount, string Currency, PaymentChannelKind Channel = PaymentChannelKind.Direct, string? Reasons = null);

    public sealed record CloseClaim(string Reasons);

    public sealed record ArrangePaymentChannel(PaymentChannelKind Kind, string Reference, string? ViaJurisdiction = null, string? Reasons = null);

    private static Refusal Unknown(Guid claimId) => Refusal.Conflict("claim-unknown", $"No claim {claimId} on this case.");

    public static Decision Decide(RemediesCase s, ProvideInformation command, DecisionContext context) =>
        Decision.Accept(new RemedyInformationProvided(s.Id, command.Language, context.Now));

    public static Decision Decide(RemediesCase s, AssignLegalAid command, DecisionContext context) =>
        s.LegalAidOrganisation == command.Organisation ? Decision.NothingToDo : Decision.Accept(new LegalAidAssigned(s.Id, command.Organisation, context.Now));

    public static Decision Decide(RemediesCase s, PrepareClaim command, Guid claimId, DecisionContext context)
    {
        var claimed = command.ClaimedAmount is { } amount ? new Money(amount, command.Currency!) : null;
        var monetary = command.Type is not (ClaimType.Rehabilitation or ClaimType.Satisfaction or ClaimType.GuaranteesOfNonRepetition);
        if (!monetary && claimed is not null)
            return new Refusal("non-monetary-remedy", $"{Codes.Of(command.Type)} is a non-monetary remedy: it has no amount.");
        return Decision.Accept(new ClaimPrepared(s.Id, claimId, command.Type, command.DecidingJurisdiction, command.DecidingBody, claimed, context.Now));
    }

    /// <summary>Filing needs the person informed of the options (in a language they understand) first; a cross-border claim is forwarded.</summary>
    public static Decision Decide(RemediesCase s, Guid claimId, FileClaim command, TimeSpan decisionTime, DecisionContext context)
    {
        if (s.ClaimOf(claimId) is not { } claim) return Unknown(claimId);
        if (s.InformedAt is null)
            return new Refusal("claim-needs-information-on-remedies",
                "A claim is filed once the person has been informed of the compensation options in a language they understand (record it first).",
                "CETS 197 art. 15(1); Directive 2011/36/EU art. 11(6); Directive 2012/29/EU art. 4(1)(e)");
        if (claim.Stage != ClaimStage.Prepared) return Refusal.Conflict("claim-already-filed", "The claim was already filed.");
        var filed = new ClaimFiled(s.Id, claimId, claim.Type, s.Jurisdiction, claim.DecidingJurisdiction, claim.DecidingBody, context.Now + decisionTime, context.Now);
        return claim.DecidingJurisdiction == s.Jurisdiction
            ? Decision.Accept(filed)
            : Decision.Accept(filed, new ClaimForwarded(s.Id, claimId, claim.Type, s.Jurisdiction, claim.DecidingJurisdiction, claim.DecidingBody, context.Now));
    }

    /// <summary>
    /// A claim another state forwarded for this jurisdiction to decide (over the cross-border exchange): filed here once,
    /// in a file of this jurisdiction (a file kept for another jurisdiction's case does not take it).
    /// </summary>
    public static Decision ReceiveForwarded(RemediesCase? s, Guid caseId, Guid claimId, ClaimType type, string jurisdiction, string assistingJurisdiction, string decidingBody,
        TimeSpan decisionTime, DecisionContext context)
    {
        if (s?.ClaimOf(claimId) is not null) return Decision.NothingToDo;
        if (s is not null && s.Jurisdiction != jurisdiction)
            return new Refusal("case-in-own-jurisdiction", $"The file {s.Id} is kept for {s.Jurisdiction}: a claim forwarded to {jurisdiction} is not added to it.");
        if (assistingJurisdiction == jurisdiction)
            return new Refusal("forwarded-from-another-state", "A forwarded claim comes from another state's assisting authority.");
        return Decision.Accept(new ForwardedClaimReceived(caseId, claimId, type, jurisdiction, assistingJurisdiction, decidingBody, context.Now + decisionTime, context.Now));
    }

    public static Decision Decide(RemediesCase s, Guid claimId, RecordReview command, DecisionContext context) => s.ClaimOf(claimId) switch
    {
        null => Unknown(claimId),
        { Stage: ClaimStage.Filed or ClaimStage.Appealed } => Decision.Accept(new ClaimUnderReview(s.Id, claimId, context.Now)),
        _ => Refusal.Conflict("claim-not-filed", "A claim is under review once filed (or appealed)."),
    };

    public static Decision Decide(RemediesCase s, Guid claimId, RecordDecision command, DecisionContext context)
    {
        if (s.ClaimOf(claimId) is not { } claim) return Unknown(claimId);
        if (claim.Stage is not (ClaimStage.Filed or ClaimStage.UnderReview or ClaimStage.Appealed))
            return Refusal.Conflict("claim-not-pending", $"The claim is {Codes.Of(claim.Stage)}: a decision is recorded on a filed, reviewed or appealed claim.");
        if (command.Outcome == Outcome.Rejected) return Decision.Accept(new ClaimRejected(s.Id, claimId, context.Now));
        if (!claim.IsMonetary)
            return command.Amount is null ? Decision.Accept(new ClaimAwarded(s.Id, claimId, null, command.Debtor, context.Now))
                : new Refusal("non-monetary-remedy", "A non-monetary remedy is awarded without an amount.");
        if (command.Amount is not { } amount || command.Debtor is null)
            return new Refusal("award-amount-and-debtor", "An award names the amount, the currency and the debtor.");
        var award = new Money(amount, command.Currency!);
        if ((claim.Payments ?? []).Count > 0 && claim.Paid!.Currency != award.Currency)
            return new Refusal("award-currency-fixed", $"Payments were made in {claim.Paid.Currency}; the award on appeal stays in that currency.");
        if (claim.Paid is { } paid && paid.Amount > award.Amount)
            return new Refusal("award-below-payments", $"{paid} was already paid; the award cannot be less.");
        return Decision.Accept(new ClaimAwarded(s.Id, claimId, award, command.Debtor, context.Now));
    }

    /// <summary>
    /// The deciding state's decision on a claim this node forwarded to it (heard over the cross-border exchange):
    /// recorded by the same rule as a decision the focal point records (<see cref="Decide(RemediesCase, Guid, RecordDecision, DecisionContext)"/>),
    /// only from the jurisdiction the claim was forwarded to; the same decision heard again has no effect.
    /// </summary>
    public static Decision DecidedAbroad(RemediesCase s, Guid claimId, string decidingJurisdiction, RecordDecision command, DecisionContext context)
    {
        if (s.ClaimOf(claimId) is not { } claim) return Unknown(claimId);
        if (claim.DecidingJurisdiction != decidingJurisdiction || claim.DecidingJurisdiction == s.Jurisdiction)
            return new Refusal("claim-decided-by-its-deciding-state", $"Claim {claimId} was forwarded to {claim.DecidingJurisdiction}, not decided by {decidingJurisdiction}.");
        var same = command.Outcome == Outcome.Rejected
            ? claim.Stage == ClaimStage.Rejected
            : claim.Stage is ClaimStage.Awarded or ClaimStage.Paid or ClaimStage.Closed && claim.Award == (command.Amount is { } a ? new Money(a, command.Currency!) : null) && claim.Debtor == command.Debtor;
        return same ? Decision.NothingToDo : Decide(s, claimId, command, context);
    }

    /// <summary>An appeal against the deciding state's decision on a claim this node forwarded to it: recorded by the focal point's rule, once.</summary>
    public static Decision AppealedAbroad(RemediesCase s, Guid claimId, string decidingJurisdiction, Appeal command, TimeSpan decisionTime, DecisionContext context) =>
        s.ClaimOf(claimId) switch
        {
            null => Unknown(claimId),
            { } c when c.DecidingJurisdiction != decidingJurisdiction || c.DecidingJurisdiction == s.Jurisdiction =>
                new Refusal("claim-decided-by-its-deciding-state", $"Claim {claimId} was forwarded to {c.DecidingJurisdiction}, not decided by {decidingJurisdiction}."),
            { Stage: ClaimStage.Appealed } => Decision.NothingToDo,
            _ => Decide(s, claimId, command, decisionTime, context),
        };

    public static Decision Decide(RemediesCase s, Guid claimId, Appeal command, TimeSpan decisionTime, DecisionContext context) => s.ClaimOf(claimId) switch
    {
        null => Unknown(claimId),
        { Stage: ClaimStage.Awarded or ClaimStage.Rejected } => Decision.Accept(new ClaimAppealed(s.Id, claimId, command.By, context.Now + decisionTime, context.Now)),
        _ => Refusal.Conflict("claim-not-decided", "Only a decided claim (awarded or rejected) is appealed."),
    };

    /// <summary>
    /// A payment on an award: the same payment key records once (a retry is "nothing to do"); in the award's
    /// currency; never more than outstanding. It does not look at where the person lives or their status —
    /// after a return it goes through the channel arranged with the partner's focal point.
    /// </summary>
    public static Decision Decide(RemediesCase s, Guid claimId, RecordPayment command, DecisionContext context)
    {
        if (s.ClaimOf(claimId) is not { } claim) return Unknown(claimId);
        if ((claim.Payments ?? []).FirstOrDefault(p => p.PaymentKey == command.PaymentKey) is { } earlier)
            return earlier.Amount == new Money(command.Amount, command.Currency)
                ? Decision.NothingToDo
                : Refusal.Conflict("payment-key-reused", $"Payment key {command.PaymentKey} was used for {earlier.Amount}; a different payment needs a new key.");
        if (claim.Stage is not (ClaimStage.Awarded or ClaimStage.Appealed) || claim.Award is not { } award)
            return Refusal.Conflict("payment-needs-award", "Payments are made on an awarded claim.");
        var amount = new Money(command.Amount, command.Currency);
        if (amount.Currency != award.Currency)
            return new Refusal("payment-currency", $"The award is in {award.Currency}.");
        if (amount.Amount > claim.Outstanding!.Amount)
            return new Refusal("payment-exceeds-outstanding", $"Outstanding on the award: {claim.Outstanding}.");
        if (command.Channel == PaymentChannelKind.PartnerFocalPoint && s.PaymentChannel is not { Kind: PaymentChannelKind.PartnerFocalPoint })
            return Refusal.Conflict("payment-channel-not-arranged", "No payment channel through a partner focal point has been arranged for this case.");
        return Decision.Accept(new PaymentRecorded(s.Id, claimId, command.PaymentKey, amount, command.Channel, context.Now));
    }

    public static Decision Decide(RemediesCase s, Guid claimId, CloseClaim command, DecisionContext context) => s.ClaimOf(claimId) switch
    {
        null => Unknown(claimId),
        { Stage: ClaimStage.Closed } => Decision.NothingToDo,
        { Stage: ClaimStage.Awarded or ClaimStage.Appealed, Outstanding.Amount: > 0 } c =>
            Refusal.Conflict("claim-outstanding", $"{c.Outstanding} is still outstanding on the award; a claim with money owed stays open."),
        _ => Decision.Accept(new ClaimClosed(s.Id, claimId, context.Now)),
    };

    [GeneratedRegex("^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$|^[0-9 -]{12,23}$")]
    private static partial Regex AccountNumber();

    public static string? ChannelReferenceProblem(string reference) =>
        string.IsNullOrWhiteSpace(reference) || reference.Length > 64 ? "reference: an opaque reference (at most 64 characters) kept by the vault or the partner."
        : AccountNumber().IsMatch(reference.Replace(" ", "")) ? "reference: this looks like an account or card number; the channel is a reference kept by the vault or the partner, never an account number."
        : null;

    public static Decision Decide(RemediesCase s, ArrangePaymentChannel command, DecisionContext context) =>
        command.Kind == PaymentChannelKind.PartnerFocalPoint && command.ViaJurisdiction is null
            ? new Refusal("payment-channel-partner", "A channel through a partner focal point names its jurisdiction.")
            : Decision.Accept(new PaymentChannelArranged(s.Id, command.Kind, command.ViaJurisdiction, command.Reference, context.Now));

    private static string? MoneyProblem(decimal? amount, string? currency) => amount is { } a ? Currencies.Problem(a, currency) : currency is not null ? "amount: give the amount with the currency." : null;

    public static RouteGroupBuilder MapClaiming(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/remedy-information", async (Guid caseId, ProvideInformation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Language is not { Length: 2 or 3 } || !command.Language.All(char.IsAsciiLetterLower) ? Problems.Invalid("language", "the ISO 639 code of the language the person understands.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "ProvideRemedyInformation", "Record that the person was informed of the remedies and compensation options, in a language they understand. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/legal-aid", async (Guid caseId, AssignLegalAid command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.Organisation) ? Problems.Invalid("organisation", $"the legal aid organisation's code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "AssignLegalAid", "Record the legal representation / legal aid assigned. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims", async (Guid caseId, PrepareClaim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.DecidingJurisdiction) ? Problems.Invalid("decidingJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : !OrganisationCodes.IsValid(command.DecidingBody) ? Problems.Invalid("decidingBody", $"the deciding body's code: {OrganisationCodes.Format}.")
                : MoneyProblem(command.ClaimedAmount, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, Guid.CreateVersion7(), c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "PrepareClaim", "Prepare a claim (criminal compensation, civil, state fund, unpaid wages, restitution; or a non-monetary remedy) before a deciding body, possibly in another jurisdiction. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/filing", async (Guid caseId, Guid claimId, FileClaim command, HttpContext http, IDocumentSession session, RemediesOptions options, CancellationToken ct) =>
                await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, options.DecisionTime(s.ClaimOf(claimId)?.DecidingJurisdiction ?? s.Jurisdiction), c), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: async events =>
                    {
                        if (events.OfType<ClaimFiled>().FirstOrDefault() is { } filed) await session.ScheduleAsync(caseId, DecisionDeadline, filed.DecisionDueBy, ct, subject: claimId);
                    }),
            Permissions.PursueClaims, "FileClaim", "File the claim (the person must have been informed of the options first); a claim in another jurisdiction is forwarded through this one as assisting authority. The decision's time limit is tracked. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/review", async (Guid caseId, Guid claimId, RecordReview command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "RecordClaimReview", "The deciding body has the claim under review. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/decision", async (Guid caseId, Guid claimId, RecordDecision command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the decision's reference and grounds.")
                : MoneyProblem(command.Amount, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, DecisionDeadline, claimId);
                        return Task.CompletedTask;
                    }),
            Permissions.PursueClaims, "RecordClaimDecision", "Record the deciding body's decision: awarded (amount, ISO 4217 currency, debtor — a receivable) or rejected, with the reasons. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/appeal", async (Guid caseId, Guid claimId, Appeal command, HttpContext http, IDocumentSession session, RemediesOptions options, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the grounds of appeal.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, options.DecisionTime(s.ClaimOf(claimId)?.DecidingJurisdiction ?? s.Jurisdiction), c), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: async events =>
                    {
                        if (events.OfType<ClaimAppealed>().FirstOrDefault() is { } appealed) await session.ScheduleAsync(caseId, DecisionDeadline, appealed.DecisionDueBy, ct, subject: claimId);
                    }),
            Permissions.PursueClaims, "AppealClaim", "Record an appeal against the decision (by the victim or the debtor). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/payments", async (Guid caseId, Guid claimId, RecordPayment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.PaymentKey) || command.PaymentKey.Length > 100 ? Problems.Invalid("paymentKey", "the payment's unique key (at most 100 characters): a retry with the same key records once.")
                : Currencies.Problem(command.Amount, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "RecordPayment", "Record a payment on the award (idempotent on paymentKey; in the award's currency; at most what is outstanding; through the partner focal point's channel after a return). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/closure", async (Guid caseId, Guid claimId, CloseClaim command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the claim closes.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, claimId, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, DecisionDeadline, claimId);
                        return Task.CompletedTask;
                    }),
            Permissions.PursueClaims, "CloseClaim", "Close the claim (never while money is owed on an award). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/payment-channel", async (Guid caseId, ArrangePaymentChannel command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                ChannelReferenceProblem(command.Reference) is { } problem ? Problems.Invalid("reference", problem)
                : command.ViaJurisdiction is { } via && !Jurisdictions.IsValid(via) ? Problems.Invalid("viaJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "ArrangePaymentChannel", "Arrange how payments reach the person — e.g. through the partner focal point after a return. An opaque reference, never an account number. Needs If-Match.");
        return cases;
    }
}

/// <summary>No decision by the deciding body's time limit: an overdue alert; the claim stays pending.</summary>
public sealed class ClaimDecisionOverdueHandler : IDeadlineHandler
{
    public string Kind => Claiming.DecisionDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<RemediesCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.ClaimOf(deadline.Subject ?? Guid.Empty) is not { Stage: ClaimStage.Filed or ClaimStage.UnderReview or ClaimStage.Appealed, DecisionOverdue: false } claim) return;
        stream.AppendOne(new ClaimDecisionOverdue(deadline.CaseId, claim.ClaimId, claim.DecidingJurisdiction, claim.DecisionDueBy ?? deadline.DueAt, context.Now));
        session.Record(new DecisionBasis(Claiming.LegalBasis, $"No decision by {claim.DecidingBody} within its time limit."));
    }
}
