namespace TransnationalReferral.Protection.Tests;

/// <summary>Safety plans, support plans, reviews, closure and reopening.</summary>
public class PlanRules
{
    private static readonly SafetyPlanAction[] Actions = [new(SafetyAction.SecureCommunication, "nl-ngo", Now.AddDays(2)), new(SafetyAction.AccompaniedMovement, "nl-police", Now.AddDays(7))];

    private static SafetyPlanning.AgreeSafetyPlan SafetyPlan(bool agreed = true, bool guardian = false) => new(Actions, agreed, guardian);

    private static AgreeSupportPlan SupportPlan(bool agreed = true, bool guardian = false) =>
        new([SupportGoal.SafeHousing, SupportGoal.Employment], [Need.EmploymentAndTraining], Now.AddMonths(3), agreed, guardian);

    [Test]
    public void A_safety_plan_answers_an_assessed_risk_and_is_agreed_with_the_person()
    {
        Assert.That(SafetyPlanning.Decide(Entitled(), SafetyPlan(), Worker).Refusal?.Rule, Is.EqualTo("safety-plan-answers-risk"));
        Assert.That(SafetyPlanning.Decide(Entitled().WithRisk(), SafetyPlan(agreed: false), Worker).Refusal?.Rule, Is.EqualTo("safety-plan-agreed-with-person"));
        Assert.That(SafetyPlanning.Decide(Entitled().WithRisk(), new SafetyPlanning.AgreeSafetyPlan([new(SafetyAction.DigitalSafety, "nl-ngo", Now)], true), Worker).Refusal?.Rule,
            Is.EqualTo("safety-action-due-in-future"));
    }

    [Test]
    public void Each_safety_plan_revision_is_kept_with_its_number()
    {
        var state = Entitled().WithRisk();
        state = state.Apply(SafetyPlanning.Decide(state, SafetyPlan(), Worker));
        var revised = SafetyPlanning.Decide(state, new SafetyPlanning.AgreeSafetyPlan([.. Actions, new(SafetyAction.ProtectionOrder, "nl-court", Now.AddDays(14))], true), Worker);
        state = state.Apply(revised);
        Assert.That(state.SafetyPlan!.Revision, Is.EqualTo(2));
        Assert.That(state.SafetyPlan.Actions, Has.Count.EqualTo(3));
        Assert.That(revised.Events.Single(), Is.TypeOf<SafetyPlanAgreed>());
    }

    [Test]
    public void A_childs_plans_need_the_best_interests_assessment_and_the_guardian()
    {
        var child = Entitled(ChildStatus.Child).WithRisk();
        Assert.That(SafetyPlanning.Decide(child, SafetyPlan(guardian: true), Worker).Refusal?.Rule, Is.EqualTo("child-best-interests-first"));
        child = child.Then(new BestInterestsAssessmentNoted(child.Id, Now, Now));
        Assert.That(SafetyPlanning.Decide(child, SafetyPlan(guardian: true), Worker).Refusal?.Rule, Is.EqualTo("child-needs-guardian"));
        child = child.Then(new GuardianNoted(child.Id, "nl-guardianship", Now));
        Assert.That(SafetyPlanning.Decide(child, SafetyPlan(guardian: false), Worker).Refusal?.Rule, Is.EqualTo("child-plan-needs-guardian"));
        Assert.That(Decide(child, SupportPlan(guardian: false), Worker).Refusal?.Rule, Is.EqualTo("child-plan-needs-guardian"));
        Assert.That(SafetyPlanning.Decide(child, SafetyPlan(guardian: true), Worker).IsRefused, Is.False);
        Assert.That(Decide(child, SupportPlan(guardian: true), Worker).IsRefused, Is.False);
    }

    [Test]
    public void An_age_assessment_that_finds_an_adult_lifts_the_child_rules()
    {
        var state = Entitled(ChildStatus.PresumedChild).WithRisk().Then(new ChildStatusNoted(Guid.Empty, ChildStatus.Adult, Now));
        Assert.That(SafetyPlanning.Decide(state, SafetyPlan(), Worker).IsRefused, Is.False);
    }

    [Test]
    public void A_support_plan_is_agreed_with_the_person_with_a_review_within_a_year()
    {
        Assert.That(Decide(Entitled(), SupportPlan(agreed: false), Worker).Refusal?.Rule, Is.EqualTo("support-plan-agreed-with-person"));
        Assert.That(Decide(Entitled(), SupportPlan() with { NextReviewBy = Now.AddMonths(13) }, Worker).Refusal?.Rule, Is.EqualTo("support-plan-review-date"));
        Assert.That(Decide(Entitled(), new ReviewSupportPlan(ReviewOutcome.OnTrack, "x", Now.AddMonths(3)), Worker).Refusal?.Rule, Is.EqualTo("support-plan-first"));
    }

    [Test]
    public void A_review_answers_the_open_reviews_of_the_case()
    {
        var state = Entitled();
        state = state.Apply(Decide(state, SupportPlan(), Worker)).Then(new CaseReviewOpened(state.Id, "residence-permit-expired", Now));
        Assert.That(Decide(state, new ReviewSupportPlan(ReviewOutcome.OnTrack, "x", null), Worker).Refusal?.Rule, Is.EqualTo("support-plan-review-date"));
        state = state.Apply(Decide(state, new ReviewSupportPlan(ReviewOutcome.NeedsRevision, "Housing fell through", Now.AddMonths(2)), Worker));
        Assert.That(state.OpenReviews, Is.Empty);
        Assert.That(state.SupportPlan!.NextReviewBy, Is.EqualTo(Now.AddMonths(2)));
        Assert.That(state.SupportPlan.Reviews.Single().Outcome, Is.EqualTo(ReviewOutcome.NeedsRevision));
    }

    [Test]
    public void A_case_closes_with_no_open_referral_or_protective_measure_and_goals_achieved_only_after_a_review_found_them()
    {
        var referralId = Guid.NewGuid();
        var state = Entitled().Then(new ReferralRequested(Guid.Empty, referralId, "nl-shelter-a", Need.SafeAccommodation, Guid.NewGuid(), Now));
        var close = new CloseCase(ClosureReason.GoalsAchieved, "Independent living, employed");
        Assert.That(Decide(state, close, Worker).Refusal?.Rule, Is.EqualTo("referrals-still-open"));
        state = state.Then(new ReferralAnswered(Guid.Empty, referralId, true, Now), new ReferralConcluded(Guid.Empty, referralId, true, Now));
        var measureId = Guid.NewGuid();
        state = state.WithRisk().Then(new WitnessProtectionGranted(Guid.Empty, measureId, [WitnessMeasure.PoliceEscort], false, Now));
        Assert.That(Decide(state, close, Worker).Refusal?.Rule, Is.EqualTo("witness-protection-active"));
        state = state.Then(new WitnessProtectionEnded(Guid.Empty, measureId, Now));
        Assert.That(Decide(state, close, Worker).Refusal?.Rule, Is.EqualTo("closure-goals-reviewed"));
        state = state.Apply(Decide(state, SupportPlan(), Worker));
        state = state.Apply(Decide(state, new ReviewSupportPlan(ReviewOutcome.GoalsAchieved, "Goals met", null), Worker));
        state = state.Apply(Decide(state, close, Worker));
        Assert.That(state.Stage, Is.EqualTo(ProtectionStage.Closed));
        Assert.That(state.Closure!.Reason, Is.EqualTo(ClosureReason.GoalsAchieved));
    }

    [Test]
    public void A_closed_case_takes_no_decision_until_it_is_reopened()
    {
        var state = Entitled().WithRisk();
        Assert.That(Decide(state, new ReopenCase("x"), Worker).Refusal?.Rule, Is.EqualTo("case-not-closed"));
        state = state.Apply(Decide(state, new CloseCase(ClosureReason.ContactLost, "No contact for 6 months"), Worker));
        Assert.That(SafetyPlanning.Decide(state, SafetyPlan(), Worker).Refusal?.Rule, Is.EqualTo("case-closed"));
        Assert.That(AssessingNeeds.Decide(state, new AssessingNeeds.AssessNeeds([Need.Medical]), Worker).Refusal?.Rule, Is.EqualTo("case-closed"));
        state = state.Apply(Decide(state, new ReopenCase("The person came back to the NGO"), Worker));
        Assert.That(state.Stage, Is.EqualTo(ProtectionStage.Entitled));
        Assert.That(SafetyPlanning.Decide(state, SafetyPlan(), Worker).IsRefused, Is.False);
    }

    [Test]
    public void No_closure_reason_is_about_cooperating_with_the_authorities() =>
        Assert.That(Enum.GetNames<ClosureReason>(), Has.None.Contains("Cooperat").And.None.Contains("Testimony").And.None.Contains("Prosecution"));
}
