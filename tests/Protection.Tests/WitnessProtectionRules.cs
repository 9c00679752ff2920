namespace TransnationalReferral.Protection.Tests;

public class WitnessProtectionRules
{
    private static readonly RequestRelocation ToBelgium = new("BE", ForFamilyMembers: true, "Traffickers' network active in the region of residence");

    [Test]
    public void Protective_measures_answer_an_assessed_risk()
    {
        var grant = new GrantWitnessProtection([WitnessMeasure.IdentityProtectionInProceedings, WitnessMeasure.TestimonyByVideoLink], true, "Threats to family");
        Assert.That(Decide(Entitled(), grant, Worker).Refusal?.Rule, Is.EqualTo("witness-protection-answers-risk"));
        var state = Entitled().WithRisk();
        var measureId = Guid.NewGuid();
        state = state.Apply(Decide(state, grant with { MeasureId = measureId }, Worker));
        Assert.That(state.WitnessProtection!.Single().ForFamilyMembers, Is.True);
        state = state.Apply(Decide(state, new EndWitnessProtection("Trial concluded", measureId), Worker));
        Assert.That(state.WitnessProtection!.Single().EndedAt, Is.EqualTo(Now));
    }

    [Test]
    public void Relocation_to_another_state_needs_consent_to_transfer_to_that_state()
    {
        var state = Entitled().WithRisk();
        Assert.That(Decide(state, ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        Assert.That(Decide(state.WithConsent("person", "cross-border-transfer", jurisdictions: ["DE"]), ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        Assert.That(Decide(state.WithConsent("person", "referral-to-services"), ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        var requested = Decide(state.WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]), ToBelgium, Worker);
        Assert.That(requested.Events.OfType<RelocationRequested>().Single().ToJurisdiction, Is.EqualTo("BE"));
    }

    [Test]
    public void Relocation_answers_a_medium_or_high_risk_and_goes_to_another_state()
    {
        var consented = Entitled().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE", "NL"]);
        Assert.That(Decide(consented.WithRisk(RiskLevel.Low), ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("relocation-answers-risk"));
        Assert.That(Decide(consented.WithRisk(), ToBelgium with { ToJurisdiction = "NL" }, Worker).Refusal?.Rule, Is.EqualTo("relocation-to-another-state"));
    }

    [Test]
    public void A_childs_relocation_needs_the_guardians_consent() =>
        Assert.That(Decide(ChildReady().WithRisk().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]), ToBelgium, Worker).Refusal?.Rule,
            Is.EqualTo("relocation-needs-consent"));
}

public class ProtectionAcrossBordersRules
{
    private static readonly ContinuingProtection.RequestContinuity ToBelgium = new("BE", [Need.SafeAccommodation, Need.Psychological], "Moving to Liège");

    [Test]
    public void Continuity_needs_consent_to_transfer_to_that_state_and_never_goes_to_a_country_of_claimed_protection()
    {
        var state = Entitled();
        Assert.That(ContinuingProtection.Decide(state, ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        Assert.That(ContinuingProtection.Decide(state.WithConsent("person", "cross-border-transfer", jurisdictions: ["DE"]), ToBelgium, Worker).Refusal?.Rule,
            Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        var consented = state.WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]);
        Assert.That(ContinuingProtection.Decide(consented.Then(new ProtectionClaimNoted(state.Id, "BE", Now)), ToBelgium, Worker).Refusal?.Rule,
            Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(Decide(consented.WithRisk().Then(new ProtectionClaimNoted(state.Id, "BE", Now)), new RequestRelocation("BE", false, "Threats"), Worker).Refusal?.Rule,
            Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(ContinuingProtection.Decide(consented, ToBelgium with { ToJurisdiction = "NL" }, Worker).Refusal?.Rule, Is.EqualTo("continuity-to-another-state"));
        var requested = consented.Apply(ContinuingProtection.Decide(consented, ToBelgium, Worker));
        Assert.That(requested.ContinuityRequests!.Single().Services, Is.EqualTo(new[] { Need.SafeAccommodation, Need.Psychological }));
        Assert.That(ContinuingProtection.Decide(requested, ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("continuity-already-requested"));
    }

    [Test]
    public void Continuity_may_be_asked_after_the_case_closed_because_the_person_moved_but_not_after_other_closures()
    {
        var consented = Entitled().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]);
        Assert.That(ContinuingProtection.Decide(consented.Then(new ProtectionCaseClosed(consented.Id, ClosureReason.MovedToAnotherJurisdiction, Now)), ToBelgium, Worker).Refusal, Is.Null);
        Assert.That(ContinuingProtection.Decide(consented.Then(new ProtectionCaseClosed(consented.Id, ClosureReason.GoalsAchieved, Now)), ToBelgium, Worker).Refusal?.Rule, Is.EqualTo("case-closed"));
    }

    [Test]
    public void A_partners_answer_is_recorded_once_and_only_from_the_state_asked()
    {
        var state = Entitled().WithRisk().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]);
        var requestId = Guid.NewGuid();
        state = state.Apply(Decide(state, new RequestRelocation("BE", false, "Threats") with { RequestId = requestId }, Worker));
        Assert.That(RecordingRelocationAnswer.Decide(state, new(requestId, "DE", RelocationStatus.Accepted), Worker).Refusal?.Rule, Is.EqualTo("relocation-answer-from-addressee"));
        state = state.Apply(RecordingRelocationAnswer.Decide(state, new(requestId, "BE", RelocationStatus.Accepted), Worker));
        Assert.That(RecordingRelocationAnswer.Decide(state, new(requestId, "BE", RelocationStatus.Accepted), Worker).Events, Is.Empty, "a repeated answer changes nothing");
        state = state.Apply(RecordingRelocationAnswer.Decide(state, new(requestId, "BE", RelocationStatus.Arranged), Worker));
        Assert.That(RecordingRelocationAnswer.Decide(state, new(requestId, "BE", RelocationStatus.Declined, "other"), Worker).Events, Is.Empty, "an arranged relocation stays arranged");
        Assert.That(state.Relocations!.Single().Status, Is.EqualTo(RelocationStatus.Arranged));
    }
}
