namespace TransnationalReferral.JudicialCooperation.Tests;

public class RequestRules
{
    private static readonly AssessImpact Impact = new(RiskLevel.Medium, [ProtectiveMeasure.VideoTestimony, ProtectiveMeasure.NoFaceToFace], Modality.VideoConference, "Fear of the suspect's family");

    [Test]
    public void Request_with_a_victim_witness_and_no_impact_assessment_is_refused()
    {
        var outgoing = Outgoing();
        Assert.That(Decide(outgoing, new Send(), Prosecutor, TimeSpan.FromDays(90)).Refusal?.Rule, Is.EqualTo("victim-impact-assessment-first"));
        var sent = Decide(outgoing.Apply(Decide(outgoing, Impact, Prosecutor)), new Send(), Prosecutor, TimeSpan.FromDays(90));
        Assert.That(sent.Events.OfType<RequestSent>().Single().RespondBy, Is.EqualTo(Now.AddDays(90)));

        var incoming = Incoming(RequestType.MlaTestimony, None, new Person(Victim, PersonRole.Victim));
        Assert.That(Decide(incoming, new StartExecution(), Prosecutor, None).Refusal?.Rule, Is.EqualTo("victim-impact-assessment-first"));
        Assert.That(Decide(incoming.Apply(Decide(incoming, Impact, Prosecutor)), new StartExecution(), Prosecutor, None).IsRefused, Is.False);
        Assert.That(Decide(Outgoing(RequestType.MlaRecords, new Person(Suspect, PersonRole.Suspect)), new Send(), Prosecutor, TimeSpan.FromDays(90)).IsRefused, Is.False, "no victim, no assessment needed");
    }

    [Test]
    public void Surrender_without_victim_notification_is_refused()
    {
        var extradition = Incoming(RequestType.Extradition, None, new Person(Victim, PersonRole.Victim), new Person(Suspect, PersonRole.PersonSought));
        var surrender = new DecideOffenderMovement(Movement.Surrender, "Extradition granted by the court");
        Assert.That(Decide(extradition, surrender, Prosecutor).Refusal?.Rule, Is.EqualTo("surrender-needs-victim-safety-assessment"));
        extradition = extradition.Apply(Decide(extradition, new AssessVictimSafety(Victim, RiskLevel.High, "The offender's network is in her town"), Prosecutor));
        var refusal = Decide(extradition, surrender, Prosecutor).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("surrender-needs-victim-notification"));
        Assert.That(refusal.LegalSource, Does.Contain("2012/29/EU art. 6"));
        extradition = extradition.Apply(Decide(extradition, new NotifyVictim(Victim, Movement.Surrender, NotifiedThrough.Lawyer), Prosecutor));
        Assert.That(Decide(extradition, surrender, Prosecutor).Events.OfType<OffenderMovementDecided>().Single().Movement, Is.EqualTo(Movement.Surrender));
    }

    [Test]
    public void Execution_of_a_request_about_a_recognised_victim_without_non_punishment_review_is_refused()
    {
        var recognised = new HashSet<Guid> { Suspect };
        var registration = Decide(null, new RegisterIncoming(Guid.NewGuid(), RequestType.TransferOfProceedings, "NL", "RO", false, [new Person(Suspect, PersonRole.Accused)], [], Now.AddDays(30)), Prosecutor, recognised);
        Assert.That(registration.Events.OfType<NonPunishmentReviewRequired>().Single().CaseId, Is.EqualTo(Suspect), "flagged on arrival");

        var request = Incoming(RequestType.TransferOfProceedings, recognised, new Person(Suspect, PersonRole.Accused));
        var refusal = Decide(request, new StartExecution(), Prosecutor, recognised).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("non-punishment-review-first"));
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 26"));

        var compelled = request.Apply(Decide(request, new ReviewNonPunishment(Suspect, true, "Forced to sell drugs by the trafficker"), Prosecutor));
        Assert.That(Decide(compelled, new StartExecution(), Prosecutor, recognised).Refusal?.Rule, Is.EqualTo("non-punishment"));
        Assert.That(Decide(compelled, new Refuse(RefusalGrounds.NonPunishment, "Non-punishment"), Prosecutor).IsRefused, Is.False);

        var notCompelled = request.Apply(Decide(request, new ReviewNonPunishment(Suspect, false, "Offence unrelated, committed years later"), Prosecutor))
            .Then(new ForumCriteriaRecorded(request.Id, [ForumCriterion.OffenceCommitted], false, "RO", Now)); // (a transfer of proceedings is accepted on a forum criterion)
        Assert.That(Decide(notCompelled, new StartExecution(), Prosecutor, recognised).IsRefused, Is.False);
    }

    [Test]
    public void A_person_recognised_after_the_request_arrived_is_reviewed_before_execution_too()
    {
        var request = Incoming(RequestType.Extradition, None, new Person(Suspect, PersonRole.PersonSought));
        Assert.That(Decide(request, new StartExecution(), Prosecutor, new HashSet<Guid> { Suspect }).Refusal?.Rule, Is.EqualTo("non-punishment-review-first"));
    }

    [Test]
    public void Handling_code_no_onward_sharing_blocks_forwarding_to_a_third_jurisdiction()
    {
        var s = Outgoing(RequestType.MlaRecords, new Person(Suspect, PersonRole.Suspect));
        var bankRecords = Guid.NewGuid();
        var phoneRecords = Guid.NewGuid();
        s = s.Apply(Decide(s, new AddAttachment("OM-2026-441/bank", Classification.Confidential, Handling.NoOnwardSharing, false) { AttachmentId = bankRecords }, Prosecutor));
        s = s.Apply(Decide(s, new AddAttachment("OM-2026-441/phone", Classification.Restricted, Handling.PurposeOnly, false) { AttachmentId = phoneRecords }, Prosecutor));
        Assert.That(Decide(s, new Forward("BG", [bankRecords, phoneRecords], "Related investigation in Bulgaria"), Prosecutor).Refusal?.Rule, Is.EqualTo("handling-no-onward-sharing"));
        Assert.That(Decide(s, new Forward("RO", [phoneRecords], "x"), Prosecutor).Refusal?.Rule, Is.EqualTo("forward-to-third-state"));
        Assert.That(Decide(s, new Forward("BG", [phoneRecords], "Related investigation in Bulgaria"), Prosecutor).IsRefused, Is.False);
    }

    [Test]
    public void Victim_personal_data_is_disclosed_only_with_a_legal_basis_and_never_forwarded()
    {
        var s = Outgoing();
        Assert.That(Decide(s, new AddAttachment("OM-2026-441/statement", Classification.Secret, Handling.PurposeOnly, true) { AttachmentId = Guid.NewGuid() }, Prosecutor).Refusal?.Rule, Is.EqualTo("victim-data-needs-legal-basis"));
        var statement = Guid.NewGuid();
        s = s.Apply(Decide(s, new AddAttachment("OM-2026-441/statement", Classification.Secret, Handling.PurposeOnly, true, "UNTOC art. 18(3)(a); consent recorded 2026-11-02") { AttachmentId = statement }, Prosecutor));
        Assert.That(Decide(s, new Forward("BG", [statement], "x"), Prosecutor).Refusal?.Rule, Is.EqualTo("victim-data-not-forwarded"));
    }

    [Test]
    public void A_victim_testifies_by_video_conference_unless_they_ask_otherwise()
    {
        var s = Outgoing();
        Assert.That(Decide(s, new ScheduleTestimony(Victim, Modality.VideoConference, Now.AddDays(20)), Prosecutor).Refusal?.Rule, Is.EqualTo("victim-impact-assessment-first"));
        s = s.Apply(Decide(s, Impact, Prosecutor));
        Assert.That(Decide(s, new ScheduleTestimony(Victim, Modality.InPerson, Now.AddDays(20)), Prosecutor).Refusal?.Rule, Is.EqualTo("victim-testimony-by-video"));
        Assert.That(Decide(s, new ScheduleTestimony(Victim, Modality.InPerson, Now.AddDays(20), VictimAskedOtherwise: true), Prosecutor).IsRefused, Is.False);
        Assert.That(Decide(s, new ScheduleTestimony(Suspect, Modality.VideoConference, Now.AddDays(20)), Prosecutor).Refusal?.Rule, Is.EqualTo("testimony-of-a-victim"));
        s = s.Apply(Decide(s, new ScheduleTestimony(Victim, Modality.VideoConference, Now.AddDays(20)), Prosecutor));
        s = s.Apply(Decide(s, new RecordTestimonyHeld(Victim), Prosecutor));
        Assert.That(s.Testimonies!.Single().HeldAt, Is.EqualTo(Now));
    }

    [Test]
    public void A_joint_investigation_team_and_a_transfer_of_proceedings_are_recorded_as_such()
    {
        var jit = Incoming(RequestType.JointInvestigationTeam, None, new Person(Suspect, PersonRole.Suspect));
        var established = Decide(jit, new EstablishJit(["BG"]), Prosecutor).Events.OfType<JitEstablished>().Single();
        Assert.That(established.MemberJurisdictions, Is.EqualTo(new[] { "BG", "NL", "RO" }));

        var transfer = Incoming(RequestType.TransferOfProceedings, None, new Person(Suspect, PersonRole.Accused));
        transfer = transfer.Apply(RecordingForumCriteria.Decide(transfer, new([ForumCriterion.OffenderPresence], "The accused lives in Rotterdam."), Prosecutor));
        transfer = transfer.Apply(Decide(transfer, new StartExecution(), Prosecutor, None));
        var completed = Decide(transfer, new Complete(false, "Proceedings taken over by OM Rotterdam"), Prosecutor);
        Assert.That(completed.Events.OfType<ProceedingsTransferred>().Single().ToJurisdiction, Is.EqualTo("NL"));
    }

    [Test]
    public void Assets_move_from_frozen_to_confiscated_to_disposed_only()
    {
        var file = OpenedFile();
        var asset = Guid.NewGuid();
        Assert.That(RecordingAsset.Decide(file, new RecordingAsset.RecordAsset(asset, AssetStage.Disposed, 100m, "EUR", "x"), Prosecutor).Refusal?.Rule, Is.EqualTo("asset-unknown"));
        var frozen = RecordingAsset.Decide(file, new RecordingAsset.RecordAsset(asset, AssetStage.Frozen, 50_000m, "EUR", "Seizure order"), Prosecutor);
        file = file.Apply(frozen);
        Assert.That(RecordingAsset.Decide(file, new RecordingAsset.RecordAsset(asset, AssetStage.Frozen, 50_000m, "EUR", "x"), Prosecutor).Refusal?.Rule, Is.EqualTo("asset-stage-order"));
        Assert.That(RecordingAsset.Decide(file, new RecordingAsset.RecordAsset(asset, AssetStage.Confiscated, 48_000m, "EUR", "Confiscation order"), Prosecutor).IsRefused, Is.False);
        Assert.That(RecordingCooperationStatus.Decide(file, new RecordingCooperationStatus.RecordCooperationStatus(CooperationStatus.Withdrawn), Prosecutor).Events.Single(), Is.TypeOf<CooperationStatusRecorded>());
    }

    [Test]
    public void A_counterparts_answer_that_tells_nothing_new_has_no_effect()
    {
        var sent = Outgoing().Sent();
        Assert.That(Decide(sent, new HearAnswer("BG", new RequestAcknowledged(sent.Id, Direction.Outgoing, "NL", Now)), Prosecutor).Refusal?.Rule, Is.EqualTo("answer-unexpected"));
        var acknowledged = sent.Apply(Decide(sent, new HearAnswer("RO", new RequestAcknowledged(sent.Id, Direction.Outgoing, "NL", Now)), Prosecutor));
        Assert.That(Decide(acknowledged, new HearAnswer("RO", new RequestAcknowledged(sent.Id, Direction.Outgoing, "NL", Now)), Prosecutor).Events, Is.Empty, "acknowledged twice");
        var executing = acknowledged.Apply(Decide(acknowledged, new HearAnswer("RO", new RequestExecutionStarted(sent.Id, Now)), Prosecutor));
        Assert.That(executing.Stage, Is.EqualTo(RequestStage.UnderExecution));
        Assert.That(Decide(executing, new HearAnswer("RO", new RequestAcknowledged(sent.Id, Direction.Outgoing, "NL", Now)), Prosecutor).Events, Is.Empty, "a late acknowledgement");
        Assert.That(Decide(executing, new HearAnswer("RO", new RequestExecutionStarted(sent.Id, Now)), Prosecutor).Events, Is.Empty);
        var held = executing.Apply(Decide(executing, new HearAnswer("RO", new TestimonyHeld(sent.Id, Victim, Modality.VideoConference, Now)), Prosecutor));
        Assert.That(held.Testimonies!.Single().HeldAt, Is.EqualTo(Now), "the testimony the requested state held, as its answer says");
        Assert.That(Decide(held, new HearAnswer("RO", new TestimonyHeld(sent.Id, Victim, Modality.VideoConference, Now)), Prosecutor).Events, Is.Empty);
        var executed = held.Apply(Decide(held, new HearAnswer("RO", new RequestExecuted(sent.Id, Direction.Outgoing, "NL", false, Now)), Prosecutor));
        Assert.That(Decide(executed, new HearAnswer("RO", new RequestRefused(sent.Id, Direction.Outgoing, "NL", RefusalGrounds.Other, Now)), Prosecutor).Events, Is.Empty, "concluded");
    }

    [Test]
    public void A_testimony_held_heard_after_the_execution_is_still_recorded_once()
    {
        var sent = Outgoing().Sent();
        var executing = sent.Apply(Decide(sent, new HearAnswer("RO", new RequestExecutionStarted(sent.Id, Now)), Prosecutor));
        // The two answers cross the border separately: the execution arrives first.
        var executed = executing.Apply(Decide(executing, new HearAnswer("RO", new RequestExecuted(sent.Id, Direction.Outgoing, "NL", false, Now)), Prosecutor));
        var held = executed.Apply(Decide(executed, new HearAnswer("RO", new TestimonyHeld(sent.Id, Victim, Modality.VideoConference, Now.AddMinutes(-5))), Prosecutor));
        Assert.That((held.Stage, held.Testimonies!.Single().HeldAt), Is.EqualTo((RequestStage.Executed, Now.AddMinutes(-5))), "recorded, the request still executed");
        Assert.That(Decide(held, new HearAnswer("RO", new TestimonyHeld(sent.Id, Victim, Modality.VideoConference, Now.AddMinutes(-5))), Prosecutor).Events, Is.Empty, "once");
    }
}
