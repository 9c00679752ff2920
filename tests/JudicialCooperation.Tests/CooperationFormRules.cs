using JudicialCrossing = TransnationalReferral.JudicialCooperation.Integration.JudicialCrossing;
using TransnationalReferral.ServiceDefaults.Finance;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// The rules of the forms of cooperation beyond mutual legal assistance (UNTOC arts. 14(2), 19, 21, 27), one named test each:
/// every form crosses under its own purpose and legal basis; joint investigation teams and their sharing log; transfer of
/// proceedings and its forum criteria; the answer to a request to return proceeds.
/// </summary>
public class CooperationFormRules
{
    private static readonly AssessingVictimImpact.AssessImpact Impact = new(RiskLevel.Medium, [ProtectiveMeasure.VideoTestimony], Modality.VideoConference, "Testifies by video");

    [Test]
    public void Every_form_of_cooperation_crosses_under_its_own_purpose_and_legal_basis()
    {
        foreach (var type in Enum.GetValues<RequestType>())
        {
            var purpose = JudicialCrossing.PurposeOf(type);
            Assert.That(purpose, Is.Not.Null.And.AnyOf(JudicialCrossing.Purposes.ToArray()), $"{type} crosses");
            Assert.That(CrossBorderPurposes.All, Does.Contain(purpose));
            Assert.That(CrossBorderTopology.InboxForPurpose(purpose!), Is.EqualTo("crossborder.inbox.judicial"), $"{purpose} reaches the judicial inbox");
        }
        Assert.That(JudicialCrossing.LegalBasisOf(CrossBorderPurposes.JointInvestigation), Is.EqualTo("untoc-art-19"));
        Assert.That(JudicialCrossing.LegalBasisOf(CrossBorderPurposes.TransferOfProceedings), Is.EqualTo("untoc-art-21"));
        Assert.That(JudicialCrossing.LegalBasisOf(CrossBorderPurposes.PoliceCooperation), Is.EqualTo("untoc-art-27"));
        Assert.That(CrossBorderTopology.InboxForPurpose(CrossBorderPurposes.ProceedsReturn), Is.EqualTo("crossborder.inbox.judicial"));
    }

    [Test]
    public void Jit_membership_includes_both_states()
    {
        var jit = Incoming(RequestType.JointInvestigationTeam, None, new Person(Suspect, PersonRole.Suspect));
        jit = jit.Apply(EstablishingJointInvestigationTeam.Decide(jit, new(["BE"], "Team agreed.", ["ro-diicot", "nl-om", "ro-diicot"]), Prosecutor));
        Assert.That(jit.JitMembers, Is.EqualTo(new[] { "BE", "NL", "RO" }), "both states always among the members");
        Assert.That(jit.JitOrganisations, Is.EqualTo(new[] { "nl-om", "ro-diicot" }), "member organisations by code, once each");

        // The other state's node's membership is recorded once, and only when it names both states.
        var outgoing = Outgoing(RequestType.JointInvestigationTeam, new Person(Suspect, PersonRole.Suspect)).Sent();
        Assert.That(EstablishingJointInvestigationTeam.Joined(outgoing, ["RO"], [], "RO", Prosecutor).Refusal?.Rule, Is.EqualTo("jit-membership-both-states"));
        outgoing = outgoing.Apply(EstablishingJointInvestigationTeam.Joined(outgoing, ["NL", "RO"], ["ro-diicot"], "RO", Prosecutor));
        Assert.That(outgoing.JitMembers, Is.EqualTo(new[] { "NL", "RO" }));
        Assert.That(EstablishingJointInvestigationTeam.Joined(outgoing, ["RO", "NL"], ["ro-diicot"], "RO", Prosecutor).Events, Is.Empty, "the same membership again changes nothing");
        Assert.That(EstablishingJointInvestigationTeam.Joined(outgoing, ["NL", "RO"], [], "BG", Prosecutor).IsRefused, Is.True, "only from the other state of the request");
    }

    [Test]
    public void Jit_sharing_log_entries_only_by_members()
    {
        var jit = Incoming(RequestType.JointInvestigationTeam, None, new Person(Suspect, PersonRole.Suspect));
        var sharing = new SharingJitInformation.RecordSharing("NL", "ro-diicot", "financial-records", HandlingCodes.PurposeOnly, Now) { EntryId = Guid.NewGuid() };
        Assert.That(SharingJitInformation.Decide(jit, sharing, Prosecutor).Refusal?.Rule, Is.EqualTo("jit-not-established"), "no team, no log");

        jit = jit.Apply(EstablishingJointInvestigationTeam.Decide(jit, new([], "Team agreed.", ["ro-diicot"]), Prosecutor));
        Assert.That(SharingJitInformation.Decide(jit, sharing with { ToMember = "BG" }, Prosecutor).Refusal?.Rule, Is.EqualTo("jit-sharing-only-between-members"), "BG is no member");
        Assert.That(SharingJitInformation.Decide(jit, sharing with { FromMember = "europol" }, Prosecutor).Refusal?.Rule, Is.EqualTo("jit-sharing-only-between-members"));
        Assert.That(SharingJitInformation.Decide(jit, sharing with { HandlingCode = HandlingCodes.NationalOnly }, Prosecutor).Refusal?.Rule, Is.EqualTo("jit-sharing-handling-code"),
            "the log crosses to the other state: never national-only");

        jit = jit.Apply(SharingJitInformation.Decide(jit, sharing, Prosecutor));
        var entry = jit.JitSharingLog!.Single();
        Assert.That((entry.FromMember, entry.ToMember, entry.Category, entry.HandlingCode, entry.RecordedIn), Is.EqualTo(("NL", "ro-diicot", "financial-records", "purpose-only", "NL")));

        // The other state's entry: recorded once by its id, only from that state.
        var theirs = sharing with { EntryId = Guid.NewGuid(), FromMember = "ro-diicot", ToMember = "NL" };
        jit = jit.Apply(SharingJitInformation.Received(jit, theirs, "RO", Prosecutor));
        Assert.That(jit.JitSharingLog!.Single(e => e.EntryId == theirs.EntryId).RecordedIn, Is.EqualTo("RO"));
        Assert.That(SharingJitInformation.Received(jit, theirs, "RO", Prosecutor).Events, Is.Empty, "a redelivered entry is not recorded twice");
        Assert.That(SharingJitInformation.Received(jit, theirs with { EntryId = Guid.NewGuid() }, "BG", Prosecutor).IsRefused, Is.True);
    }

    [Test]
    public void Transfer_of_proceedings_needs_forum_criteria()
    {
        var transfer = Outgoing(RequestType.TransferOfProceedings, new Person(Suspect, PersonRole.Accused));
        Assert.That(SendingRequest.Decide(transfer, new(), Prosecutor, TimeSpan.FromDays(90)).Refusal?.Rule, Is.EqualTo("transfer-of-proceedings-needs-forum-criteria"), "not requested without one");
        Assert.That(RecordingForumCriteria.Decide(transfer, new([], "None."), Prosecutor).Refusal?.Rule, Is.EqualTo("transfer-of-proceedings-needs-forum-criteria"));
        transfer = transfer.Apply(RecordingForumCriteria.Decide(transfer, new([ForumCriterion.OffenderPresence, ForumCriterion.EvidenceLocation], "The accused lives in Romania."), Prosecutor));
        Assert.That(transfer.ForumCriteria, Is.EqualTo(new[] { ForumCriterion.OffenderPresence, ForumCriterion.EvidenceLocation }));
        Assert.That(SendingRequest.Decide(transfer, new(), Prosecutor, TimeSpan.FromDays(90)).IsRefused, Is.False);
        Assert.That(JudicialCrossing.ForumCriteriaOf(transfer.ForumCriteria!.Select(JudicialCrossing.ForumQuestion)), Is.EqualTo(transfer.ForumCriteria), "they cross as question codes");

        // Accepted (execution started) on at least one criterion: its own or the requesting state's.
        var incoming = Incoming(RequestType.TransferOfProceedings, None, new Person(Suspect, PersonRole.Accused));
        Assert.That(StartingExecution.Decide(incoming, new(), Prosecutor, None).Refusal?.Rule, Is.EqualTo("transfer-of-proceedings-needs-forum-criteria"), "not accepted without one");
        incoming = incoming.Then(new ForumCriteriaRecorded(incoming.Id, [ForumCriterion.OffenceCommitted], false, "RO", Now));
        Assert.That(StartingExecution.Decide(incoming, new(), Prosecutor, None).IsRefused, Is.False);
    }

    [Test]
    public void Transfer_of_proceedings_is_refused_when_the_receiving_state_has_a_final_judgment()
    {
        // Requesting: the receiving state's final judgment for the same acts bars recording the transfer.
        var transfer = Outgoing(RequestType.TransferOfProceedings, new Person(Suspect, PersonRole.Accused));
        var refusal = RecordingForumCriteria.Decide(transfer, new([ForumCriterion.OffenderNationality], "Judged in Romania.", FinalJudgmentForSameActs: true), Prosecutor).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("transfer-of-proceedings-ne-bis-in-idem"));
        Assert.That(refusal.LegalSource, Does.Contain("ICCPR art. 14(7)"));

        // Requested: recorded, then the transfer cannot be accepted, only declined with the reason code ne-bis-in-idem.
        var incoming = Incoming(RequestType.TransferOfProceedings, None, new Person(Suspect, PersonRole.Accused));
        incoming = incoming.Apply(RecordingForumCriteria.Decide(incoming, new([ForumCriterion.OffenceCommitted], "Judged here in 2024.", FinalJudgmentForSameActs: true), Prosecutor));
        var barred = StartingExecution.Decide(incoming, new(), Prosecutor, None).Refusal!;
        Assert.That(barred.Rule, Is.EqualTo("transfer-of-proceedings-ne-bis-in-idem"));
        Assert.That(barred.Next, Does.Contain("/refusal"));
        incoming = incoming.Apply(RefusingRequest.Decide(incoming, new(RefusalGrounds.NeBisInIdem, "Final judgment of 2024."), Prosecutor));
        Assert.That(Codes.Of(incoming.Refusal!.Value), Is.EqualTo(DeclineReasons.NeBisInIdem), "the reason code that crosses");
        Assert.That(DeclineReasons.All, Does.Contain(DeclineReasons.NeBisInIdem));
    }

    [Test]
    public void A_partners_answer_to_a_request_to_return_proceeds_is_recorded_once()
    {
        var file = OpenedFile();
        var requestId = Guid.NewGuid();
        var granted = new HearingProceedsReturnAnswer.HearProceedsAnswer(requestId, "RO", ProceedsOutcome.PartlyGranted, new Money(2000m, "EUR"), "EUR", Now);
        Assert.That(HearingProceedsReturnAnswer.Decide(file, granted with { Returned = null }, Prosecutor).Refusal?.Rule, Is.EqualTo("proceeds-return-amount"), "a grant names the amount");
        file = file.Apply(HearingProceedsReturnAnswer.Decide(file, granted, Prosecutor));
        Assert.That(file.ProceedsReturnAnswers!.Single().Returned, Is.EqualTo(new Money(2000m, "EUR")));
        Assert.That(HearingProceedsReturnAnswer.Decide(file, granted, Prosecutor).Events, Is.Empty, "a redelivered answer is not recorded twice");
    }
}
