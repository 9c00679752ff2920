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
public sealed class AssistanceAnswersFromPartners(CrossBorderServices exchange) : AnswersFromPartners<IdentificationCase>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes => [CrossBorderPurposes.IdentificationAssistance];

    protected override Guid RequestOf(object message) => message is CrossBorderOutcome outcome ? outcome.RequestId : Guid.Empty;

    protected override string LegalBasis(CrossBorderRequest request) => RequestingIdentificationAssistance.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(IdentificationCase state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var (outcome, from) = ((CrossBorderOutcome)message.Message, message.Envelope.From);
        if (!Codes.TryParse<AssistanceOutcome>(outcome.Outcome, out var answer))
            throw new InvalidMessageException($"The outcome of identification-assistance request {outcome.RequestId} is '{outcome.Outcome}', not confirmed, not-confirmed or unable-to-verify.");
        return Task.FromResult<PartnerAnswer?>(new(RecordingAssistanceAnswer.Decide(state, new(request.RequestId, from, answer), context),
            $"Answer from {from}'s focal point: {outcome.Outcome} (signed outcome, message {message.Envelope.MessageId}) to request {request.RequestId}."));
    }

    protected override Task AcceptedAsync(PartnerAnswer answer, CrossBorderRequest request, ReceivedCrossBorderMessage message, IDocumentSession session, CancellationToken ct)
    {
        session.Cancel(request.CaseReference, RequestingIdentificationAssistance.DueDeadline);
        return Task.CompletedTask;
    }
}
