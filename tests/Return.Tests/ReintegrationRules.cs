namespace TransnationalReferral.Return.Tests;

/// <summary>The country of return's side: reception in order, a plan agreed with the person, monitoring within 12 months.</summary>
public class ReintegrationRules
{
    private static readonly DateTimeOffset Now = Given.Now;
    private static readonly DecisionContext Romania = new(new Actor("ro-1", "FocalPoint", "ro-anitp", "RO"), Now);

    private static IncomingReturn Received() => IncomingReturn.Fold(null, new ReceptionRequestReceived(Guid.NewGuid(), Guid.NewGuid(), "NL", "RO", false, false, true, Now.AddDays(-20)))!;

    private static IncomingReturn Apply(IncomingReturn s, Decision d)
    {
        Assert.That(d.Refusal, Is.Null, d.Refusal?.Detail);
        return d.Events.Aggregate(s, (x, e) => IncomingReturn.Fold(x, e)!);
    }

    private static IncomingReturn Arrived()
    {
        var s = Apply(Received(), Decide(Received(), new Acknowledge(), Romania));
        s = Apply(s, Decide(s, new ArrangeReception("ro-anitp", true, true), Romania));
        return Apply(s, Decide(s, new RecordArrival(), Romania));
    }

    [Test]
    public void Reception_goes_in_order_acknowledged_arranged_arrived()
    {
        Assert.That(Decide(Received(), new ArrangeReception("ro-anitp", true, true), Romania).Refusal?.Rule, Is.EqualTo("reception-acknowledge-first"));
        Assert.That(Decide(Received(), new RecordArrival(), Romania).Refusal?.Rule, Is.EqualTo("reception-not-arranged"));
        Assert.That(Arrived().Stage, Is.EqualTo(IncomingStage.Arrived));
    }

    [Test]
    public void Monitoring_contacts_are_within_12_months_of_arrival_and_the_plan_is_agreed_with_the_person()
    {
        var arrived = Arrived();
        var plan = new AgreePlan([ReintegrationGoal.Employment], ["ro-adpare"], [Now.AddMonths(1), Now.AddMonths(13)], true);
        Assert.That(Decide(arrived, plan, Romania, Guid.NewGuid).Refusal?.Rule, Is.EqualTo("monitoring-within-12-months"));
        Assert.That(Decide(arrived, plan with { MonitoringContacts = [Now.AddMonths(1)], AgreedWithPerson = false }, Romania, Guid.NewGuid).Refusal?.Rule, Is.EqualTo("reintegration-plan-agreed-with-person"));
        Assert.That(Decide(Received(), plan with { MonitoringContacts = [Now.AddMonths(1)] }, Romania, Guid.NewGuid).Refusal?.Rule, Is.EqualTo("reintegration-after-arrival"));
        var running = Apply(arrived, Decide(arrived, plan with { MonitoringContacts = [Now.AddMonths(6), Now.AddMonths(1), Now.AddMonths(12)] }, Romania, Guid.NewGuid));
        Assert.That(running.Contacts!.Select(c => c.DueBy), Is.EqualTo(new[] { Now.AddMonths(1), Now.AddMonths(6), Now.AddMonths(12) }));
        var first = running.Contacts![0].ContactId;
        running = Apply(running, Decide(running, new HoldContact(ContactOutcome.Stable, "Working at the bakery", first), Romania));
        Assert.That(Decide(running, new HoldContact(ContactOutcome.Stable, "again", first), Romania).Refusal?.Rule, Is.EqualTo("monitoring-contact-held"));
        running = Apply(running, Decide(running, new CloseReintegration(ReintegrationOutcome.Sustainable, "12 months stable"), Romania));
        Assert.That(running.Stage, Is.EqualTo(IncomingStage.Closed));
    }
}
