namespace TransnationalReferral.Protection.Tests;

public class OpeningProtectionCaseRules
{
    private static readonly DecisionContext System = new(Actor.System("protection", "NL"), DateTimeOffset.UnixEpoch);

    [Test]
    public void A_case_opened_by_Identification_opens_a_protection_case_awaiting_entitlement()
    {
        var command = new OpenProtectionCase(Guid.NewGuid(), Guid.NewGuid(), "NL", ChildStatus.PresumedChild);
        var opened = (ProtectionCaseOpened)Decide(null, command, System).Events.Single();
        var state = ProtectionCase.Fold(null, opened)!;

        Assert.That(state.Id, Is.EqualTo(command.CaseId));
        Assert.That(state.Stage, Is.EqualTo(ProtectionStage.AwaitingEntitlement));
        Assert.That(state.ChildStatus, Is.EqualTo(ChildStatus.PresumedChild));
    }

    [Test]
    public void Opening_an_open_case_again_does_nothing()
    {
        var command = new OpenProtectionCase(Guid.NewGuid(), Guid.NewGuid(), "NL", ChildStatus.Adult);
        var state = ProtectionCase.Fold(null, Decide(null, command, System).Events.Single());

        var again = Decide(state, command, System);
        Assert.That(again.IsRefused, Is.False);
        Assert.That(again.Events, Is.Empty);
    }

    [Test]
    public void A_case_cannot_move_to_another_jurisdiction_by_reopening()
    {
        var state = ProtectionCase.Fold(null, Decide(null, new OpenProtectionCase(Guid.NewGuid(), Guid.NewGuid(), "NL", ChildStatus.Adult), System).Events.Single())!;
        var moved = Decide(state, new OpenProtectionCase(state.Id, state.VictimId, "BE", ChildStatus.Adult), System);

        Assert.That(moved.Refusal?.Rule, Is.EqualTo("case-jurisdiction-fixed"));
        Assert.That(moved.Refusal!.Kind, Is.EqualTo(RefusalKind.StateConflict));
    }
}
