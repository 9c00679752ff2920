namespace TransnationalReferral.Identification.Tests;

/// <summary>Pure domain rules of opening a case: no database, no HTTP.</summary>
public class OpeningCaseRules
{
    private static OpenCase Signal(string jurisdiction = "NL", AgeGroup age = AgeGroup.From25To34, bool? isChild = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), SignalSource.LabourInspection, "nl-labour-inspectorate", jurisdiction, Sex.Female, age, isChild);

    [Test]
    public void A_signal_opens_a_case_with_a_pseudonymous_victim_id()
    {
        var command = Signal();
        var decision = Decide(null, command, FocalPoint);

        Assert.That(decision.IsRefused, Is.False);
        var opened = decision.Events.Single() as CaseOpened;
        Assert.That(opened, Is.Not.Null);
        Assert.That(opened!.CaseId, Is.EqualTo(command.CaseId));
        Assert.That(opened.VictimId, Is.EqualTo(command.VictimId));
        Assert.That(opened.Jurisdiction, Is.EqualTo("NL"));
        Assert.That(opened.OpenedAt, Is.EqualTo(FocalPoint.Now));
    }

    [Test]
    public void A_signal_for_another_jurisdiction_is_refused()
    {
        var decision = Decide(null, Signal(jurisdiction: "BE"), FocalPoint);

        Assert.That(decision.Refusal?.Rule, Is.EqualTo("case-in-own-jurisdiction"));
        Assert.That(decision.Refusal!.Detail, Does.Contain("BE").And.Contain("NL"));
        Assert.That(decision.Events, Is.Empty);
    }

    [TestCase(AgeGroup.Unknown, null, ChildStatus.PresumedChild)]
    [TestCase(AgeGroup.Unknown, false, ChildStatus.PresumedChild)]
    [TestCase(AgeGroup.From18To24, true, ChildStatus.PresumedChild)]
    [TestCase(AgeGroup.From12To17, false, ChildStatus.Child)]
    [TestCase(AgeGroup.Under12, null, ChildStatus.Child)]
    [TestCase(AgeGroup.From25To34, null, ChildStatus.Adult)]
    [TestCase(AgeGroup.From25To34, false, ChildStatus.Adult)]
    public void Uncertain_age_is_presumed_to_be_a_child(AgeGroup age, bool? isChild, ChildStatus expected)
    {
        var opened = (CaseOpened)Decide(null, Signal(age: age, isChild: isChild), FocalPoint).Events.Single();
        Assert.That(opened.ChildStatus, Is.EqualTo(expected));
    }

    [Test]
    public void Organisation_jurisdiction_and_reasons_are_validated_with_the_field_named()
    {
        var errors = Validate(new OpenCaseRequest(SignalSource.Ngo, new string('x', 101), "XX", Sex.Unknown, AgeGroup.Unknown, Reasons: new string('r', 4001)));

        Assert.That(errors, Is.Not.Null);
        Assert.That(errors!.Keys, Is.EquivalentTo(new[] { "signallingOrganisation", "jurisdiction", "reasons" }));
    }

    [Test]
    public void Fold_replays_a_case_from_its_events()
    {
        var opened = (CaseOpened)Decide(null, Signal(age: AgeGroup.Unknown), FocalPoint).Events.Single();
        var state = IdentificationCase.Fold(null, opened)!;
        var informed = (InformationOnRightsRecorded)RecordingInformationOnRights.Decide(state,
            new RecordingInformationOnRights.RecordInformationOnRights(true, true, true, InformationFormat.ChildFriendly, true), FocalPoint).Events.Single();
        state = IdentificationCase.Fold(state, informed)!;

        Assert.That(state.Stage, Is.EqualTo(CaseStage.Informed));
        Assert.That(state.IsTreatedAsChild, Is.True);
        Assert.That(state.InformationOnRights, Is.EqualTo(new InformationOnRights(true, InformationFormat.ChildFriendly, FocalPoint.Now)));
    }
}
