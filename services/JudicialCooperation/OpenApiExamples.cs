using TransnationalReferral.JudicialCooperation.Cases;
using TransnationalReferral.JudicialCooperation.Requests;
using TransnationalReferral.ServiceDefaults.OpenApi;

namespace TransnationalReferral.JudicialCooperation;

/// <summary>
/// One example per request body of the Judicial cooperation API: a Dutch request for a victim's testimony by video link
/// in Romania, its execution and the protection of the victim. Shown on the docs page and accepted as it is
/// (OpenApiDocumentTests). Persons are named by their case id; reasons never name anyone.
/// </summary>
public sealed class OpenApiExamples : RequestExamples
{
    private const string VictimCase = "0193a1c2-5d4e-7f60-8a9b-0c1d2e3f4a53", Asset = "0193a1c2-5d4e-7f60-8a9b-0c1d2e3f4a51", Attachment = "0193a1c2-5d4e-7f60-8a9b-0c1d2e3f4a54";

    public override IEnumerable<object> Examples =>
    [
        new RecordingCooperationStatus.RecordCooperationStatus(Status: CooperationStatus.Cooperating, Reasons: "The person agreed to give a statement after the reflection period."),
        new NamingVictimWitness.NameVictimWitness(ProceedingsReference: "OM-2026-118", Role: ProceedingsRole.VictimWitness, Reasons: "The person is a witness for the prosecution in the trial against the recruiter."),
        new ClosingWitnessProceedings.CloseWitnessProceedings(ProceedingsReference: "OM-2026-118", Reasons: "Final judgment; the person's testimony is no longer needed."),
        new RecordingAsset.RecordAsset(AssetId: Id(Asset), Stage: AssetStage.Frozen, Value: 25000.00m, Currency: "EUR", Reasons: "Bank account of the recruiter frozen by order of the investigating judge."),
        new DraftingRequest.Draft(Type: RequestType.MlaVideoTestimony, CounterpartJurisdiction: "RO", Urgent: false, Persons: [new Person(CaseId: Id(VictimCase), Role: PersonRole.VictimWitness)],
            Reasons: "Testimony of the victim, now back in Romania, for the trial in Rotterdam."),
        new AddAttachment(Reference: "OM-ROT-2026-0042-summary", Classification: Classification.Restricted, Handling: Handling.PurposeOnly, ContainsVictimPersonalData: true,
            LegalBasis: "Directive (EU) 2016/680 art. 9"),
        new RecordRedaction(RedactedReference: "OM-ROT-2026-0042-summary-redacted", Removed: [RedactedCategory.Names, RedactedCategory.Addresses, RedactedCategory.ContactDetails]),
        new WithdrawAttachment(Reasons: "Superseded by the statement of the second hearing."),
        new AssessingVictimImpact.AssessImpact(Level: RiskLevel.Medium, Measures: [ProtectiveMeasure.VideoTestimony, ProtectiveMeasure.NoFaceToFace, ProtectiveMeasure.SupportPersonPresent],
            PreferredModality: Modality.VideoConference, Reasons: "No face-to-face contact with the accused; a support person present."),
        new SendingRequest.Send(Reasons: "Approved by the public prosecutor."),
        new ForwardingRequest.Forward(ToJurisdiction: "BG", AttachmentIds: [Id(Attachment)], Reasons: "Part of the execution falls to the Bulgarian authorities."),
        new AcknowledgingRequest.Acknowledge(Reasons: "Received by the competent prosecutor's office."),
        new StartingExecution.StartExecution(Reasons: "Hearing room with video link booked."),
        new ReviewingNonPunishment.ReviewNonPunishment(CaseId: Id(VictimCase), OffenceCompelledByTrafficking: true, Reasons: "The offence was committed under the control of the traffickers."),
        new CompletingRequest.Complete(Partially: false, Reasons: "Testimony taken and transmitted."),
        new RefusingRequest.Refuse(Grounds: RefusalGrounds.NonPunishment, Reasons: "The person concerned is a victim compelled to commit the offence."),
        new SchedulingTestimony.ScheduleTestimony(CaseId: Id(VictimCase), Modality: Modality.VideoConference, ScheduledFor: At("2027-02-10T09:30:00Z"), VictimAskedOtherwise: false,
            Reasons: "Scheduled with the victim's support person."),
        new RecordingTestimonyHeld.RecordTestimonyHeld(CaseId: Id(VictimCase), Reasons: "Testimony held by video link with the support person present."),
        new AssessingVictimSafety.AssessVictimSafety(CaseId: Id(VictimCase), Level: RiskLevel.High, Reasons: "The accused is about to be released; the victim lives in the same region."),
        new NotifyingVictim.NotifyVictim(CaseId: Id(VictimCase), Movement: Movement.Release, Through: NotifiedThrough.FocalPoint, Reasons: "Victim informed before the release, as she asked."),
        new DecidingOffenderMovement.DecideOffenderMovement(Movement: Movement.Surrender, Reasons: "Surrender granted under the European arrest warrant."),
        new EstablishingJointInvestigationTeam.EstablishJit(MemberJurisdictions: ["RO", "BG"], Reasons: "Agreement signed with Eurojust support.", MemberOrganisations: ["nl-om", "ro-diicot"]),
        new SharingJitInformation.RecordSharing(FromMember: "ro-diicot", ToMember: "nl-om", Category: "financial-records", HandlingCode: "purpose-only", SharedAt: At("2027-01-15T14:00:00Z"),
            Reasons: "Bank records of the recruiter for the joint analysis."),
        new RecordingForumCriteria.RecordForum(Criteria: [ForumCriterion.OffenderPresence, ForumCriterion.OffenderNationality], Reasons: "The accused is a Romanian national living in Romania.",
            FinalJudgmentForSameActs: false),
        new TransmittingSpontaneousInformation.Transmit(ToJurisdiction: "RO", Category: "trafficking-route", HandlingCode: "purpose-only", LegalBasis: "untoc-art-18-4",
            Reasons: "The route through Romania may help the Romanian investigation."),
        new AcknowledgingReceivedInformation.AcknowledgeInformation(Reasons: "Passed to the competent prosecutor's office."),
        new ClosingRequest.Close(Reasons: "Executed in full; nothing further expected."),
        new AnsweringProceedsReturn.Answer(Outcome: ProceedsOutcome.Granted, Reasons: "Confiscated proceeds returned for the victim's compensation.", Amount: 5000.00m, Currency: "EUR"),
    ];
}
