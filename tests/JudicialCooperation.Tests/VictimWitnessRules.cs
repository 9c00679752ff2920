namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>A victim-witness named in open proceedings (published for Return), the proceedings closed, and how the witness is reached after a return.</summary>
public class VictimWitnessRules
{
    private static Decision Name(CaseFile file, string reference = "OM-2026-118", ProceedingsRole role = ProceedingsRole.VictimWitness) =>
        NamingVictimWitness.Decide(file, new NamingVictimWitness.NameVictimWitness(reference, role), Prosecutor);

    private static Decision Close(CaseFile file, string reference = "OM-2026-118") =>
        ClosingWitnessProceedings.Decide(file, new ClosingWitnessProceedings.CloseWitnessProceedings(reference), Prosecutor);

    [Test]
    public void A_victim_witness_named_in_open_proceedings_is_published_once_by_its_file_reference()
    {
        var file = OpenedFile();
        var named = Name(file).Events.OfType<VictimWitnessNamed>().Single();
        Assert.That((named.ProceedingsReference, named.Role, named.Jurisdiction), Is.EqualTo(("OM-2026-118", ProceedingsRole.VictimWitness, "NL")));
        var contract = new Integration.Outgoing().ToIntegrationEvent(new JasperFx.Events.Event<VictimWitnessNamed>(named));
        Assert.That(contract, Is.EqualTo(new Contracts.JudicialCooperation.VictimWitnessNamed(file.Id, "NL", "OM-2026-118", "victim-witness", Now)));
        var after = file.Apply(Name(file));
        Assert.That(Name(after).Events, Is.Empty, "named once");
    }

    [Test]
    public void Proceedings_reference_format()
    {
        foreach (var bad in new[] { "", "trial against Mr X", new string('1', 101) })
            Assert.That(Name(OpenedFile(), bad).Refusal?.Rule, Is.EqualTo("proceedings-reference-format"), bad);
        Assert.That(Close(OpenedFile(), "with spaces").Refusal?.Rule, Is.EqualTo("proceedings-reference-format"));
    }

    [Test]
    public void Victim_witness_already_named()
    {
        var named = OpenedFile().Apply(Name(OpenedFile()));
        var refusal = Name(named, role: ProceedingsRole.Victim).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("victim-witness-already-named"));
        Assert.That(refusal.Next, Is.EqualTo("POST /api/judicial/cases/{caseId}/witness-proceedings/closure"));
        var closed = named.Apply(Close(named));
        Assert.That(Name(closed, role: ProceedingsRole.Victim).Events.OfType<VictimWitnessNamed>(), Has.Exactly(1).Items, "closed: named again in another role");
    }

    [Test]
    public void Witness_proceedings_unknown()
    {
        var refusal = Close(OpenedFile()).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("witness-proceedings-unknown"));
        Assert.That(refusal.Next, Is.EqualTo("POST /api/judicial/cases/{caseId}/witness-proceedings"));
        var named = OpenedFile().Apply(Name(OpenedFile()));
        var closed = named.Apply(Close(named));
        Assert.That(closed.Proceedings!.Single().IsOpen, Is.False);
        Assert.That(Close(closed).Events, Is.Empty, "closed once");
    }

    [Test]
    public void A_returned_witness_is_reached_through_the_country_of_return()
    {
        var file = OpenedFile();
        var departing = file.Apply(UpdatingWitnessReach.Decide(file, new(WitnessReach.Departing, "RO", false), Prosecutor));
        Assert.That(departing.Reach, Is.EqualTo(new WitnessReachView(WitnessReach.Departing, "RO", false, Now)));
        var reached = departing.Apply(UpdatingWitnessReach.Decide(departing, new(WitnessReach.ThroughFocalPoint, "RO", true), Prosecutor));
        Assert.That(reached.Reach, Is.EqualTo(new WitnessReachView(WitnessReach.ThroughFocalPoint, "RO", true, Now)));
        Assert.That(UpdatingWitnessReach.Decide(reached, new(WitnessReach.ThroughFocalPoint, "RO", true), Prosecutor).Events, Is.Empty, "heard once");
    }
}
