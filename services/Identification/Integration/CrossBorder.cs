using TransnationalReferral.Identification.Assistance;
using Contract = TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Identification.Integration;

/// <summary>
/// Identification assistance across the border (when the node has partners: <c>CrossBorder:Partners</c>; inbox
/// <c>crossborder.inbox.identification</c>). The requesting node's own <see cref="Contract.IdentificationAssistanceRequested"/>
/// leaves as a signed <c>identification-assistance</c> request through the gates, with the grounds the case holds
/// (consents to cross-border transfer in force, the countries the person claims protection from); the partner's node
/// records it for its focal point (<see cref="IncomingAssistanceRequest"/>); the focal point's answer goes back as a signed
/// outcome (the outcome code) and is recorded on the requesting node's case by the same rule as an answer heard on its bus.
/// </summary>
public static class IdentificationAcrossBorders
{
    /// <summary>The legal-basis code a request carries when it was not made on the person's consent.</summary>
    public const string AssistanceLegalBasis = "cets-197-art-32";

    public static TransferGrounds Grounds(IdentificationCase s, bool onConsent) => onConsent
        ? TransferGrounds.OnConsent(s.Consents.Where(c => c.IsActive && c.Kind == ConsentKind.CrossBorderTransfer).SelectMany(c => c.Jurisdictions).Distinct().ToList(), s.NoContact)
        : TransferGrounds.OnLegalBasis(AssistanceLegalBasis, s.NoContact);

    public static CrossBorderRequest Request(Contract.IdentificationAssistanceRequested m) => new(
        m.RequestId, CrossBorderPurposes.IdentificationAssistance, m.RequestingJurisdiction, m.PartnerJurisdiction, m.CaseId, false, m.Questions,
        m.Basis == TransferBases.Consent ? TransferBases.Consent : TransferBases.LegalBasis, m.Basis == TransferBases.Consent ? null : AssistanceLegalBasis,
        HandlingCodes.PurposeOnly, m.DueAt, m.RequestedAt);
}

/// <summary>Requesting side: this node's identification-assistance request to a partner node leaves through the cross-border sender (a refusal goes to the error queue for people to look at).</summary>
public sealed class AssistanceRequestCrossingBorder(CrossBorderServices exchange) : RequestCrossingBorder<Contract.IdentificationAssistanceRequested, IdentificationCase>(exchange)
{
    protected override (Guid, string, string) Keys(Contract.IdentificationAssistanceRequested m) => (m.CaseId, m.RequestingJurisdiction, m.PartnerJurisdiction);

    protected override CrossBorderRequest Request(Contract.IdentificationAssistanceRequested m, IdentificationCase state) => IdentificationAcrossBorders.Request(m);

    protected override TransferGrounds Grounds(Contract.IdentificationAssistanceRequested m, IdentificationCase state) => IdentificationAcrossBorders.Grounds(state, m.Basis == TransferBases.Consent);
}

/// <summary>Requested side: a partner's identification-assistance request becomes a request for this focal point, in the transaction that accepts the message.</summary>
public sealed class IncomingAssistanceRequests(CrossBorderServices exchange) : IncomingCrossBorderRequests<IncomingAssistanceRequest>(exchange)
{
    protected override IReadOnlyList<string> Purposes => [CrossBorderPurposes.IdentificationAssistance];

    protected override string LegalBasis => AnsweringIdentificationAssistance.LegalBasis;

    protected override string Name(CrossBorderRequest request) => "Identification-assistance request";

    protected override Task<Decision> DecideAsync(IncomingAssistanceRequest? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct)
    {
        var questions = request.Questions.Select(q => Codes.TryParse<AssistanceQuestion>(q, out var parsed) ? parsed : (AssistanceQuestion?)null).OfType<AssistanceQuestion>().ToList();
        return Task.FromResult(ReceivingAssistanceRequest.Decide(state, new(request.RequestId, request.CaseReference, request.FromJurisdiction, questions, request.RespondBy),
            context, context.Actor.Jurisdiction));
    }
}

/// <summary>Requested side: the focal point's answer (published on the node's bus) goes back to the requesting node as a signed outcome.</summary>
public sealed class AssistanceAnswerCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.IdentificationAssistanceAnswered>(exchange)
{
    protected override (Guid, string?) Keys(Contract.IdentificationAssistanceAnswered m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.IdentificationAssistanceAnswered m) => new CrossBorderOutcome(m.RequestId, Jurisdiction, m.Outcome, m.AnsweredAt, []);
}

/// <summary>
/// Requesting side: the partner's signed outcome to this node's identification-assistance request is recorded on the case
/// by the rule an answer heard on the bus follows (<see cref="RecordingAssistanceAnswer"/>),
/// the due-date deadline cancelled, in the transaction that accepts the message, with the message in the audit reasons.
/// </summary>
public sealed class AssistanceAnswersFromPartners(IDocumentStore store, ServiceIdentity node, CrossBorderLedger ledger, TimeProvider clock) : ICrossBorderHandler
{
    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.Message is not CrossBorderOutcome outcome) return;
        if (await ledger.SentRequestAnsweredAsync(message, outcome.RequestId, [CrossBorderPurposes.IdentificationAssistance], connection, transaction, ct) is not { } request) return;
        var from = message.Envelope.From;
        if (!Codes.TryParse<AssistanceOutcome>(outcome.Outcome, out var answer))
            throw new InvalidMessageException($"The outcome of identification-assistance request {outcome.RequestId} is '{outcome.Outcome}', not confirmed, not-confirmed or unable-to-verify.");

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        var stream = await session.Events.FetchForWriting<IdentificationCase>(request.CaseReference, ct);
        if (stream.Aggregate is not { } state) return;
        var decision = RecordingAssistanceAnswer.Decide(state, new(request.RequestId, from, answer), new DecisionContext(Actor.System(node.Name, node.Jurisdiction), clock.GetUtcNow()));
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Cancel(request.CaseReference, RequestingIdentificationAssistance.DueDeadline);
        session.Record(new DecisionBasis(RequestingIdentificationAssistance.LegalBasis,
            $"Answer from {from}'s focal point: {outcome.Outcome} (signed outcome, message {message.Envelope.MessageId}) to request {request.RequestId}."));
        await session.SaveChangesAsync(ct);
    }
}
