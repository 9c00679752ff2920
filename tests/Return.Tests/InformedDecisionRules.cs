namespace TransnationalReferral.Return.Tests;

/// <summary>An informed, voluntary decision: information on every option, time to reflect, consent that can be withdrawn.</summary>
public class InformedDecisionRules
{
    private static readonly ReturnOption[] AllOptions = [ReturnOption.Stay, ReturnOption.Return, ReturnOption.ThirdCountry];

    [Test]
    public void The_information_covers_every_option_rights_services_and_risks()
    {
        var refused = Decide(Requested(), new ProvideInformation("ro", [ReturnOption.Return], true, true, true), FocalPoint).Refusal!;
        Assert.That(refused.Rule, Is.EqualTo("return-information-complete"));
        Assert.That(refused.Detail, Does.Contain("stay").And.Contain("third-country"));
        Assert.That(Decide(Requested(), new ProvideInformation("ro", AllOptions, true, true, false), FocalPoint).Refusal?.Rule, Is.EqualTo("return-information-complete"));
        Assert.That(Decide(Requested(), new ProvideInformation("ro", AllOptions, true, true, true), FocalPoint).IsRefused, Is.False);
    }

    [Test]
    public void Consent_before_the_minimum_reflection_time_is_refused()
    {
        var informed = Requested().Apply(Decide(Requested(), new ProvideInformation("ro", AllOptions, true, true, true), FocalPoint));
        var early = Decide(informed, new GiveConsent(ConsentGiver.Person), At(Now.AddDays(6)), Reflection);
        Assert.That(early.Refusal?.Rule, Is.EqualTo("return-minimum-reflection-time"));
        Assert.That(early.Refusal!.Detail, Does.Contain("7 days"));
        Assert.That(Decide(informed, new GiveConsent(ConsentGiver.Person), At(Now.AddDays(7)), Reflection).IsRefused, Is.False);
        Assert.That(Decide(Requested(), new GiveConsent(ConsentGiver.Person), FocalPoint, Reflection).Refusal?.Rule, Is.EqualTo("return-information-first"));
    }

    [Test]
    public void Withdrawal_of_consent_stops_the_return()
    {
        var ready = Ready().ReadyToDepart();
        var withdrawn = Decide(ready, new WithdrawConsent("Wants to stay and testify"), FocalPoint);
        Assert.That(withdrawn.Events.OfType<ReturnBlocked>().Single().Gate, Is.EqualTo("consent-withdrawn"));
        var stopped = ready.Apply(withdrawn);
        Assert.That(stopped.Stage, Is.EqualTo(ReturnStage.Stopped));
        Assert.That(Decide(stopped, new Depart(), FocalPoint).Refusal?.Rule, Is.EqualTo("return-not-in-preparation"));
        Assert.That(Decide(stopped, new RequestReception(RequestId: Guid.NewGuid()), FocalPoint).Refusal?.Rule, Is.EqualTo("return-not-in-preparation"));
        // A new consent (after the reflection time) resumes the preparation; the closed gate opens again.
        var resumed = stopped.Apply(Decide(stopped, new GiveConsent(ConsentGiver.Person), FocalPoint, Reflection));
        Assert.That(resumed.Stage, Is.EqualTo(ReturnStage.Preparing));
        Assert.That(Decide(resumed, new Depart(), FocalPoint).IsRefused, Is.False);
    }

    [Test]
    public void A_return_is_requested_once_to_another_country_and_closed_with_a_fitting_outcome()
    {
        Assert.That(Decide(File(), new RequestReturn("NL", ReturnReason.PersonsWish), FocalPoint).Refusal?.Rule, Is.EqualTo("return-to-another-country"));
        Assert.That(Decide(Requested(), new RequestReturn("RO", ReturnReason.PersonsWish), FocalPoint).Refusal?.Rule, Is.EqualTo("return-already-requested"));
        Assert.That(Decide(File(), new ProvideInformation("ro", AllOptions, true, true, true), FocalPoint).Refusal?.Rule, Is.EqualTo("return-not-requested"));
        Assert.That(Decide(Ready(), new CloseReturn(ReturnClosure.Returned, "x"), FocalPoint).Refusal?.Rule, Is.EqualTo("return-closure-outcome"));
        Assert.That(Decide(Ready(), new CloseReturn(ReturnClosure.PersonStays, "Residence permit granted"), FocalPoint).IsRefused, Is.False);
        var departed = Ready().ReadyToDepart().Apply(Decide(Ready().ReadyToDepart(), new Depart(), FocalPoint));
        Assert.That(Decide(departed, new CloseReturn(ReturnClosure.Returned, "x"), FocalPoint).Refusal?.Rule, Is.EqualTo("return-awaiting-arrival"));
        Assert.That(Decide(departed, new WithdrawConsent(), FocalPoint).Refusal?.Rule, Is.EqualTo("return-already-departed"));
    }

    [Test]
    public void A_return_for_an_ended_status_needs_that_status_to_have_ended()
    {
        Assert.That(Decide(File(), new RequestReturn("RO", ReturnReason.ReflectionPeriodEnded), FocalPoint).Refusal?.Rule, Is.EqualTo("return-reason-recorded"));
        Assert.That(Decide(File(), new RequestReturn("RO", ReturnReason.ResidencePermitEnded), FocalPoint).Refusal?.Rule, Is.EqualTo("return-reason-recorded"));
        Assert.That(Decide(File(), new RequestReturn("RO", ReturnReason.SpecialStatusEnded), FocalPoint).Refusal?.Rule, Is.EqualTo("return-reason-recorded"));
        var ended = File().Apply(Decide(File(), new NoteEndedStatus(ReturnReason.ReflectionPeriodEnded, Now), FocalPoint));
        Assert.That(Decide(ended, new RequestReturn("RO", ReturnReason.ReflectionPeriodEnded), FocalPoint).IsRefused, Is.False);
        Assert.That(Decide(File(), new RequestReturn("RO", ReturnReason.PersonsWish), FocalPoint).IsRefused, Is.False);
    }
}
