using JasperFx.Events;
using TransnationalReferral.Protection.Incoming;
using Contract = TransnationalReferral.Contracts.Protection;

namespace TransnationalReferral.Protection.Integration;

public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        ProtectionCaseOpened e => new Contract.ProtectionCaseOpened(e.CaseId, e.Jurisdiction, Codes.Of(e.ChildStatus), Codes.Of(ProtectionStage.AwaitingEntitlement), e.OpenedAt),
        AssistanceEntitled e => new Contract.AssistanceEntitled(e.CaseId, e.EntitledAt),
        RiskAssessed e => new Contract.RiskAssessed(e.CaseId, e.Revision, Codes.Of(e.Level), e.AssessedAt),
        ResidencePermitIssued e => new Contract.ResidencePermitIssued(e.CaseId, e.ExpiresAt, e.IssuedAt),
        ResidencePermitExpired e => new Contract.ResidencePermitExpired(e.CaseId, e.ExpiredAt),
        // Return refuses a forced return order while a permit is valid: it hears the renewed expiry too.
        ResidencePermitRenewed e => new Contract.ResidencePermitRenewed(e.CaseId, e.ExpiresAt, e.RenewedAt),
        ReferralRequested e => new Contract.ReferralRequested(e.CaseId, e.ReferralId, e.ProviderOrganisation, Codes.Of(e.Service), e.RequestedAt),
        ReferralAnswered e => new Contract.ReferralAnswered(e.CaseId, e.ReferralId, e.Accepted, e.AnsweredAt, e.DeclineReason is { } reason ? Codes.Of(reason) : null),
        ReferralConcluded e => new Contract.ReferralConcluded(e.CaseId, e.ReferralId, e.Successful, e.ConcludedAt),
        ReferralOverdue e => new Contract.ReferralOverdue(e.CaseId, e.ReferralId, e.ProviderOrganisation, e.DueAt),
        ResidencePermitRefused e => new Contract.ResidencePermitRefused(e.CaseId, e.RefusedAt),
        SafetyPlanAgreed e => new Contract.SafetyPlanAgreed(e.CaseId, e.Revision, e.AgreedAt),
        WitnessProtectionGranted e => new Contract.WitnessProtectionGranted(e.CaseId, e.MeasureId, e.Measures.Select(m => Codes.Of(m)).ToList(), e.ForFamilyMembers, e.GrantedAt),
        RelocationRequested e => new Contract.RelocationRequested(e.CaseId, e.RequestId, e.FromJurisdiction, e.ToJurisdiction, e.ForFamilyMembers, e.RequestedAt),
        ContinuityRequested e => new Contract.ProtectionContinuityRequested(e.CaseId, e.RequestId, e.FromJurisdiction, e.ToJurisdiction, e.Services.Select(n => Codes.Of(n)).ToList(), e.RequestedAt),
        ProtectionRequestAccepted e => new Contract.PartnerProtectionRequestAnswered(e.RequestId, e.CaseReference, Purpose(e.Purpose), e.FromJurisdiction, e.Jurisdiction, "accepted", null,
            e.Services.Select(n => Codes.Of(n)).ToList(), e.AcceptedAt),
        ProtectionRequestDeclined e => new Contract.PartnerProtectionRequestAnswered(e.RequestId, e.CaseReference, Purpose(e.Purpose), e.FromJurisdiction, e.Jurisdiction, "declined", e.ReasonCode, [], e.DeclinedAt),
        IncomingRelocationArranged e => new Contract.PartnerProtectionRequestAnswered(e.RequestId, e.CaseReference, CrossBorderPurposes.WitnessRelocation, e.FromJurisdiction, e.Jurisdiction,
            ProtectionAcrossBorders.RelocationArranged, null, [], e.ArrangedAt),
        SupportPlanAgreed e => new Contract.SupportPlanAgreed(e.CaseId, e.Revision, e.NextReviewBy, e.AgreedAt),
        ProtectionCaseClosed e => new Contract.ProtectionCaseClosed(e.CaseId, Codes.Of(e.Reason), e.ClosedAt),
        ProtectionCaseReopened e => new Contract.ProtectionCaseReopened(e.CaseId, e.ReopenedAt),
        _ => null,
    };

    private static string Purpose(IncomingPurpose purpose) =>
        purpose == IncomingPurpose.WitnessRelocation ? CrossBorderPurposes.WitnessRelocation : CrossBorderPurposes.ProtectionContinuity;
}
