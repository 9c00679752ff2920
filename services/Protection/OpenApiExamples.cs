using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Protection.Incoming;
using TransnationalReferral.Protection.Providers;
using TransnationalReferral.ServiceDefaults.OpenApi;

namespace TransnationalReferral.Protection;

/// <summary>
/// One example per request body of the Protection API, as a focal point or case worker in the Netherlands would send it:
/// shown on the docs page and accepted as it is (OpenApiDocumentTests). Reasons say what was decided and why, never who.
/// </summary>
public sealed class OpenApiExamples : RequestExamples
{
    public override IEnumerable<object> Examples =>
    [
        new AssessingNeeds.AssessNeeds(Needs: [Need.SafeAccommodation, Need.Medical, Need.LegalCounselling, Need.Interpretation], Reasons: "Needs assessed at intake with an interpreter."),
        new AssessingRisk.AssessRisk(Level: RiskLevel.High, Factors: [RiskFactor.ReTrafficking, RiskFactor.ThreatsToFamily], FamilyAtRisk: true,
            Reasons: "The recruiter knows the family's address and has contacted them since the inspection."),
        new SafetyPlanning.AgreeSafetyPlan(Actions: [new SafetyPlanAction(Action: SafetyAction.SafeAccommodation, Owner: "nl-womens-shelter", DueBy: At("2026-12-08T18:00:00Z")),
                new SafetyPlanAction(Action: SafetyAction.FamilySafetyCheck, Owner: "nl-police", DueBy: At("2026-12-14T17:00:00Z"))],
            AgreedWithPerson: true, GuardianParticipated: false, Reasons: "Agreed with the person after the risk assessment."),
        new Referring.RequestReferral(ProviderOrganisation: "nl-womens-shelter", Service: Need.SafeAccommodation, GenderSpecific: SexServed.Female, Reasons: "Safe accommodation, women-only at the person's request."),
        new RecordingEmergencyAssistance.RecordEmergencyAssistance(Help: EmergencyHelp.Information, AcceptedByPerson: true,
            Interpreter: new TransnationalReferral.ServiceDefaults.Cases.Interpreter(Organisation: "nl-tolkendienst", Reference: "TD-2026-1187", Language: "ro"),
            Reasons: "Told at the inspection where to find help tonight and that it does not depend on making a statement."),
        new ReferringInEmergency.ReferInEmergency(ProviderOrganisation: "nl-womens-shelter", Help: EmergencyHelp.SafePlace, AcceptedByPerson: true, GenderSpecific: SexServed.Female,
            Reasons: "No safe place for tonight; the person accepted the shelter's emergency bed."),
        new TrackingResidenceStatus.RecordPermitDecision(Decision: TrackingResidenceStatus.PermitDecision.Issued, PermitType: "victim-temporary", ExpiresAt: At("2027-06-07T23:59:59Z"),
            Reasons: "Temporary residence permit for victims, issued for the reflection period."),
        new GrantingWitnessProtection.GrantWitnessProtection(Measures: [WitnessMeasure.IdentityProtectionInProceedings, WitnessMeasure.TestimonyByVideoLink], ForFamilyMembers: false,
            Reasons: "Granted by the public prosecutor before the hearing."),
        new EndingWitnessProtection.EndWitnessProtection(Reasons: "Proceedings concluded; the threat assessment no longer supports the measures."),
        new RequestingRelocation.RequestRelocation(ToJurisdiction: "BE", ForFamilyMembers: false, Reasons: "Safety: the network operates in the person's current region."),
        new ContinuingProtection.RequestContinuity(ToJurisdiction: "BE", Services: [Need.SafeAccommodation, Need.Psychological], Reasons: "The person moves to Belgium; support must continue without a gap."),
        new AgreeingSupportPlan.AgreeSupportPlan(Goals: [SupportGoal.SafeHousing, SupportGoal.Health, SupportGoal.LanguageLearning], Services: [Need.SafeAccommodation, Need.Psychological, Need.Education],
            NextReviewBy: At("2027-03-01T12:00:00Z"), AgreedWithPerson: true, GuardianParticipated: false, Reasons: "Plan agreed with the person for the next three months."),
        new ReviewingSupportPlan.ReviewSupportPlan(Outcome: ReviewOutcome.OnTrack, Reasons: "Housing stable, language course started.", NextReviewBy: At("2027-06-01T12:00:00Z")),
        new ClosingProtectionCase.CloseCase(Reason: ClosureReason.GoalsAchieved, Reasons: "Independent housing and employment; the person asked to close the case."),
        new ReopeningProtectionCase.ReopenCase(Reasons: "The person asked for support again after contact from the former employer."),
        new AcceptingPartnerRequest.Accept(Services: [Need.SafeAccommodation, Need.Medical], Reasons: "Shelter place and medical follow-up available."),
        new DecliningPartnerRequest.Decline(ReasonCode: TransnationalReferral.Contracts.CrossBorder.DeclineReasons.CapacityUnavailable, Reasons: "No shelter place in the region for the requested date."),
        new ReportingRelocationArranged.ReportArranged(Reasons: "Shelter place and transport from the border arranged."),
        new AnsweringReferral.AnswerReferral(Accepted: true, DeclineReason: null, Reasons: "Place available from tomorrow."),
        new StartingReferral.StartReferral(Reasons: "The person moved in today."),
        new ConcludingReferral.ConcludeReferral(Successful: true, Reasons: "Stay completed; moved on to supported housing."),
        new ProviderCatalogue.RegisterProvider(Name: "Women's shelter Utrecht", Type: ProviderType.Ngo, Services: [Need.SafeAccommodation, Need.Psychological], SexServed: SexServed.Female,
            AgeGroups: [AgeGroup.Adults], ChildAppropriate: false, Languages: ["nl", "en", "ro"], ResponseTimeHours: 24, Capacity: 12, Active: true),
        new AddAttachment(Reference: "NL-SHELTER-2026-311/medical-report", Classification: Classification.Confidential, Handling: Handling.PurposeOnly, ContainsVictimPersonalData: true,
            LegalBasis: "GDPR art. 9(2)(g)"),
        new RecordRedaction(RedactedReference: "NL-SHELTER-2026-311/medical-report-redacted", Removed: [RedactedCategory.Names, RedactedCategory.HealthData, RedactedCategory.Whereabouts]),
        new WithdrawAttachment(Reasons: "Replaced by the updated care plan."),
    ];
}
