using JasperFx.Events;
using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Identification.Integration;

/// <summary>Which of the service's decisions other services hear about, and in what words. One explicit map.</summary>
public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        CaseOpened e => new IdentificationCaseOpened(e.CaseId, e.VictimId, e.Jurisdiction, Codes.Of(e.Source), Codes.Of(e.Sex),
            Codes.Of(e.AgeGroup), Codes.Of(e.ChildStatus), e.OpenedAt, e.OwnerOrganisation),
        Cases.CaseShared e => new Contracts.Identification.CaseShared(e.CaseId, e.GrantId, e.GranteeJurisdiction, e.GranteeOrganisation, Codes.Of(e.Purpose), e.ExpiresAt, e.SharedAt),
        Cases.CaseShareRevoked e => new Contracts.Identification.CaseShareRevoked(e.CaseId, e.GrantId, e.RevokedAt),
        Cases.ConsentRecorded e => new Contracts.Identification.ConsentRecorded(e.CaseId, e.ConsentId, Codes.Of(e.Kind), e.Organisations, e.Jurisdictions, Codes.Of(e.GivenBy), e.GivenAt),
        Cases.ConsentWithdrawn e => new Contracts.Identification.ConsentWithdrawn(e.CaseId, e.ConsentId, Codes.Of(e.Kind), e.WithdrawnAt),
        Cases.PresumedVictimRecognised e => new Contracts.Identification.PresumedVictimRecognised(e.CaseId, e.Jurisdiction, Codes.Of(e.ChildStatus), e.RecognisedAt),
        Cases.ReflectionPeriodStarted e => new Contracts.Identification.ReflectionPeriodStarted(e.CaseId, e.StartsAt, e.EndsAt),
        Cases.ReflectionPeriodExtended e => new Contracts.Identification.ReflectionPeriodExtended(e.CaseId, e.EndsAt, e.ExtendedAt),
        Cases.ReflectionPeriodExpiring e => new Contracts.Identification.ReflectionPeriodExpiring(e.CaseId, e.EndsAt, e.WarnedAt),
        Cases.ReflectionPeriodEnded e => new Contracts.Identification.ReflectionPeriodEnded(e.CaseId, Codes.Of(e.Reason), e.EndedAt),
        Cases.VictimIdentified e => new Contracts.Identification.VictimFormallyIdentified(e.CaseId, true, e.DecidedAt),
        Cases.VictimNotIdentified e => new Contracts.Identification.VictimFormallyIdentified(e.CaseId, false, e.DecidedAt),
        Cases.AgeAssessed e => new Contracts.Identification.ChildStatusDetermined(e.CaseId, Codes.Of(e.ChildStatus), e.AssessedAt),
        Cases.GuardianAppointed e => new Contracts.Identification.GuardianAppointed(e.CaseId, e.GuardianOrganisation, e.AppointedAt),
        Cases.BestInterestsAssessed e => new Contracts.Identification.BestInterestsAssessed(e.CaseId, e.AssessedAt),
        Cases.InternationalProtectionClaimed e => new Contracts.Identification.InternationalProtectionClaimed(e.CaseId, e.CountryOfClaimedPersecution, e.ClaimedAt),
        Cases.IdentificationAssistanceRequested e => new Contracts.Identification.IdentificationAssistanceRequested(e.RequestId, e.CaseId, e.RequestingJurisdiction, e.PartnerJurisdiction,
            e.Questions.Select(q => Codes.Of(q)).ToList(), e.OnConsent ? "consent" : "legal-basis", e.DueAt, e.RequestedAt),
        Cases.IdentificationAssistanceOverdue e => new Contracts.Identification.IdentificationAssistanceOverdue(e.RequestId, e.CaseId, e.PartnerJurisdiction, e.DueAt),
        // This focal point's answer to a partner's request (recorded in Identification.Assistance): heard on the node's bus,
        // and sent back across the border when the request came over the cross-border exchange.
        Assistance.AssistanceRequestReceived e => new Contracts.Identification.IdentificationAssistanceReceived(e.RequestId, e.CaseReference, e.FromJurisdiction, e.Jurisdiction, e.RespondBy, e.ReceivedAt),
        Assistance.AssistanceRequestAnswered e => new Contracts.Identification.IdentificationAssistanceAnswered(e.RequestId, e.CaseReference, e.Jurisdiction, Codes.Of(e.Outcome), e.AnsweredAt),
        Cases.PersonalDataErased e => new Contracts.Identification.PersonalDataErased(e.CaseId, e.VictimId, e.ErasedAt),
        _ => null,
    };
}
