using TransnationalReferral.Identification.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using static TransnationalReferral.Identification.Cases.RecognisingPresumedVictim;

namespace TransnationalReferral.Identification.Tests;

public class ReasonableGroundsRules
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly IdentificationOptions Options = new();
    private static DecisionContext As(string role) => new(new Actor("u1", role, "nl-focal-point", "NL"), Now);

    private static IdentificationCase Informed()
    {
        var opened = IdentificationCase.Fold(null, new CaseOpened(Guid.NewGuid(), Guid.NewGuid(), SignalSource.Police, "nl-police", "NL", Sex.Female, AgeGroup.From18To24, ChildStatus.Adult, Now, "nl-focal-point"))!;
        return IdentificationCase.Fold(opened, new InformationOnRightsRecorded(opened.Id, true, true, true, InformationFormat.Oral, true, Now))!;
    }

    [Test]
    public void Reasonable_grounds_start_a_reflection_period_of_at_least_30_days()
    {
        var decision = Decide(Informed(), new RecognisePresumedVictim("Indicators of labour exploitation"), As("FocalPoint"), Options);
        var period = decision.Events.OfType<ReflectionPeriodStarted>().Single();
        Assert.That(decision.Events[0], Is.TypeOf<PresumedVictimRecognised>());
        Assert.That(period.EndsAt - period.StartsAt, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [TestCase(29)]
    [TestCase(7)]
    [TestCase(0)]
    public void Reflection_period_shorter_than_30_days_is_refused(int days)
    {
        var decision = Decide(Informed(), new RecognisePresumedVictim("x", days), As("FocalPoint"), Options);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("reflection-period-minimum"));
        Assert.That(decision.Refusal!.Detail, Does.Contain("at least 30 days (Council of Europe Convention, art. 13)"));
    }

    [Test]
    public void A_longer_reflection_period_is_accepted() =>
        Assert.That(Decide(Informed(), new RecognisePresumedVictim("x", 90), As("FocalPoint"), Options).Events.OfType<ReflectionPeriodStarted>().Single().EndsAt, Is.EqualTo(Now.AddDays(90)));

    [Test]
    public void Reasonable_grounds_by_a_non_competent_role_is_refused() =>
        Assert.That(Decide(Informed(), new RecognisePresumedVictim("x"), As("CaseWorker"), Options).Refusal?.Rule, Is.EqualTo("reasonable-grounds-by-competent-authority"));

    [Test]
    public void A_decision_before_information_on_rights_is_refused()
    {
        var notInformed = IdentificationCase.Fold(null, new CaseOpened(Guid.NewGuid(), Guid.NewGuid(), SignalSource.Ngo, "ngo", "NL", Sex.Male, AgeGroup.From25To34, ChildStatus.Adult, Now, "nl-focal-point"))!;
        Assert.That(Decide(notInformed, new RecognisePresumedVictim("x"), As("FocalPoint"), Options).Refusal?.Rule, Is.EqualTo("information-before-identification-decision"));
    }

    [Test]
    public void A_person_is_recognised_once()
    {
        var state = Informed();
        state = Decide(state, new RecognisePresumedVictim("x"), As("FocalPoint"), Options).Events.Aggregate(state, (s, e) => IdentificationCase.Fold(s, e)!);
        Assert.That(Decide(state, new RecognisePresumedVictim("x"), As("FocalPoint"), Options).Refusal?.Rule, Is.EqualTo("already-recognised"));
        Assert.That(state.ReflectionPeriod!.IsRunning, Is.True);
    }

    private static IdentificationCase Recognised()
    {
        var state = Informed();
        return Decide(state, new RecognisePresumedVictim("x"), As("FocalPoint"), Options).Events.Aggregate(state, (s, e) => IdentificationCase.Fold(s, e)!);
    }

    [Test]
    public void An_extension_moves_the_end_and_needs_a_running_period()
    {
        var state = Recognised();
        var extended = (ReflectionPeriodExtended)ExtendingReflectionPeriod.Decide(state, new ExtendingReflectionPeriod.ExtendReflectionPeriod(30, "Medical treatment ongoing"), As("FocalPoint")).Events.Single();
        Assert.That(extended.EndsAt, Is.EqualTo(Now.AddDays(60)));
        Assert.That(ExtendingReflectionPeriod.Decide(Informed(), new ExtendingReflectionPeriod.ExtendReflectionPeriod(30, "x"), As("FocalPoint")).Refusal?.Rule, Is.EqualTo("reflection-period-not-running"));
    }

    [TestCase(ReflectionPeriodEndReason.PersonsInformedChoice)]
    [TestCase(ReflectionPeriodEndReason.PublicOrder)]
    [TestCase(ReflectionPeriodEndReason.VictimStatusClaimedImproperly)]
    public void The_period_ends_early_only_on_the_grounds_the_Convention_allows(ReflectionPeriodEndReason reason)
    {
        var state = Recognised();
        var ended = (ReflectionPeriodEnded)EndingReflectionPeriodEarly.Decide(state, new EndingReflectionPeriodEarly.EndReflectionPeriod(reason, "reasons"), As("FocalPoint")).Events.Single();
        Assert.That(ended.Reason, Is.EqualTo(reason));
        state = IdentificationCase.Fold(state, ended)!;
        Assert.That(state.ReflectionPeriod!.IsRunning, Is.False);
    }

    [Test]
    public void Ending_a_period_early_as_if_it_had_expired_is_refused() =>
        Assert.That(EndingReflectionPeriodEarly.Decide(Recognised(), new EndingReflectionPeriodEarly.EndReflectionPeriod(ReflectionPeriodEndReason.Expired, "x"), As("FocalPoint")).Refusal?.Rule,
            Is.EqualTo("reflection-period-early-end-grounds"));
}
