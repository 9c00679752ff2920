using TransnationalReferral.Protection.Cases;
using static TransnationalReferral.Protection.Cases.ProtectingWitnesses;
using static TransnationalReferral.Protection.Tests.Given;

namespace TransnationalReferral.Protection.Tests;

public class WitnessProtectionRules
{
    private static readonly RequestRelocation ToBelgium = new("BE", ForFamilyMembers: true, "Traffickers' network active in the region of residence");

    [Test]
    public void Protective_measures_answer_an_assessed_risk()
    {
        var grant = new GrantWitnessProtection([WitnessMeasure.IdentityProtectionInProceedings, WitnessMeasure.TestimonyByVideoLink], true, "Threats to family");
        Assert.That(Decide(Entitled(), grant, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("witness-protection-answers-risk"));
        var state = Entitled().WithRisk();
        var measureId = Guid.NewGuid();
        state = state.Apply(Decide(state, grant, measureId, Worker));
        Assert.That(state.WitnessProtection!.Single().ForFamilyMembers, Is.True);
        state = state.Apply(Decide(state, measureId, new EndWitnessProtection("Trial concluded"), Worker));
        Assert.That(state.WitnessProtection!.Single().EndedAt, Is.EqualTo(Now));
    }

    [Test]
    public void Relocation_to_another_state_needs_consent_to_transfer_to_that_state()
    {
        var state = Entitled().WithRisk();
        Assert.That(Decide(state, ToBelgium, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        Assert.That(Decide(state.WithConsent("person", "cross-border-transfer", jurisdictions: ["DE"]), ToBelgium, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        Assert.That(Decide(state.WithConsent("person", "referral-to-services"), ToBelgium, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("relocation-needs-consent"));
        var requested = Decide(state.WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]), ToBelgium, Guid.NewGuid(), Worker);
        Assert.That(requested.Events.OfType<RelocationRequested>().Single().ToJurisdiction, Is.EqualTo("BE"));
    }

    [Test]
    public void Relocation_answers_a_medium_or_high_risk_and_goes_to_another_state()
    {
        var consented = Entitled().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE", "NL"]);
        Assert.That(Decide(consented.WithRisk(RiskLevel.Low), ToBelgium, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("relocation-answers-risk"));
        Assert.That(Decide(consented.WithRisk(), ToBelgium with { ToJurisdiction = "NL" }, Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("relocation-to-another-state"));
    }

    [Test]
    public void A_childs_relocation_needs_the_guardians_consent() =>
        Assert.That(Decide(ChildReady().WithRisk().WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]), ToBelgium, Guid.NewGuid(), Worker).Refusal?.Rule,
            Is.EqualTo("relocation-needs-consent"));
}
