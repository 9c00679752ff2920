using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Integration;

/// <summary>
/// The reception request across the border (when the node has partners: <c>CrossBorder:Partners</c>). The destination's
/// own <see cref="Contract.ReceptionRequested"/> leaves the node as a signed <see cref="CrossBorderRequest"/> through the
/// cross-border gates (the consent and protection claims the return file holds); the country of return's node turns
/// an incoming return-reception request into its incoming return, recording the originating node and message.
/// </summary>
public static class ReturnAcrossBorders
{
    public const string ReceptionQuestion = "reception-arrangements";
    public const string EscortQuestion = "escort-on-arrival";
    public const string ReturnLegalBasis = "trafficking-protocol-art-8";
    public const string ReceptionArranged = "reception-arranged";
    public const string ArrivalConfirmed = "arrival-confirmed";

    // Reintegration monitoring after the return: updates on the reception request, from the country of return's node.
    public const string PlanAgreed = "reintegration-plan-agreed";
    public const string ContactHeld = "monitoring-contact-held";
    public const string ContactMissed = "monitoring-contact-missed";
    public const string ReintegrationClosed = "reintegration-closed";
    public static readonly IReadOnlySet<string> ReintegrationReports = new HashSet<string> { PlanAgreed, ContactHeld, ContactMissed, ReintegrationClosed };
    public const string ContactPrefix = "contact:";
    public const string OutcomePrefix = "outcome:";
    public const string ContactsPrefix = "contacts:";

    public static CrossBorderUpdate Report(Guid requestId, string jurisdiction, int sequence, string report, DateTimeOffset at, Guid? contactId = null, string? outcome = null, int? contacts = null) =>
        new(requestId, jurisdiction, sequence, report, at,
            [.. contactId is { } c ? [$"{ContactPrefix}{c:D}"] : Array.Empty<string>(), .. outcome is not null ? [$"{OutcomePrefix}{outcome}"] : Array.Empty<string>(),
             .. contacts is { } n ? [$"{ContactsPrefix}{n}"] : Array.Empty<string>()]);

    /// <summary>The destination's record of a reintegration report (null when the update is not one).</summary>
    public static ReintegrationReported? Reported(CrossBorderUpdate u, Guid caseId, string from)
    {
        if (!ReintegrationReports.Contains(u.Update)) return null;
        var details = u.Details ?? [];
        Guid? contact = details.FirstOrDefault(d => d.StartsWith(ContactPrefix, StringComparison.Ordinal)) is { } c && Guid.TryParse(c[ContactPrefix.Length..], out var id) ? id : null;
        var outcome = details.FirstOrDefault(d => d.StartsWith(OutcomePrefix, StringComparison.Ordinal))?[OutcomePrefix.Length..];
        if (u.Update is ContactHeld or ContactMissed && contact is null)
            throw new InvalidMessageException($"Update {u.Update} on request {u.RequestId} names no monitoring contact ({ContactPrefix}<id>).");
        return new ReintegrationReported(caseId, u.RequestId, from, u.Update, contact, outcome, u.At);
    }
    private const string MetBy = "met-by:";
    private const string ShelterOnArrival = "shelter-on-arrival";
    private const string OnwardTransport = "onward-transport";

    public static IReadOnlyList<string> Details(Contract.ReceptionArranged m) =>
        [$"{MetBy}{m.MetBy}", .. m.ShelterOnArrival ? [ShelterOnArrival] : Array.Empty<string>(), .. m.OnwardTransport ? [OnwardTransport] : Array.Empty<string>()];

    public static Contract.ReceptionArranged Arranged(CrossBorderOutcome o, Guid caseId, string from)
    {
        var details = o.Details ?? [];
        return new Contract.ReceptionArranged(o.RequestId, caseId, from, details.FirstOrDefault(d => d.StartsWith(MetBy, StringComparison.Ordinal))?[MetBy.Length..] ?? "",
            details.Contains(ShelterOnArrival), details.Contains(OnwardTransport), o.ConcludedAt);
    }

    /// <summary>What the return file says about the transfer: consents in force (a child's by the guardian) and protection claims not withdrawn.</summary>
    public static TransferGrounds Grounds(ReturnCase s, bool onConsent)
    {
        var claims = (s.ProtectionClaims ?? []).Where(c => c.Status != ProtectionClaimStatus.Withdrawn).Select(c => c.Country).ToList();
        if (!onConsent) return TransferGrounds.OnLegalBasis(ReturnLegalBasis, claims);
        var consented = (s.TransferConsents ?? []).Where(c => !c.Withdrawn && (!s.IsChild || c.GivenBy == "guardian")).SelectMany(c => c.Jurisdictions).Distinct().ToList();
        return TransferGrounds.OnConsent(consented, claims);
    }

    public static CrossBorderRequest Request(Contract.ReceptionRequested m, TimeSpan responseTime) => new(
        m.RequestId, CrossBorderPurposes.ReturnReception, m.FromJurisdiction, m.ToJurisdiction, m.CaseId, m.ChildCase,
        m.EscortRequired ? [ReceptionQuestion, EscortQuestion] : [ReceptionQuestion],
        m.Basis == TransferBases.Consent ? TransferBases.Consent : TransferBases.LegalBasis, m.Basis == TransferBases.Consent ? null : ReturnLegalBasis,
        HandlingCodes.PurposeOnly, m.RequestedAt + responseTime, m.RequestedAt);

    public static Contract.ReceptionRequested Reception(CrossBorderRequest r) =>
        new(r.RequestId, r.CaseReference, r.FromJurisdiction, r.ToJurisdiction, r.ChildCase, r.Questions.Contains(EscortQuestion), r.Basis, r.RequestedAt);
}

/// <summary>Destination side: this node's reception request leaves through the cross-border sender (the gates decide; a refusal goes to the error queue for people to look at).</summary>
public sealed class ReceptionRequestCrossingBorder(CrossBorderServices exchange, ReturnOptions options) : RequestCrossingBorder<Contract.ReceptionRequested, ReturnCase>(exchange)
{
    protected override (Guid, string, string) Keys(Contract.ReceptionRequested m) => (m.CaseId, m.FromJurisdiction, m.ToJurisdiction);

    protected override CrossBorderRequest Request(Contract.ReceptionRequested m, ReturnCase state) => ReturnAcrossBorders.Request(m, options.ReceptionResponseTime(m.ToJurisdiction));

    protected override TransferGrounds Grounds(Contract.ReceptionRequested m, ReturnCase state) => ReturnAcrossBorders.Grounds(state, m.Basis == TransferBases.Consent);

    /// <summary>Every reception request of this node goes to the gates: one to a country without a partner node is refused there (unknown partner) and lands in the error queue, where people see it.</summary>
    protected override bool Leaves(string to) => true;
}

/// <summary>Country of return: a return-reception request from a partner node opens the incoming return, in the transaction that accepts the message.</summary>
public sealed class IncomingReceptionRequests(CrossBorderServices exchange) : IncomingCrossBorderRequests<IncomingReturn>(exchange)
{
    protected override IReadOnlyList<string> Purposes => [CrossBorderPurposes.ReturnReception];

    protected override string LegalBasis => Reintegrating.LegalBasis;

    protected override string Name(CrossBorderRequest request) => "Reception request";

    protected override Task<Decision> DecideAsync(IncomingReturn? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct) =>
        Task.FromResult(ReceivingReceptionRequest.Decide(state, ReturnAcrossBorders.Reception(request), context));
}

public sealed class ReceptionAcknowledgementCrossingBorder(CrossBorderServices exchange) : AcknowledgementCrossingBorder<Contract.ReceptionAcknowledged>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ReceptionAcknowledged m) => (m.RequestId, m.AnsweringJurisdiction);
}

public sealed class ReceptionArrangementsCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.ReceptionArranged>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ReceptionArranged m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.ReceptionArranged m) =>
        new CrossBorderOutcome(m.RequestId, Jurisdiction, ReturnAcrossBorders.ReceptionArranged, m.ArrangedAt, ReturnAcrossBorders.Details(m));
}

public sealed class ArrivalCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.ArrivalConfirmed>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ArrivalConfirmed m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.ArrivalConfirmed m) => new CrossBorderUpdate(m.RequestId, Jurisdiction, 1, ReturnAcrossBorders.ArrivalConfirmed, m.ArrivedAt);
}

/// <summary>
/// Country of return: reintegration monitoring reported back to the destination as signed updates on its reception
/// request — the plan agreed (how many monitoring contacts), each contact held (its outcome code) or missed, the
/// reintegration closed (its outcome code). Only for a request this node received over the exchange (the ledger decides:
/// <see cref="CrossBorderSender.ReplyAsync"/> sends nothing for one heard on the bus), ids and codes only.
/// </summary>
public sealed class ReintegrationPlanCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.ReintegrationPlanAgreed>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ReintegrationPlanAgreed m) => (m.RequestId, m.Jurisdiction);

    protected override object Reply(Contract.ReintegrationPlanAgreed m) =>
        ReturnAcrossBorders.Report(m.RequestId, Jurisdiction, 2, ReturnAcrossBorders.PlanAgreed, m.AgreedAt, contacts: m.MonitoringContacts);
}

/// <summary>Country of return: a monitoring contact held or missed, reported back (the contract names no jurisdiction: only the node that received the request over the exchange has it in its ledger).</summary>
public sealed class MonitoringContactHeldCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.MonitoringContactHeld>(exchange)
{
    protected override (Guid, string?) Keys(Contract.MonitoringContactHeld m) => (m.RequestId, null);

    protected override object Reply(Contract.MonitoringContactHeld m) =>
        ReturnAcrossBorders.Report(m.RequestId, Jurisdiction, 3, ReturnAcrossBorders.ContactHeld, m.HeldAt, m.ContactId, m.Outcome);
}

public sealed class MonitoringContactMissedCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.MonitoringContactOverdue>(exchange)
{
    protected override (Guid, string?) Keys(Contract.MonitoringContactOverdue m) => (m.RequestId, null);

    protected override object Reply(Contract.MonitoringContactOverdue m) =>
        ReturnAcrossBorders.Report(m.RequestId, Jurisdiction, 3, ReturnAcrossBorders.ContactMissed, m.DueAt, m.ContactId);
}

/// <summary>Country of return: the reintegration closed with its outcome (a <see cref="Contract.ReturnClosed"/> that names the request is the country of return's).</summary>
public sealed class ReintegrationClosedCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.ReturnClosed>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ReturnClosed m) => (m.RequestId ?? Guid.Empty, m.Jurisdiction);

    protected override object Reply(Contract.ReturnClosed m) =>
        ReturnAcrossBorders.Report(m.RequestId!.Value, Jurisdiction, 4, ReturnAcrossBorders.ReintegrationClosed, m.ClosedAt, outcome: m.Outcome);
}

/// <summary>
/// Destination side: the country of return's signed answers to this node's reception request — its focal point's
/// acknowledgement (evidence), the arrangements (outcome <c>reception-arranged</c>) and the arrival (update
/// <c>arrival-confirmed</c>) — applied by the same rules as the answers heard on the node's bus, in the transaction that
/// accepts the message, with the message in the audit reasons.
/// </summary>
public sealed class ReceptionAnswersFromPartners(CrossBorderServices exchange) : AnswersFromPartners<ReturnCase>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes => [CrossBorderPurposes.ReturnReception];

    protected override Guid RequestOf(object message) => message switch
    {
        CrossBorderDeliveryEvidence { Evidence: DeliveryEvidenceKinds.AcknowledgedByFocalPoint } e => e.RequestId,
        CrossBorderOutcome { Outcome: ReturnAcrossBorders.ReceptionArranged } o => o.RequestId,
        CrossBorderUpdate { Update: ReturnAcrossBorders.ArrivalConfirmed } u => u.RequestId,
        CrossBorderUpdate u when ReturnAcrossBorders.ReintegrationReports.Contains(u.Update) => u.RequestId,
        _ => Guid.Empty,
    };

    protected override string LegalBasis(CrossBorderRequest request) => CoordinatingReturn.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(ReturnCase state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        if (state.Reception is null) return Task.FromResult<PartnerAnswer?>(null);
        var (requestId, from, caseId) = (request.RequestId, message.Envelope.From, request.CaseReference);
        string what;
        Func<Reception, object?> answer;
        IEnumerable<object> more = [];
        switch (message.Message)
        {
            case CrossBorderDeliveryEvidence e:
                what = $"Acknowledged by {from}'s focal point: signed delivery evidence {e.EvidenceId}";
                answer = r => ReceptionAnswers.Acknowledged(new Contract.ReceptionAcknowledged(requestId, caseId, from, e.At), r);
                break;
            case CrossBorderOutcome o:
                what = $"Reception arranged by {from}'s focal point (signed outcome)";
                answer = _ => ReceptionAnswers.Arranged(ReturnAcrossBorders.Arranged(o, caseId, from));
                break;
            case CrossBorderUpdate u when ReturnAcrossBorders.Reported(u, caseId, from) is { } report:
                what = $"Reintegration reported by {from}'s focal point: {u.Update}{(report.Outcome is { } code ? $" ({code})" : "")} (signed update)";
                answer = _ => state.Reported(report.Report, report.ContactId) ? null : report;
                break;
            default:
                var arrival = new Contract.ArrivalConfirmed(requestId, caseId, from, ((CrossBorderUpdate)message.Message).At);
                what = $"Arrival confirmed by {from}'s focal point (signed update)";
                answer = _ => ReceptionAnswers.Arrival(arrival, state);
                more = ReceptionAnswers.AfterArrival(arrival, state, context).ToList();
                break;
        }
        var decision = CoordinatingReturn.Answer(state, requestId, from, answer);
        return Task.FromResult<PartnerAnswer?>(new(decision.IsRefused || decision.Events.Count == 0 ? decision : Decision.Accept([.. decision.Events, .. more]),
            $"{what} (message {message.Envelope.MessageId}) for request {requestId}."));
    }
}

/// <summary>
/// Destination side: the country of return did not answer this node's reception request by its respond-by date
/// (accepted, declined or outcome; its acknowledgement alone is no answer): noted on the return, once, for the focal point.
/// </summary>
public sealed class ReceptionRequestOverdueHandler(IDocumentStore store, ServiceIdentity node, CrossBorderLedger ledger) : ICrossBorderOverdueHandler
{
    public async Task HandleAsync(OverdueCrossBorderRequest overdue, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (overdue.Purpose != CrossBorderPurposes.ReturnReception) return;
        if (await ledger.FindRequestAsync(CrossBorderLedger.Sent, overdue.RequestId, ct, connection, transaction) is not { } sent) return;
        var request = System.Text.Json.JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;

        await using var session = store.OpenCrossBorderSession(transaction, node, sent.MessageId, request.RequestId);
        var stream = await session.Events.FetchForWriting<ReturnCase>(request.CaseReference, ct);
        if (stream.Aggregate is not { Reception: { } reception } || reception.RequestId != request.RequestId || reception.ArrangedAt is not null || reception.OverdueSince is not null) return;
        stream.AppendOne(new ReceptionRequestOverdue(request.CaseReference, request.RequestId, overdue.To, overdue.RespondBy, overdue.NotedAt));
        session.Record(new DecisionBasis(CoordinatingReturn.LegalBasis, $"No answer from {overdue.To}'s focal point to reception request {request.RequestId} by {overdue.RespondBy:yyyy-MM-dd HH:mm} UTC."));
        await session.SaveChangesAsync(ct);
    }
}
