using JasperFx.Events;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Integration;

/// <summary>What the Return service tells other services and partner countries — ids and codes, never reasons or personal data.</summary>
public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        // Destination side.
        ReturnRequested e => new Contract.ReturnRequested(e.CaseId, e.Jurisdiction, e.CountryOfReturn, Codes.Of(e.Reason), e.RequestedAt),
        ReturnInformationProvided e => new Contract.ReturnInformationProvided(e.CaseId, e.Language, e.ProvidedAt),
        ReturnConsentGiven e => new Contract.ReturnConsentGiven(e.CaseId, Codes.Of(e.GivenBy), e.GivenAt),
        ReturnConsentWithdrawn e => new Contract.ReturnConsentWithdrawn(e.CaseId, e.WithdrawnAt),
        ReturnRiskAssessed e => new Contract.ReturnRiskAssessed(e.CaseId, e.Revision, Codes.Of(e.Level), e.MitigationAccepted, e.AssessedAt),
        ReturnBlocked e => new Contract.ReturnBlocked(e.CaseId, e.Gate, e.BlockedAt),
        ReceptionRequested e => new Contract.ReceptionRequested(e.RequestId, e.CaseId, e.FromJurisdiction, e.ToJurisdiction, e.ChildCase, e.EscortRequired, e.OnConsent ? "consent" : "legal-basis", e.RequestedAt),
        ReturnDeparted e => new Contract.ReturnDeparted(e.RequestId, e.CaseId, e.ToJurisdiction, e.Escorted, e.DepartedAt),
        ContinuityOfRightsSecured e => new Contract.ReturnCompleted(e.CaseId, e.ReturnedTo, e.ContactThroughJurisdiction, true, e.SecuredAt),
        ReturnClosed e => new Contract.ReturnClosed(e.CaseId, null, e.Jurisdiction, Codes.Of(e.Outcome), e.ClosedAt),
        // Origin side (the country of return answering).
        ReceptionAcknowledgementSent e => new Contract.ReceptionAcknowledged(e.RequestId, e.CaseId, e.Jurisdiction, e.AcknowledgedAt),
        ReceptionArrangementsMade e => new Contract.ReceptionArranged(e.RequestId, e.CaseId, e.Jurisdiction, e.MetBy, e.ShelterOnArrival, e.OnwardTransport, e.ArrangedAt),
        ArrivalRecorded e => new Contract.ArrivalConfirmed(e.RequestId, e.CaseId, e.Jurisdiction, e.ArrivedAt),
        ReintegrationPlanAgreed e => new Contract.ReintegrationPlanAgreed(e.RequestId, e.CaseId, e.Jurisdiction, e.Contacts.Count, e.Contacts.Max(c => c.DueBy), e.AgreedAt),
        MonitoringContactHeld e => new Contract.MonitoringContactHeld(e.RequestId, e.CaseId, e.ContactId, Codes.Of(e.Outcome), e.HeldAt),
        MonitoringContactMissed e => new Contract.MonitoringContactOverdue(e.RequestId, e.CaseId, e.ContactId, e.DueBy),
        ReintegrationClosed e => new Contract.ReturnClosed(e.CaseId, e.RequestId, e.Jurisdiction, Codes.Of(e.Outcome), e.ClosedAt),
        _ => null,
    };

}
