using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults.OpenApi;

namespace TransnationalReferral.Return;

/// <summary>
/// One example per request body of the Return API: a voluntary return from the Netherlands to Romania, and its reception
/// and reintegration as the Romanian focal point records them. Shown on the docs page and accepted as it is
/// (OpenApiDocumentTests). Reasons say what was decided and why, never who.
/// </summary>
public sealed class OpenApiExamples : RequestExamples
{
    public override IEnumerable<object> Examples =>
    [
        new RequestingReturn.RequestReturn(CountryOfReturn: "RO", Reason: ReturnReason.PersonsWish, Reasons: "The person asked to return home to her family."),
        new ProvidingReturnInformation.ProvideInformation(Language: "ro", Options: [ReturnOption.Stay, ReturnOption.Return], RightsExplained: true, ServicesInCountryExplained: true, RisksExplained: true,
            Reasons: "Options explained with an interpreter, including the right to stay during proceedings."),
        new GivingReturnConsent.GiveConsent(GivenBy: ConsentGiver.Person, Reasons: "Informed consent given after the information interview."),
        new WithdrawingReturnConsent.WithdrawConsent(Reasons: "The person decided to stay and withdrew consent."),
        new AssessingReturnRisk.AssessRisk(Level: RiskLevel.Medium, Factors: [ReturnRiskFactor.Debt, ReturnRiskFactor.Stigma], Mitigations: [Mitigation.MetAtArrival, Mitigation.NgoFollowUp, Mitigation.DebtCounselling],
            MitigationAccepted: true, ReceptionCapacity: ReceptionCapacity.Available, Reasons: "Debt to the recruiter; mitigated by reception at arrival and NGO follow-up."),
        new AssessingFamily.AssessFamily(Outcome: FamilyAssessment.SafeToReunite, Reasons: "Family traced and visited by the partner NGO; no involvement in the recruitment."),
        new RecordingProtectionClaimOutcome.RecordProtectionClaimOutcome(Country: "NG", Outcome: ProtectionClaimStatus.Pending, Reasons: "Asylum claim lodged; decision pending."),
        new RecordingForcedReturnOrder.RecordForcedReturnOrder(Reasons: "Return order issued by the immigration service after the residence permit ended."),
        new RequestingReception.RequestReception(EscortRequired: false, LegalBasis: "CETS 197 art. 16", Reasons: "Voluntary return agreed; reception at the airport needed."),
        new RecordingTravelDocuments.RecordTravelDocuments(IssuedBy: "ro-embassy-the-hague", Reasons: "Emergency travel document issued."),
        new ArrangingEscort.ArrangeEscort(EscortOrganisation: "nl-iom", Reasons: "Escort to the airport and on the flight at the person's request."),
        new CoordinatingWithProsecution.CoordinateWithProsecution(Outcome: ProsecutionCoordination.VideoTestimonyFromCountryOfReturn, ProsecutorReference: "OM-2026-118/return-coordination",
            Reasons: "The prosecutor agreed: the trial testimony is taken by video conference from Romania."),
        new RecordingDeparture.Depart(Reasons: "Departed on the scheduled flight."),
        new ClosingReturn.CloseReturn(Outcome: ReturnClosure.Returned, Reasons: "Arrival confirmed by the receiving focal point."),
        new AcknowledgingReceptionRequest.Acknowledge(Reasons: "Request received; reception being arranged."),
        new ArrangingReception.ArrangeReception(MetBy: "ro-anitp-bucharest", ShelterOnArrival: true, OnwardTransport: true, Reasons: "Met at the airport, shelter for the first two weeks."),
        new ConfirmingArrival.RecordArrival(Reasons: "Met at the airport as arranged."),
        new AgreeingReintegrationPlan.AgreePlan(Goals: [ReintegrationGoal.Housing, ReintegrationGoal.Employment, ReintegrationGoal.PsychosocialSupport], Providers: ["ro-adpare", "ro-employment-agency"],
            MonitoringContacts: [At("2027-01-15T10:00:00Z"), At("2027-04-15T10:00:00Z")], AgreedWithPerson: true, Reasons: "Plan agreed with the person; monitoring for six months."),
        new HoldingMonitoringContact.HoldContact(Outcome: ContactOutcome.Stable, Reasons: "In housing and vocational training; no contact from the recruiter."),
        new ClosingReintegration.CloseReintegration(Outcome: ReintegrationOutcome.Sustainable, Reasons: "Employed and housed after six months of monitoring."),
        new AddAttachment(Reference: "NL-IOM-2026-77/travel-document", Classification: Classification.Restricted, Handling: Handling.PurposeOnly, ContainsVictimPersonalData: true,
            LegalBasis: "GDPR art. 9(2)(g)"),
        new RecordRedaction(RedactedReference: "NL-IOM-2026-77/travel-document-redacted", Removed: [RedactedCategory.IdentityDocumentNumbers, RedactedCategory.DatesOfBirth]),
        new WithdrawAttachment(Reasons: "The travel document expired; a new one was issued."),
    ];
}
