using System.Globalization;
using RemediesContract = TransnationalReferral.Contracts.Remedies;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// Requests to return confiscated proceeds between nodes (UNTOC art. 14(2), purpose <c>proceeds-return</c>, on
/// <see cref="LegalBasis"/>): the case reference is the victim's case; the questions carry the amount asked
/// (<c>amount:&lt;decimal&gt;</c>, <c>currency:&lt;ISO 4217&gt;</c>); the answer crosses back as the outcome
/// (<c>granted</c>, <c>partly-granted</c>, <c>refused</c>) with the amount returned in the same details.
/// </summary>
public static class ProceedsReturnCrossing
{
    public const string LegalBasis = "untoc-art-14-2";

    public static IReadOnlyList<string> Amount(decimal amount, string currency) => [$"amount:{amount.ToString(CultureInfo.InvariantCulture)}", $"currency:{currency}"];

    /// <summary>The amount named in the codes, or null when they name none (or a malformed one).</summary>
    public static Money? AmountOf(IEnumerable<string> codes)
    {
        var list = codes.ToList();
        string? Value(string name) => list.FirstOrDefault(c => c.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];
        return decimal.TryParse(Value("amount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && Value("currency") is { } currency
            && Currencies.Problem(amount, currency) is null ? new Money(amount, currency) : null;
    }
}

/// <summary>
/// Requesting side: this node's Remedies asked a partner node's jurisdiction to return proceeds (its bus event); the judicial
/// service — the one that answers such requests — sends it signed through the gates (the country the person claims
/// protection from among them, from the case's judicial file). A request to a jurisdiction without a node stays on the bus.
/// </summary>
public sealed class ProceedsReturnCrossingBorder(CrossBorderServices exchange) : RequestCrossingBorder<RemediesContract.ProceedsReturnRequested, CaseFile>(exchange)
{
    protected override (Guid, string, string) Keys(RemediesContract.ProceedsReturnRequested m) => (m.CaseId, m.RequestingJurisdiction, m.ToJurisdiction);

    protected override CrossBorderRequest Request(RemediesContract.ProceedsReturnRequested m, CaseFile file) =>
        new(m.RequestId, CrossBorderPurposes.ProceedsReturn, m.RequestingJurisdiction, m.ToJurisdiction, m.CaseId, false, ProceedsReturnCrossing.Amount(m.Amount, m.Currency),
            TransferBases.LegalBasis, ProceedsReturnCrossing.LegalBasis, HandlingCodes.PurposeOnly, m.RequestedAt.AddDays(90), m.RequestedAt);

    protected override TransferGrounds Grounds(RemediesContract.ProceedsReturnRequested m, CaseFile file) =>
        TransferGrounds.OnLegalBasis(ProceedsReturnCrossing.LegalBasis, file.ProtectionClaimedFrom ?? []);
}

/// <summary>Requested side: a partner's signed request to return proceeds, registered as the incoming proceeds-return the judicial authority answers.</summary>
public sealed class IncomingProceedsReturnAcrossBorders(CrossBorderServices exchange) : IncomingCrossBorderRequests<IncomingProceedsReturn>(exchange)
{
    protected override IReadOnlyList<string> Purposes { get; } = [CrossBorderPurposes.ProceedsReturn];

    protected override string LegalBasis => ProceedsReturns.LegalBasis;

    protected override string Name(CrossBorderRequest request) => "Request to return proceeds";

    protected override Task<Decision> DecideAsync(IncomingProceedsReturn? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct) =>
        Task.FromResult(ProceedsReturnCrossing.AmountOf(request.Questions) is { } amount
            ? RegisteringProceedsReturn.Decide(state, new(request.RequestId, request.CaseReference, context.Actor.Jurisdiction, request.FromJurisdiction, amount), context)
            : throw new InvalidMessageException($"Request to return proceeds {request.RequestId} names no positive amount in an ISO 4217 currency."));
}

/// <summary>Requested side: the answer to a request that came over the exchange goes back signed as its outcome, with the amount returned.</summary>
public sealed class ProceedsReturnAnswerCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<RemediesContract.ProceedsReturnAnswered>(exchange)
{
    protected override (Guid, string?) Keys(RemediesContract.ProceedsReturnAnswered m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(RemediesContract.ProceedsReturnAnswered m) =>
        new CrossBorderOutcome(m.RequestId, Jurisdiction, m.Outcome, m.AnsweredAt, m.Outcome == "refused" ? null : ProceedsReturnCrossing.Amount(m.Amount, m.Currency));
}

/// <summary>
/// Requesting side: the partner's signed answer recorded on the case's judicial file once (<see cref="HearingProceedsReturnAnswer"/>),
/// published from there for Remedies; a request the partner's node could not apply comes back declined, recorded as refused.
/// </summary>
public sealed class ProceedsReturnAnswersFromPartners(CrossBorderServices exchange) : AnswersFromPartners<CaseFile>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes { get; } = [CrossBorderPurposes.ProceedsReturn];

    protected override Guid RequestOf(object message) => message switch
    {
        CrossBorderOutcome o => o.RequestId,
        CrossBorderDeclined d => d.RequestId,
        _ => Guid.Empty,
    };

    protected override string LegalBasis(CrossBorderRequest request) => ProceedsReturns.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(CaseFile state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var from = message.Envelope.From;
        var asked = ProceedsReturnCrossing.AmountOf(request.Questions)!;
        var (outcome, returned, at) = message.Message switch
        {
            CrossBorderOutcome o when Codes.TryParse<ProceedsOutcome>(o.Outcome, out var known) => (known, ProceedsReturnCrossing.AmountOf(o.Details ?? []), o.ConcludedAt),
            CrossBorderOutcome o => throw new InvalidMessageException($"The outcome '{o.Outcome}' of request to return proceeds {request.RequestId} is not one this node knows (granted, partly-granted, refused)."),
            CrossBorderDeclined d => (ProceedsOutcome.Refused, (Money?)null, d.DeclinedAt),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return Task.FromResult<PartnerAnswer?>(new(HearingProceedsReturnAnswer.Decide(state, new(request.RequestId, from, outcome, returned, asked.Currency, at), context),
            $"Request to return proceeds {request.RequestId} {Codes.Of(outcome)} by {from}, received from {from}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
    }
}
