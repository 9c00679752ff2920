namespace TransnationalReferral.Identification.Tests;

public class ReasonableGroundsRules
{
    private static IdentificationCase Informed() => Signalled(AgeGroup.From18To24).Informed();

    [Test]
    public void Reasonable_grounds_start_a_reflection_period_of_at_least_30_days()
    {
        var decision = Decide(Informed(), new RecognisePresumedVictim("Indicators of labour exploitation"), FocalPoint, Options);
        var period = decision.Events.OfType<ReflectionPeriodStarted>().Single();
        Assert.That(decision.Events[0], Is.TypeOf<PresumedVictimRecognised>());
        Assert.That(period.EndsAt - period.StartsAt, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [TestCase(29)]
    [TestCase(7)]
    [TestCase(0)]
    public void Reflection_period_shorter_than_30_days_is_refused(int days)
    {
        var decision = Decide(Informed(), new RecognisePresumedVictim("x", days), FocalPoint, Options);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("reflection-period-minimum"));
        Assert.That(decision.Refusal!.Detail, Does.Contain("at least 30 days (Council of Europe Convention, art. 13)"));
    }

    [Test]
    public void A_longer_reflection_period_is_accepted() =>
        Assert.That(Decide(Informed(), new RecognisePresumedVictim("x", 90), FocalPoint, Options).Events.OfType<ReflectionPeriodStarted>().Single().EndsAt, Is.EqualTo(Now.AddDays(90)));

    [Test]
    public void Reasonable_grounds_by_a_non_competent_role_is_refused() =>
        Assert.That(Decide(Informed(), new RecognisePresumedVictim("x"), As("CaseWorker"), Options).Refusal?.Rule, Is.EqualTo("reasonable-grounds-by-competent-authority"));

    [Test]
    public void A_decision_before_information_on_rights_is_refused()
    {
        var notInformed = Signalled(source: SignalSource.Ngo, organisation: "ngo", sex: Sex.Male);
        Assert.That(Decide(notInformed, new RecognisePresumedVictim("x"), FocalPoint, Options).Refusal?.Rule, Is.EqualTo("information-before-identification-decision"));
    }

    [Test]
    public void A_person_is_recognised_once()
    {
        var state = Informed();
        state = state.Apply(Decide(state, new RecognisePresumedVictim("x"), FocalPoint, Options));
        Assert.That(Decide(state, new RecognisePresumedVictim("x"), FocalPoint, Options).Refusal?.Rule, Is.EqualTo("already-recognised"));
        Assert.That(state.ReflectionPeriod!.IsRunning, Is.True);
    }

    private static IdentificationCase Recognised() => PresumedVictim(AgeGroup.From18To24);

    [Test]
    public void An_extension_moves_the_end_and_needs_a_running_period()
    {
        var state = Recognised();
        var extended = (ReflectionPeriodExtended)ExtendingReflectionPeriod.Decide(state, new ExtendingReflectionPeriod.ExtendReflectionPeriod(30, "Medical treatment ongoing"), FocalPoint).Events.Single();
        Assert.That(extended.EndsAt, Is.EqualTo(Now.AddDays(60)));
        Assert.That(ExtendingReflectionPeriod.Decide(Informed(), new ExtendingReflectionPeriod.ExtendReflectionPeriod(30, "x"), FocalPoint).Refusal?.Rule, Is.EqualTo("reflection-period-not-running"));
    }

    [TestCase(ReflectionPeriodEndReason.PersonsInformedChoice)]
    [TestCase(ReflectionPeriodEndReason.PublicOrder)]
    [TestCase(ReflectionPeriodEndReason.VictimStatusClaimedImproperly)]
    public void The_period_ends_early_only_on_the_grounds_the_Convention_allows(ReflectionPeriodEndReason reason)
    {
        var state = Recognised();
        var ended = (ReflectionPeriodEnded)EndingReflectionPeriodEarly.Decide(state, new EndingReflectionPeriodEarly.EndReflectionPeriod(reason, "reasons"), FocalPoint).Events.Single();
        Assert.That(ended.Reason, Is.EqualTo(reason));
        state = state.Then(ended);
        Assert.That(state.ReflectionPeriod!.IsRunning, Is.False);
    }

    [Test]
    public void Ending_a_period_early_as_if_it_had_expired_is_refused() =>
        Assert.That(EndingReflectionPeriodEarly.Decide(Recognised(), new EndingReflectionPeriodEarly.EndReflectionPeriod(ReflectionPeriodEndReason.Expired, "x"), FocalPoint).Refusal?.Rule,
            Is.EqualTo("reflection-period-early-end-grounds"));
}
