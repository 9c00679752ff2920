using Npgsql;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Messaging;
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
public sealed class ReceptionRequestCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, ReturnOptions options, TimeProvider clock, ILogger<ReceptionRequestCrossingBorder> logger)
    : IdempotentConsumer<Contract.ReceptionRequested>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.ReceptionRequested message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.FromJurisdiction != _jurisdiction) return;
        var state = await session.Events.AggregateStreamAsync<ReturnCase>(message.CaseId, token: ct)
            ?? throw new InvalidMessageException($"ReceptionRequested for case {message.CaseId}, which this node does not hold.");
        var sent = await sender.SendAsync(ReturnAcrossBorders.Request(message, options.ReceptionResponseTime(message.ToJurisdiction)), message.ToJurisdiction, ReturnAcrossBorders.Grounds(state, message.Basis == TransferBases.Consent), ct);
        if (sent.Refusal is { } refusal) throw new InvalidMessageException($"The reception request {message.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}

/// <summary>Country of return: a return-reception request from a partner node opens the incoming return, in the transaction that accepts the message.</summary>
public sealed class IncomingReceptionRequests(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<IncomingReceptionRequests> logger) : ICrossBorderHandler
{
    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.RequestFor(CrossBorderPurposes.ReturnReception, node.Jurisdiction) is not { } request) return;

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        await session.EnsurePartnersStreamAsync(transaction, message, request.RequestId, ct);
        var stream = await session.Events.FetchForWriting<IncomingReturn>(request.RequestId, ct);
        var decision = ReceivingReceptionRequest.Decide(stream.Aggregate, ReturnAcrossBorders.Reception(request), new DecisionContext(Actor.System(node.Name, node.Jurisdiction), clock.GetUtcNow()));
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Reintegrating.LegalBasis,
            $"Reception request {request.RequestId} received from {request.FromJurisdiction}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Reception request {RequestId} from {From} opened an incoming return", request.RequestId, request.FromJurisdiction);
    }
}

public sealed class ReceptionAcknowledgementCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReceptionAcknowledgementCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.ReceptionAcknowledged>(store, node, clock, logger)
{
    protected override (Guid, string) Keys(Contract.ReceptionAcknowledged m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.ReceptionAcknowledged m, string jurisdiction, IDocumentSession session, CancellationToken ct) => sender.AcknowledgeAsync(m.RequestId, ct);
}

public sealed class ReceptionArrangementsCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReceptionArrangementsCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.ReceptionArranged>(store, node, clock, logger)
{
    protected override (Guid, string) Keys(Contract.ReceptionArranged m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.ReceptionArranged m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId, _ => new CrossBorderOutcome(m.RequestId, jurisdiction, ReturnAcrossBorders.ReceptionArranged, m.ArrangedAt, ReturnAcrossBorders.Details(m)), ct);
}

public sealed class ArrivalCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ArrivalCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.ArrivalConfirmed>(store, node, clock, logger)
{
    protected override (Guid, string) Keys(Contract.ArrivalConfirmed m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.ArrivalConfirmed m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId, _ => new CrossBorderUpdate(m.RequestId, jurisdiction, 1, ReturnAcrossBorders.ArrivalConfirmed, m.ArrivedAt), ct);
}

/// <summary>
/// Country of return: reintegration monitoring reported back to the destination as signed updates on its reception
/// request — the plan agreed (how many monitoring contacts), each contact held (its outcome code) or missed, the
/// reintegration closed (its outcome code). Only for a request this node received over the exchange (the ledger decides:
/// <see cref="CrossBorderSender.ReplyAsync"/> sends nothing for one heard on the bus), ids and codes only.
/// </summary>
public sealed class ReintegrationPlanCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReintegrationPlanCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.ReintegrationPlanAgreed>(store, node, clock, logger)
{
    protected override (Guid, string) Keys(Contract.ReintegrationPlanAgreed m) => (m.RequestId, m.Jurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.ReintegrationPlanAgreed m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId, _ => ReturnAcrossBorders.Report(m.RequestId, jurisdiction, 2, ReturnAcrossBorders.PlanAgreed, m.AgreedAt, contacts: m.MonitoringContacts), ct);
}

/// <summary>Country of return: a monitoring contact held or missed, reported back (the contract names no jurisdiction: only the node that received the request over the exchange has it in its ledger).</summary>
public sealed class MonitoringContactHeldCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<MonitoringContactHeldCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.MonitoringContactHeld>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override (Guid, string) Keys(Contract.MonitoringContactHeld m) => (m.RequestId, _jurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.MonitoringContactHeld m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId, _ => ReturnAcrossBorders.Report(m.RequestId, jurisdiction, 3, ReturnAcrossBorders.ContactHeld, m.HeldAt, m.ContactId, m.Outcome), ct);
}

public sealed class MonitoringContactMissedCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<MonitoringContactMissedCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.MonitoringContactOverdue>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override (Guid, string) Keys(Contract.MonitoringContactOverdue m) => (m.RequestId, _jurisdiction);

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.MonitoringContactOverdue m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId, _ => ReturnAcrossBorders.Report(m.RequestId, jurisdiction, 3, ReturnAcrossBorders.ContactMissed, m.DueAt, m.ContactId), ct);
}

/// <summary>Country of return: the reintegration closed with its outcome (a <see cref="Contract.ReturnClosed"/> that names the request is the country of return's).</summary>
public sealed class ReintegrationClosedCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReintegrationClosedCrossingBorder> logger)
    : AnswerCrossingBorder<Contract.ReturnClosed>(store, node, clock, logger)
{
    protected override (Guid, string) Keys(Contract.ReturnClosed m) => m.RequestId is { } requestId ? (requestId, m.Jurisdiction) : (Guid.Empty, "");

    protected override Task<CrossBorderSendResult?> SendAsync(Contract.ReturnClosed m, string jurisdiction, IDocumentSession session, CancellationToken ct) =>
        sender.ReplyAsync(m.RequestId!.Value, _ => ReturnAcrossBorders.Report(m.RequestId.Value, jurisdiction, 4, ReturnAcrossBorders.ReintegrationClosed, m.ClosedAt, outcome: m.Outcome), ct);
}

/// <summary>
/// Destination side: the country of return's signed answers to this node's reception request — its focal point's
/// acknowledgement (evidence), the arrangements (outcome <c>reception-arranged</c>) and the arrival (update
/// <c>arrival-confirmed</c>) — applied by the same rules as the answers heard on the node's bus, in the transaction that
/// accepts the message, with the message in the audit reasons.
/// </summary>
public sealed class ReceptionAnswersFromPartners(IDocumentStore store, ServiceIdentity node, CrossBorderLedger ledger, TimeProvider clock) : ICrossBorderHandler
{
    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        var requestId = message.Message switch
        {
            CrossBorderDeliveryEvidence { Evidence: DeliveryEvidenceKinds.AcknowledgedByFocalPoint } e => e.RequestId,
            CrossBorderOutcome { Outcome: ReturnAcrossBorders.ReceptionArranged } o => o.RequestId,
            CrossBorderUpdate { Update: ReturnAcrossBorders.ArrivalConfirmed } u => u.RequestId,
            CrossBorderUpdate u when ReturnAcrossBorders.ReintegrationReports.Contains(u.Update) => u.RequestId,
            _ => Guid.Empty,
        };
        if (requestId == Guid.Empty) return;
        if (await ledger.SentRequestAnsweredAsync(message, requestId, [CrossBorderPurposes.ReturnReception], connection, transaction, ct) is not { } request) return;
        var from = message.Envelope.From;

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        var actor = Actor.System(node.Name, node.Jurisdiction);
        var context = new DecisionContext(actor, clock.GetUtcNow());
        var caseId = request.CaseReference;
        var stream = await session.Events.FetchForWriting<ReturnCase>(caseId, ct);
        if (stream.Aggregate is not { Reception: not null } state) return;

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
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany([.. decision.Events, .. more]);
        session.Record(new DecisionBasis(CoordinatingReturn.LegalBasis, $"{what} (message {message.Envelope.MessageId}) for request {requestId}."));
        await session.SaveChangesAsync(ct);
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
