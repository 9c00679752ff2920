using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// Sending side: information transmitted without a prior request (UNTOC art. 18(4)) leaves as a signed one-way message of
/// purpose <c>spontaneous-information</c> — a <see cref="CrossBorderRequest"/> whose only question is the category code,
/// with the transmission's handling code and legal basis — through the same gates as every request (the handling code
/// <c>national-only</c> and the country of claimed protection are refused there too). Nothing is asked: the receiving node
/// registers it and its focal point acknowledges it; <see cref="RespondBy"/> is when an unacknowledged transmission is
/// noted overdue.
/// </summary>
public sealed class SpontaneousInformationCrossingBorder(CrossBorderServices exchange) : RequestCrossingBorder<Contract.SpontaneousInformationTransmitted, CaseFile>(exchange)
{
    public static readonly TimeSpan RespondBy = TimeSpan.FromDays(30);

    protected override (Guid, string, string) Keys(Contract.SpontaneousInformationTransmitted m) => (m.CaseId, m.FromJurisdiction, m.ToJurisdiction);

    protected override CrossBorderRequest Request(Contract.SpontaneousInformationTransmitted m, CaseFile file) =>
        new(m.InformationId, CrossBorderPurposes.SpontaneousInformation, m.FromJurisdiction, m.ToJurisdiction, m.CaseId, false, [m.Category],
            TransferBases.LegalBasis, m.LegalBasis, m.HandlingCode, m.TransmittedAt + RespondBy, m.TransmittedAt);

    protected override TransferGrounds Grounds(Contract.SpontaneousInformationTransmitted m, CaseFile file) =>
        TransferGrounds.OnLegalBasis(m.LegalBasis, file.ProtectionClaimedFrom ?? [], m.HandlingCode);
}

/// <summary>Receiving side: a partner's signed transmission registered once as received information, for the focal point or prosecutor to read and acknowledge.</summary>
public sealed class IncomingSpontaneousInformation(CrossBorderServices exchange) : IncomingCrossBorderRequests<ReceivedInformation>(exchange)
{
    protected override IReadOnlyList<string> Purposes { get; } = [CrossBorderPurposes.SpontaneousInformation];

    protected override string LegalBasis => TransmittingSpontaneousInformation.LegalSource;

    protected override string Name(CrossBorderRequest request) => "Spontaneous information";

    protected override Task<Decision> DecideAsync(ReceivedInformation? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct) =>
        Task.FromResult(request is { Questions: [var category], LegalBasis: { Length: > 0 } legalBasis }
            ? ReceivedInformation.Register(state, new SpontaneousInformationReceived(request.RequestId, context.Actor.Jurisdiction, request.FromJurisdiction, request.CaseReference,
                category, request.HandlingCode, legalBasis, context.Now))
            : throw new InvalidMessageException($"Spontaneous information {request.RequestId} names one category and its legal basis."));
}

/// <summary>The focal point's acknowledgement of received information goes back as signed delivery evidence (<c>acknowledged-by-focal-point</c>).</summary>
public sealed class ReceivedInformationAcknowledgementCrossingBorder(CrossBorderServices exchange) : AcknowledgementCrossingBorder<Contract.ReceivedInformationAcknowledged>(exchange)
{
    protected override (Guid, string?) Keys(Contract.ReceivedInformationAcknowledged m) => (m.InformationId, m.Jurisdiction);
}

/// <summary>Sending side: the receiving focal point's signed acknowledgement recorded on the case's judicial file, once.</summary>
public sealed class SpontaneousInformationAcknowledgements(CrossBorderServices exchange) : AnswersFromPartners<CaseFile>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes { get; } = [CrossBorderPurposes.SpontaneousInformation];

    protected override Guid RequestOf(object message) =>
        message is CrossBorderDeliveryEvidence { Evidence: DeliveryEvidenceKinds.AcknowledgedByFocalPoint } e ? e.RequestId : Guid.Empty;

    protected override string LegalBasis(CrossBorderRequest request) => TransmittingSpontaneousInformation.LegalSource;

    protected override Task<PartnerAnswer?> DecideAsync(CaseFile state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var evidence = (CrossBorderDeliveryEvidence)message.Message;
        var from = message.Envelope.From;
        return Task.FromResult<PartnerAnswer?>(new(TransmittingSpontaneousInformation.Acknowledged(state, request.RequestId, from, evidence.At, context),
            $"Information {request.RequestId} acknowledged by {from}'s focal point (signed delivery evidence {evidence.EvidenceId}), received over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
    }
}
