namespace TransnationalReferral.Identification.Tests;

public class ConclusiveGroundsAndChildrenRules
{
    private static readonly NotifiedParty[] Everyone = [NotifiedParty.Person, NotifiedParty.FirstResponder, NotifiedParty.SupportProvider];

    [Test]
    public void A_conclusive_decision_follows_reasonable_grounds()
    {
        var signalled = Signalled(organisation: "p", sex: Sex.Male, owner: "o");
        Assert.That(Decide(signalled, new DecideConclusiveGrounds(Outcome.Identified, "x"), FocalPoint, Options).Refusal?.Rule, Is.EqualTo("conclusive-after-reasonable-grounds"));
        Assert.That(PresumedVictim().Apply(Decide(PresumedVictim(), new DecideConclusiveGrounds(Outcome.Identified, "x"), FocalPoint, Options)).Stage, Is.EqualTo(CaseStage.Identified));
    }

    [Test]
    public void A_negative_decision_records_that_person_first_responder_and_support_provider_were_notified()
    {
        var refused = Decide(PresumedVictim(), new DecideConclusiveGrounds(Outcome.NotIdentified, "x", [NotifiedParty.Person]), FocalPoint, Options);
        Assert.That(refused.Refusal?.Rule, Is.EqualTo("negative-decision-notification"));
        Assert.That(refused.Refusal!.Detail, Does.Contain("first-responder").And.Contain("support-provider"));
        var accepted = (VictimNotIdentified)Decide(PresumedVictim(), new DecideConclusiveGrounds(Outcome.NotIdentified, "x", Everyone), FocalPoint, Options).Events.Single();
        Assert.That(accepted.Notified, Is.EquivalentTo(Everyone));
    }

    [TestCase(ReconsiderationRequester.Employer)]
    [TestCase(ReconsiderationRequester.Person)]
    [TestCase(ReconsiderationRequester.Other)]
    public void Reconsideration_requested_by_a_non_eligible_party_is_refused(ReconsiderationRequester requester)
    {
        var negative = PresumedVictim().Apply(Decide(PresumedVictim(), new DecideConclusiveGrounds(Outcome.NotIdentified, "x", Everyone), FocalPoint, Options));
        Assert.That(Decide(negative, new RequestReconsideration(requester, "new facts"), FocalPoint).Refusal?.Rule, Is.EqualTo("reconsideration-eligible-requester"));
    }

    [TestCase(ReconsiderationRequester.FirstResponder)]
    [TestCase(ReconsiderationRequester.SupportProvider)]
    public void Reconsideration_on_request_of_the_first_responder_or_support_provider_reopens_the_decision(ReconsiderationRequester requester)
    {
        var negative = PresumedVictim().Apply(Decide(PresumedVictim(), new DecideConclusiveGrounds(Outcome.NotIdentified, "x", Everyone), FocalPoint, Options));
        var reopened = negative.Apply(Decide(negative, new RequestReconsideration(requester, "Witness statement found"), FocalPoint));
        Assert.That(reopened.Stage, Is.EqualTo(CaseStage.UnderReconsideration));
        Assert.That(Decide(reopened, new DecideConclusiveGrounds(Outcome.Identified, "x"), FocalPoint, Options).IsRefused, Is.False);
    }

    [Test]
    public void A_childs_conclusive_decision_without_guardian_and_best_interests_is_refused()
    {
        var child = PresumedVictim(AgeGroup.From12To17);
        Assert.That(Decide(child, new DecideConclusiveGrounds(Outcome.Identified, "x"), FocalPoint, Options).Refusal?.Rule, Is.EqualTo("child-guardian-and-best-interests-first"));

        Assert.That(AssessingBestInterests.Decide(child, new AssessingBestInterests.RecordBestInterestsAssessment("x"), FocalPoint).Refusal?.Rule, Is.EqualTo("best-interests-with-guardian"));
        child = child.Apply(AppointingGuardian.Decide(child, new AppointingGuardian.AppointGuardian("nl-nidos", "G-2026-0117"), FocalPoint));
        child = child.Apply(AssessingBestInterests.Decide(child, new AssessingBestInterests.RecordBestInterestsAssessment("Stay with foster family"), FocalPoint));
        Assert.That(Decide(child, new DecideConclusiveGrounds(Outcome.Identified, "x"), FocalPoint, Options).IsRefused, Is.False);
    }

    [Test]
    public void An_uncertain_age_is_decided_by_an_age_assessment_only()
    {
        var presumed = PresumedVictim(AgeGroup.Unknown);
        var adult = presumed.Apply(RecordingAgeAssessment.Decide(presumed, new RecordingAgeAssessment.RecordAgeAssessment(RecordingAgeAssessment.AssessedAs.Adult, "medical", "x"), FocalPoint));
        Assert.That(adult.ChildStatus, Is.EqualTo(ChildStatus.Adult));
        Assert.That(RecordingAgeAssessment.Decide(adult, new RecordingAgeAssessment.RecordAgeAssessment(RecordingAgeAssessment.AssessedAs.Child, "m", "x"), FocalPoint).Refusal?.Rule, Is.EqualTo("age-assessment-when-age-uncertain"));
    }

    [Test]
    public void No_share_with_the_country_the_person_claims_protection_against()
    {
        var state = PresumedVictim();
        state = state.Apply(ClaimingInternationalProtection.Decide(state, new ClaimingInternationalProtection.RecordInternationalProtectionClaim("NG"), FocalPoint));
        var share = SharingCase.Decide(state, new SharingCase.ShareCase(SharePurpose.ReturnAndReintegration, Now.AddDays(10), "NG", null, "MLA request"), FocalPoint);
        Assert.That(share.Refusal?.Rule, Is.EqualTo("non-refoulement-no-contact"));
    }
}
