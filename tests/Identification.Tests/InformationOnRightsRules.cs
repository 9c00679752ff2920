namespace TransnationalReferral.Identification.Tests;

public class InformationOnRightsRules
{
    private static readonly DecisionContext Context = As("CaseWorker", "nl-ngo");

    private static IdentificationCase Case(ChildStatus childStatus) => Signalled(AgeGroup.Unknown, childStatus, sex: Sex.Male, owner: "nl-police");

    [TestCase(false, true, true)]
    [TestCase(true, false, true)]
    [TestCase(true, true, false)]
    public void Information_must_cover_rights_assistance_and_the_reflection_period(bool rights, bool assistance, bool reflection)
    {
        var decision = Decide(Case(ChildStatus.Adult), new RecordInformationOnRights(rights, assistance, reflection, InformationFormat.Oral, false), Context);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("information-on-rights-complete"));
    }

    [TestCase(ChildStatus.Child)]
    [TestCase(ChildStatus.PresumedChild)]
    public void Information_to_a_child_must_be_child_friendly(ChildStatus status)
    {
        var refused = Decide(Case(status), new RecordInformationOnRights(true, true, true, InformationFormat.Written, false), Context);
        var accepted = Decide(Case(status), new RecordInformationOnRights(true, true, true, InformationFormat.ChildFriendly, false), Context);

        Assert.That(refused.Refusal?.Rule, Is.EqualTo("child-friendly-information"));
        Assert.That(refused.Refusal!.LegalSource, Does.Contain("art. 10(4)"));
        Assert.That(accepted.Events.Single(), Is.TypeOf<InformationOnRightsRecorded>());
    }

    [Test]
    public void An_adult_can_be_informed_orally_with_an_interpreter()
    {
        var decision = Decide(Case(ChildStatus.Adult), new RecordInformationOnRights(true, true, true, InformationFormat.Oral, true), Context);
        var recorded = (InformationOnRightsRecorded)decision.Events.Single();
        Assert.That(recorded.InterpreterUsed, Is.True);
    }
}
