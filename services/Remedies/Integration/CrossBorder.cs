using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Remedies.Claims;

namespace TransnationalReferral.Remedies.Integration;

/// <summary>
/// A compensation request from a partner node (its own inbox, <c>crossborder.inbox.remedies</c>): a claim the partner
/// forwarded for this jurisdiction to decide, filed here (<see cref="ReceivingForwardedClaim"/>) in the transaction that
/// accepts the message, with the decision deadline scheduled and the originating node, request and message in the audit
/// metadata. The claim id is the request id; the case id the partner's case reference. The request's questions are
/// codes: the claim type (e.g. <c>state-compensation-fund</c>) and <c>deciding-body:&lt;code&gt;</c>.
/// </summary>
public sealed class IncomingCompensationRequests(IDocumentStore store, ServiceIdentity node, RemediesOptions options, TimeProvider clock, ILogger<IncomingCompensationRequests> logger) : ICrossBorderHandler
{
    public const string DecidingBodyPrefix = ForwardingAbroad.DecidingBodyPrefix;

    /// <summary>The owner organisation recorded for a case another state's node forwarded (e.g. <c>cross-border:NG</c>).</summary>
    public const string ForwardedByPrefix = "cross-border:";

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.RequestFor(CrossBorderPurposes.Compensation, node.Jurisdiction) is not { } request) return;
        var types = request.Questions.Select(q => Codes.TryParse<ClaimType>(q, out var t) ? t : (ClaimType?)null).OfType<ClaimType>().Distinct().ToList();
        if (types.Count != 1)
            throw new InvalidMessageException($"Compensation request {request.RequestId} names {types.Count} claim types among its questions; one is needed.");
        var decidingBody = request.Questions.FirstOrDefault(q => q.StartsWith(DecidingBodyPrefix, StringComparison.Ordinal))?[DecidingBodyPrefix.Length..] ?? "";
        var actor = Actor.System(node.Name, node.Jurisdiction);

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        // The partner's case reference names the forwarded case here: never a local case nor another partner's.
        await session.EnsurePartnersStreamAsync(transaction, message, request.CaseReference, ct);
        if (await session.LoadAsync<RegisteredCase>(request.CaseReference, ct) is { } known && known.OwnerOrganisation != $"{ForwardedByPrefix}{request.FromJurisdiction}")
            throw new PartnerIdCollisionException($"Compensation request {request.RequestId} from {request.FromJurisdiction} names case {request.CaseReference}, which this node holds for someone else.");
        var stream = await session.Events.FetchForWriting<RemediesCase>(request.CaseReference, ct);
        var decision = ReceivingForwardedClaim.Decide(stream.Aggregate,
            new ReceivingForwardedClaim.ReceiveForwardedClaim(request.CaseReference, request.RequestId, types[0], node.Jurisdiction, request.FromJurisdiction, decidingBody),
            new DecisionContext(actor, clock.GetUtcNow()), options.DecisionTime(node.Jurisdiction));
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        // The case came from another state: this node's register holds it for its own focal point and auditors (the
        // access check of every case endpoint reads the register), owned by the forwarding node.
        if (await session.LoadAsync<RegisteredCase>(request.CaseReference, ct) is null)
            session.Store(new RegisteredCase(request.CaseReference, Guid.Empty, node.Jurisdiction, $"{ForwardedByPrefix}{request.FromJurisdiction}",
                request.ChildCase ? ChildStatuses.Child : ChildStatuses.Adult, clock.GetUtcNow(), []));
        session.Record(new DecisionBasis(Claiming.LegalBasis,
            $"Compensation claim forwarded by {request.FromJurisdiction}'s node over the cross-border exchange (request {request.RequestId}, message {message.Envelope.MessageId}, signature verified)."));
        var received = decision.Events.OfType<ForwardedClaimReceived>().Single();
        await session.ScheduleAsync(request.CaseReference, Claiming.DecisionDeadline, received.DecisionDueBy, ct, subject: request.RequestId);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Compensation request {RequestId} from {From} filed as a forwarded claim", request.RequestId, request.FromJurisdiction);
    }
}

/// <summary>
/// The codes a compensation request's answers carry across the border: the deciding state's decision as outcome
/// (<c>claim-awarded</c> with <c>amount:</c>, <c>currency:</c>, <c>debtor:</c> details, or <c>claim-rejected</c>) and each
/// payment as update <c>compensation-paid</c> (<c>amount:</c>, <c>currency:</c>, <c>payment:</c> an opaque key derived from
/// the deciding state's payment key, so that the same payment heard twice records once), an appeal as update
/// <c>claim-appealed</c> (<c>by:victim</c> or <c>by:debtor</c>).
/// </summary>
public static class CompensationAnswers
{
    public const string Awarded = "claim-awarded";
    public const string Rejected = "claim-rejected";
    public const string Paid = "compensation-paid";
    public const string Appealed = "claim-appealed";
    private const string ByPrefix = "by:";
    private const string AmountPrefix = "amount:";
    private const string CurrencyPrefix = "currency:";
    private const string DebtorPrefix = "debtor:";
    private const string PaymentPrefix = "payment:";

    public static IReadOnlyList<string> Award(decimal? amount, string? currency, string? debtor) =>
        [.. amount is { } a ? [AmountPrefix + a.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
         .. currency is { } c ? [CurrencyPrefix + c] : Array.Empty<string>(),
         .. debtor is { } d ? [DebtorPrefix + d] : Array.Empty<string>()];

    public static IReadOnlyList<string> Payment(string paymentKey, decimal amount, string currency) =>
        [AmountPrefix + amount.ToString(System.Globalization.CultureInfo.InvariantCulture), CurrencyPrefix + currency,
         PaymentPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(paymentKey)))[..32]];

    private static string? Detail(IReadOnlyList<string>? details, string prefix) => (details ?? []).FirstOrDefault(d => d.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];

    public static decimal? Amount(IReadOnlyList<string>? details) =>
        Detail(details, AmountPrefix) is { } a ? decimal.TryParse(a, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidMessageException($"'{a}' is not an amount.") : null;

    public static string? Currency(IReadOnlyList<string>? details) => Detail(details, CurrencyPrefix);

    public static Debtor? DebtorOf(IReadOnlyList<string>? details) =>
        Detail(details, DebtorPrefix) is { } d ? Codes.TryParse<Debtor>(d, out var debtor) ? debtor : Claims.Debtor.Other : null;

    public static string? PaymentKey(IReadOnlyList<string>? details) => Detail(details, PaymentPrefix);

    public static IReadOnlyList<string> Appeal(string by) => [ByPrefix + by];

    public static AppealedBy By(IReadOnlyList<string>? details) =>
        Detail(details, ByPrefix) is { } b && Codes.TryParse<AppealedBy>(b, out var by) ? by : throw new InvalidMessageException("An appeal names who appealed (by:victim or by:debtor).");
}

/// <summary>
/// Deciding state: the decision on a claim another node forwarded over the exchange goes back signed as outcome (the
/// ledger decides: a claim that did not come over the exchange sends nothing).
/// </summary>
public sealed class ClaimDecisionCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contracts.Remedies.ClaimDecided>(exchange)
{
    protected override (Guid, string?) Keys(Contracts.Remedies.ClaimDecided m) => (m.ClaimId, null);

    protected override object Reply(Contracts.Remedies.ClaimDecided m) =>
        m.Outcome == "rejected"
            ? new CrossBorderOutcome(m.ClaimId, Jurisdiction, CompensationAnswers.Rejected, m.DecidedAt)
            : new CrossBorderOutcome(m.ClaimId, Jurisdiction, CompensationAnswers.Awarded, m.DecidedAt, CompensationAnswers.Award(m.Amount, m.Currency, m.Debtor));
}

/// <summary>Deciding state: each payment on such a claim goes back signed as update <c>compensation-paid</c>, numbered in the order of the claim's payments.</summary>
public sealed class CompensationPaymentCrossingBorder(CrossBorderServices exchange) : AnswerCrossingBorder<Contracts.Remedies.PaymentMade>(exchange)
{
    protected override (Guid, string?) Keys(Contracts.Remedies.PaymentMade m) => (m.ClaimId, null);

    protected override async Task<CrossBorderSendResult?> SendAsync(Contracts.Remedies.PaymentMade m, Guid requestId, IDocumentSession session, CancellationToken ct)
    {
        var payments = (await session.Events.AggregateStreamAsync<RemediesCase>(m.CaseId, token: ct))?.ClaimOf(m.ClaimId)?.Payments ?? [];
        var sequence = payments.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.PaymentKey == m.PaymentKey).i + 1;
        return await Sender.ReplyAsync(requestId, _ => new CrossBorderUpdate(requestId, Jurisdiction, sequence, CompensationAnswers.Paid, m.PaidAt,
            CompensationAnswers.Payment(m.PaymentKey, m.Amount, m.Currency)), ct);
    }
}

/// <summary>Deciding state: an appeal against the decision on such a claim goes back signed as update <c>claim-appealed</c> (<c>by:victim</c> or <c>by:debtor</c>).</summary>
public sealed class ClaimAppealCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contracts.Remedies.ClaimAppealed>(exchange)
{
    protected override (Guid, string?) Keys(Contracts.Remedies.ClaimAppealed m) => (m.ClaimId, null);

    protected override object Reply(Contracts.Remedies.ClaimAppealed m) =>
        new CrossBorderUpdate(m.ClaimId, Jurisdiction, 1, CompensationAnswers.Appealed, m.AppealedAt, CompensationAnswers.Appeal(m.By));
}

/// <summary>
/// Forwarding state: the deciding state's signed answers to a claim this node forwarded — the decision (outcome
/// <c>claim-awarded</c> / <c>claim-rejected</c>) and payments (update <c>compensation-paid</c>) — recorded on the case by the
/// rules the focal point's own records follow (<see cref="RecordingClaimDecision.DecidedAbroad"/>, <see cref="RecordingPayment.Decide"/>),
/// in the transaction that accepts the message, with the deciding node and the message in the reasons. Nothing here
/// reads the person's return or migration status.
/// </summary>
public sealed class CompensationAnswersFromPartners(CrossBorderServices exchange, RemediesOptions options) : AnswersFromPartners<RemediesCase>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes => [CrossBorderPurposes.Compensation];

    protected override Guid RequestOf(object message) => message switch
    {
        CrossBorderOutcome { Outcome: CompensationAnswers.Awarded or CompensationAnswers.Rejected } o => o.RequestId,
        CrossBorderUpdate { Update: CompensationAnswers.Paid } u => u.RequestId,
        CrossBorderUpdate { Update: CompensationAnswers.Appealed } u => u.RequestId,
        _ => Guid.Empty,
    };

    protected override string LegalBasis(CrossBorderRequest request) => Claiming.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(RemediesCase state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var (requestId, from) = (request.RequestId, message.Envelope.From); // (the receiver checked that the deciding jurisdiction is the signer)
        string what;
        Decision decision;
        switch (message.Message)
        {
            case CrossBorderOutcome { Outcome: CompensationAnswers.Rejected }:
                what = $"Claim rejected by {from}'s deciding body (signed outcome)";
                decision = RecordingClaimDecision.DecidedAbroad(state, new RecordingClaimDecision.RecordDecision(RecordingClaimDecision.Outcome.Rejected, what, ClaimId: requestId), context, from);
                break;
            case CrossBorderOutcome o:
                var award = CompensationAnswers.Amount(o.Details);
                what = $"Claim awarded by {from}'s deciding body{(award is { } a ? $": {a} {CompensationAnswers.Currency(o.Details)}" : "")} (signed outcome)";
                decision = RecordingClaimDecision.DecidedAbroad(state,
                    new RecordingClaimDecision.RecordDecision(RecordingClaimDecision.Outcome.Awarded, what, award, CompensationAnswers.Currency(o.Details), CompensationAnswers.DebtorOf(o.Details), requestId),
                    context, from);
                break;
            case CrossBorderUpdate { Update: CompensationAnswers.Appealed } appeal:
                var appellant = CompensationAnswers.By(appeal.Details);
                what = $"Decision appealed by the {Codes.Of(appellant)} in {from} (signed update)";
                decision = AppealingClaim.AppealedAbroad(state, new AppealingClaim.Appeal(appellant, what, requestId), context, options.DecisionTime(from), from);
                break;
            default:
                var u = (CrossBorderUpdate)message.Message;
                if (CompensationAnswers.Amount(u.Details) is not { } amount || CompensationAnswers.Currency(u.Details) is not { } currency || CompensationAnswers.PaymentKey(u.Details) is not { } key)
                    throw new InvalidMessageException($"The payment on compensation request {requestId} needs its amount, currency and payment key.");
                what = $"Payment {u.Sequence} of {amount} {currency} made by {from} (signed update)";
                decision = state.ClaimOf(requestId) is { } claim && claim.DecidingJurisdiction != from
                    ? new Refusal("claim-decided-by-its-deciding-state", $"Claim {requestId} was forwarded to {claim.DecidingJurisdiction}, not paid by {from}.")
                    : RecordingPayment.Decide(state, new RecordingPayment.RecordPayment($"{from}:{key}", amount, currency, ClaimId: requestId), context);
                break;
        }
        return Task.FromResult<PartnerAnswer?>(new(decision,
            $"{what}, received from {from}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified) for claim {requestId}."));
    }

    /// <summary>The decision ends the wait for it; an appeal opens a new one.</summary>
    protected override async Task AcceptedAsync(PartnerAnswer answer, CrossBorderRequest request, ReceivedCrossBorderMessage message, IDocumentSession session, CancellationToken ct)
    {
        if (message.Message is CrossBorderOutcome) session.Cancel(request.CaseReference, Claiming.DecisionDeadline, request.RequestId);
        if (answer.Decision.Events.OfType<ClaimAppealed>().FirstOrDefault() is { } appealed)
            await session.ScheduleAsync(request.CaseReference, Claiming.DecisionDeadline, appealed.DecisionDueBy, ct, subject: request.RequestId);
    }
}

/// <summary>
/// Forwarding state: a claim this node's focal point forwarded to a deciding body in a partner node's jurisdiction leaves
/// through the cross-border gates as a signed compensation request (<see cref="ForwardingAbroad"/>). A refusal (no consent
/// to that jurisdiction, the country the person claims protection from, …) is noted on the claim with the gate's rule
/// and the reasons in the audit trail; nothing leaves the node. A claim for a jurisdiction without a partner node stays
/// on the bus as before.
/// </summary>
public sealed class ClaimForwardedCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, PartnerKeys partners, RemediesOptions options, TimeProvider clock,
    ILogger<ClaimForwardedCrossingBorder> logger) : IdempotentConsumer<Contracts.Remedies.ClaimForwarded>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;
    private readonly ILogger _logger = logger;

    protected override async Task HandleAsync(Contracts.Remedies.ClaimForwarded m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.AssistingJurisdiction != _jurisdiction || !partners.Partners.Contains(m.DecidingJurisdiction)) return;
        var stream = await session.Events.FetchForWriting<RemediesCase>(m.CaseId, ct);
        if (stream.Aggregate is not { } state || state.ClaimOf(m.ClaimId) is not { } claim)
            throw new InvalidMessageException($"ClaimForwarded for claim {m.ClaimId} of case {m.CaseId}, which this node does not hold.");
        var child = (await session.LoadAsync<RegisteredCase>(m.CaseId, ct))?.ChildStatus is ChildStatuses.Child or ChildStatuses.PresumedChild;
        var request = ForwardingAbroad.Request(state, claim, child, claim.DecisionDueBy ?? m.ForwardedAt + options.DecisionTime(m.DecidingJurisdiction), m.ForwardedAt);
        var sent = await sender.SendAsync(request, m.DecidingJurisdiction, ForwardingAbroad.Grounds(state, child), ct);
        if (sent.Refusal is not { } refusal) return;

        var decision = NotingClaimForwardingRefused.Decide(state, new NotingClaimForwardingRefused.NoteClaimForwardingRefused(m.ClaimId, refusal.Rule), context);
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(refusal.LegalSource ?? Claiming.LegalBasis,
            $"The claim forwarded to {m.DecidingJurisdiction} did not leave the node: {refusal.Rule}: {refusal.Detail}"));
        _logger.LogWarning("Claim {ClaimId} forwarded to {To} refused at the border: {Rule}", m.ClaimId, m.DecidingJurisdiction, refusal.Rule);
    }
}

/// <summary>
/// A consent to cross-border transfer recorded in Identification (heard by the shared consumer, see <see cref="RemediesFacts"/>): a
/// claim forwarded abroad relies on it (as in Return). On a node with partners, a claim refused at the border for want of
/// the consent now recorded leaves through the gates again (they decide once more); if it leaves, its refusal no longer stands.
/// </summary>
internal static class ForwardingOnConsent
{
    public static async Task NoteAsync(IServiceProvider services, IDocumentSession session, ConsentRecorded message, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<RemediesCase>(message.CaseId, ct);
        var state = stream.Aggregate ?? throw new InvalidOperationException($"RemediesCase {message.CaseId} is not open yet; retried.");
        var noted = new TransferConsentNoted(state.Id, message.ConsentId, message.Jurisdictions, message.GivenBy, false, context.Now);
        stream.AppendOne(noted);
        // The audit headers are the session's: one basis for everything decided here.
        var reasons = new List<string> { "Consent to cross-border transfer recorded by Identification." };
        session.Record(new DecisionBasis(ForwardingAbroad.ConsentSource, reasons[0]));
        state = RemediesCase.Fold(state, noted)!;

        if (services.GetService<CrossBorderSender>() is not { } sender || services.GetService<PartnerKeys>() is not { } partners) return;
        var options = services.GetRequiredService<RemediesOptions>();
        var child = (await session.LoadAsync<RegisteredCase>(state.Id, ct))?.ChildStatus is ChildStatuses.Child or ChildStatuses.PresumedChild;
        foreach (var claim in ForwardingAbroad.AwaitingConsent(state, message.Jurisdictions).Where(c => partners.Partners.Contains(c.DecidingJurisdiction)))
        {
            var request = ForwardingAbroad.Request(state, claim, child, claim.DecisionDueBy ?? context.Now + options.DecisionTime(claim.DecidingJurisdiction), context.Now);
            var sent = await sender.SendAsync(request, claim.DecidingJurisdiction, ForwardingAbroad.Grounds(state, child), ct);
            var decision = sent.Refusal is { } refusal
                ? NotingClaimForwardingRefused.Decide(state, new NotingClaimForwardingRefused.NoteClaimForwardingRefused(claim.ClaimId, refusal.Rule), context)
                : ResumingClaimForwarding.Decide(state, new ResumingClaimForwarding.ResumeClaimForwarding(claim.ClaimId), context);
            if (decision.Events.Count == 0) continue;
            stream.AppendMany(decision.Events);
            state = decision.Events.Aggregate(state, (s, e) => RemediesCase.Fold(s, e)!);
            reasons.Add(sent.Refusal is { } again
                ? $"Claim {claim.ClaimId} forwarded to {claim.DecidingJurisdiction} still did not leave the node: {again.Rule}: {again.Detail} ({again.LegalSource})"
                : $"Claim {claim.ClaimId} forwarded to {claim.DecidingJurisdiction} left the node on the consent now recorded (message {sent.Sent!.MessageId}).");
        }
        session.Record(new DecisionBasis(ForwardingAbroad.ConsentSource, string.Join(" ", reasons)));
    }
}
