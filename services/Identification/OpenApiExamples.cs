using TransnationalReferral.Identification.Assistance;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.Identification.Vault;
using TransnationalReferral.ServiceDefaults.OpenApi;

namespace TransnationalReferral.Identification;

/// <summary>
/// One example per request body of the Identification API, as a focal point in the Netherlands would send it: shown on
/// the docs page and accepted as it is (OpenApiDocumentTests). Reasons say what was observed, never who.
/// </summary>
public sealed class OpenApiExamples : RequestExamples
{
    public override IEnumerable<object> Examples =>
    [
        new OpeningCase.OpenCaseRequest(Source: SignalSource.LabourInspection, SignallingOrganisation: "nl-inspectorate", Jurisdiction: "NL", Sex: Sex.Female, AgeGroup: AgeGroup.From25To34, IsChild: null,
            VictimId: null, Reasons: "Labour inspection at a greenhouse: passport held by the employer, 14-hour days, wages withheld."),
        new RecordingInformationOnRights.RecordInformationOnRights(InformedOfRights: true, InformedOfAssistance: true, InformedOfReflectionPeriod: true, Format: InformationFormat.Oral, InterpreterUsed: true,
            Reasons: "Informed at the first interview, with a Romanian interpreter; written leaflet handed over.", Language: "ro",
            Interpreter: new Interpreter(Organisation: "nl-tolkendienst", Reference: "TD-2026-1187", Language: "ro")),
        new RecognisingPresumedVictim.RecognisePresumedVictim(Reasons: "Confiscated passport, debt bondage and 14-hour days: reasonable grounds to believe the person is a victim.", ReflectionPeriodDays: 30),
        new ExtendingReflectionPeriod.ExtendReflectionPeriod(AdditionalDays: 30, Reasons: "Medical treatment under way; the person needs more time to decide on cooperating."),
        new EndingReflectionPeriodEarly.EndReflectionPeriod(Reason: ReflectionPeriodEndReason.PersonsInformedChoice, Reasons: "The person chose to cooperate with the investigation before the period ended."),
        new DecidingConclusiveGrounds.DecideConclusiveGrounds(Outcome: DecidingConclusiveGrounds.Outcome.Identified, Reasons: "Indicators confirmed by the labour inspection report and the interview.",
            Notified: [NotifiedParty.Person, NotifiedParty.FirstResponder]),
        new RequestingReconsideration.RequestReconsideration(RequestedBy: ReconsiderationRequester.SupportProvider, NewInformation: "A second interview documented recruitment by deception and threats against the family."),
        new RecordingAgeAssessment.RecordAgeAssessment(Outcome: RecordingAgeAssessment.AssessedAs.Child, Method: "multidisciplinary assessment", Reasons: "Documents unavailable; the multidisciplinary assessment concluded the person is under 18."),
        new AppointingGuardian.AppointGuardian(GuardianOrganisation: "nl-nidos", GuardianReference: "NIDOS-2026-0412", Reasons: "Unaccompanied child: guardianship institution appointed the same day."),
        new AssessingBestInterests.RecordBestInterestsAssessment(Reasons: "Best interests assessed with the guardian: protected reception, schooling, no contact with the recruiter."),
        new ClaimingInternationalProtection.RecordInternationalProtectionClaim(CountryOfClaimedPersecution: "NG", Reasons: "Fears reprisals by the network on return."),
        new RequestingIdentificationAssistance.RequestAssistance(PartnerJurisdiction: "RO", Questions: [AssistanceQuestion.Identity, AssistanceQuestion.RecruitmentCircumstances], DueInDays: 14,
            LegalBasis: "CETS 197 art. 32", Reasons: "Recruitment reportedly took place in Romania; identity documents are missing."),
        new RecordingConsent.RecordConsent(Kind: ConsentKind.ReferralToServices, InformedInLanguage: "ro", GivenBy: ConsentGiver.Person, Organisations: ["nl-comensha", "nl-womens-shelter"], Jurisdictions: ["NL"],
            Reasons: "Consent given after the information interview, with an interpreter.",
            Interpreter: new Interpreter(Organisation: "nl-tolkendienst", Reference: "TD-2026-1187", Language: "ro")),
        new WithdrawingConsent.WithdrawConsent(Reasons: "The person withdrew consent at the follow-up interview."),
        new SharingCase.ShareCase(Purpose: SharePurpose.Assistance, ExpiresAt: At("2027-03-31T23:59:59Z"), GranteeJurisdiction: "NL", GranteeOrganisation: "nl-comensha", LegalBasis: "GDPR art. 6(1)(e)",
            Reasons: "Coordination of shelter and support."),
        new RevokingShare.RevokeShare(Reasons: "Support arranged; the coordinator no longer needs the case."),
        new PlacingLegalHold.PlaceLegalHold(Kind: LegalHoldKind.CriminalProceedings, Reasons: "Prosecution opened by the public prosecutor; records must be kept."),
        new LiftingLegalHold.LiftLegalHold(Kind: LegalHoldKind.CriminalProceedings, Reasons: "Proceedings closed with a final judgment."),
        new PersonalData(Names: ["Ioana Exemplu"], Aliases: ["Ana"], DateOfBirth: new DateOnly(1994, 3, 14), Nationality: "RO", Languages: ["ro", "en"], Contact: "+40 700 000 000",
            IdentityDocuments: [new IdentityDocument(Type: "passport", Number: "050000000", IssuingCountry: "RO")], PhotoReference: "vault-photo-0001"),
        new RecordingFamilyMember.RecordFamilyMember(Relation: FamilyRelation.Child, Risk: RiskLevel.High, Country: "RO",
            ProtectiveMeasures: [FamilyProtectiveMeasure.FamilySafetyCheck, FamilyProtectiveMeasure.NonDisclosureOfWhereabouts], Relocation: FamilyRelocation.Requested,
            Names: ["Mihai Exemplu"], Contact: "+40 700 000 001", Reasons: "The recruiter visited the family home after the inspection."),
        new ReassessingFamilyMember.ReassessFamilyMember(Risk: RiskLevel.Medium, ProtectiveMeasures: [FamilyProtectiveMeasure.SecureCommunication], Relocation: FamilyRelocation.Relocated,
            RelocatedTo: "RO", Country: "RO", Reasons: "Moved with the grandparents to another region; no contact from the network since."),
        new ErasingPersonalData.EraseRequest(LegalBasis: "GDPR art. 17(1)(a)", Reasons: "Retention period ended; no legal hold.", OverrideLegalHold: false),
        new ScreeningIndicators.ScreenIndicators(Observed: [new ScreeningIndicators.ObservedIndicator(Form: "labour", Indicator: "identity-documents-withheld"),
                new ScreeningIndicators.ObservedIndicator(Form: "labour", Indicator: "debt-bondage")],
            Source: ScreeningIndicators.ScreeningSource.Interview, Reasons: "Observed at the interview after the inspection."),
        new RecordingOwnDataRequest.RecordOwnDataRequest(RequestedBy: OwnDataRequester.Person, ReceivedAt: At("2026-11-30T10:00:00Z"), Language: "ro",
            Reasons: "Asked at the follow-up interview for everything recorded about her, in Romanian."),
        new AnsweringOwnDataRequest.AnswerOwnDataRequest(Format: OwnDataFormat.Html, Language: "ro", ExportedAt: At("2026-12-03T09:30:00Z"),
            Reasons: "Printed export handed over at the interview, with an interpreter."),
        new AnsweringIdentificationAssistance.Answer(Outcome: AssistanceOutcome.Confirmed, Reasons: "Identity confirmed against the national register."),
        new Notifications.Subscribing.Subscribe(Role: Roles.ServiceProvider, Kinds: [Notifications.NotificationKind.ReferralRequested, Notifications.NotificationKind.DeadlineMissed],
            Channel: Notifications.NotificationChannel.Webhook, WebhookUrl: "https://intake.shelter.example.nl/trm/webhooks", Secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        new AddAttachment(Reference: "NL-IND-2026-0815/interview-record", Classification: Classification.Confidential, Handling: Handling.PurposeOnly, ContainsVictimPersonalData: true,
            LegalBasis: "GDPR art. 9(2)(g)"),
        new RecordRedaction(RedactedReference: "NL-IND-2026-0815/interview-record-redacted", Removed: [RedactedCategory.Names, RedactedCategory.Addresses, RedactedCategory.IdentityDocumentNumbers]),
        new WithdrawAttachment(Reasons: "Recorded against the wrong case."),
    ];
}
