namespace TransnationalReferral.Protection.Tests;

public class AssistanceRules
{
    private static readonly DecisionContext Worker = new(new Actor("w", "CaseWorker", "nl-ngo", "NL"), DateTimeOffset.UnixEpoch);

    private static ProtectionCase Opened() => ProtectionCase.Fold(null, new ProtectionCaseOpened(Guid.NewGuid(), Guid.NewGuid(), "NL", ChildStatus.Adult, DateTimeOffset.UnixEpoch))!;
    private static ProtectionCase Entitled() => ProtectionCase.Fold(Opened(), new AssistanceEntitled(Guid.Empty, DateTimeOffset.UnixEpoch))!;
    private static ProtectionCase Apply(ProtectionCase state, Decision decision) => decision.Events.Aggregate(state, (s, e) => ProtectionCase.Fold(s, e)!);

    [Test]
    public void Needs_are_assessed_once_the_person_is_entitled() =>
        Assert.That(Decide(Opened(), new AssessNeeds([Need.Medical]), Worker).Refusal?.Rule, Is.EqualTo("assistance-from-reasonable-grounds"));

    [Test]
    public void Every_reassessment_is_a_new_revision()
    {
        var state = Apply(Entitled(), Decide(Entitled(), new AssessNeeds([Need.SafeAccommodation, Need.Medical]), Worker));
        state = Apply(state, Decide(state, new AssessNeeds([Need.SafeAccommodation, Need.LegalAid]), Worker));
        state = Apply(state, Decide(state, new AssessRisk(RiskLevel.High, [RiskFactor.ReTrafficking], FamilyAtRisk: true), Worker));
        Assert.That(state.Needs!.Revision, Is.EqualTo(2));
        Assert.That(state.Needs.Needs, Is.EqualTo(new[] { Need.SafeAccommodation, Need.LegalAid }));
        Assert.That(state.Risk!.Revision, Is.EqualTo(3));
    }

    [Test]
    public void A_medium_or_high_risk_names_its_factors() =>
        Assert.That(Decide(Entitled(), new AssessRisk(RiskLevel.High, [], false), Worker).Refusal?.Rule, Is.EqualTo("risk-factors-named"));

    [TestCase(CooperationStatus.Withdrawn)]
    [TestCase(CooperationStatus.Declined)]
    public void Cooperation_status_changes_nothing_but_itself(CooperationStatus status)
    {
        var state = Apply(Entitled(), Decide(Entitled(), new AssessNeeds([Need.Psychological]), Worker));
        state = Apply(state, Decide(state, new AssessRisk(RiskLevel.Medium, [RiskFactor.WitnessIntimidation], false), Worker));
        var after = Apply(state, Decide(state, new NoteCooperationStatus(status), Worker));
        Assert.That(after, Is.EqualTo(state with { Cooperation = status }), "entitlement, needs and risk are untouched");
        Assert.That(after.Stage, Is.EqualTo(ProtectionStage.Entitled));
    }
}
