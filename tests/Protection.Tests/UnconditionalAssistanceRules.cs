namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Assistance is never conditional on cooperation with the police or prosecution (CETS 197 art. 12(6)):
/// every protection decision gives the same answer — same events or same refusal — whatever the person's
/// cooperation status.
/// </summary>
public class UnconditionalAssistanceRules
{
    private static readonly Guid ReferralId = Guid.NewGuid();

    /// <summary>Every decision the service takes on a case, each on a case where it is possible.</summary>
    private static IEnumerable<(string Name, Func<ProtectionCase, Decision> Decide)> AllDecisions()
    {
        yield return ("assess needs", s => AssessingNeeds.Decide(s, new AssessingNeeds.AssessNeeds([Need.Medical, Need.LegalAid]), Worker));
        yield return ("assess risk", s => AssessingRisk.Decide(s, new AssessingRisk.AssessRisk(RiskLevel.High, [RiskFactor.ReTrafficking], true), Worker));
        yield return ("safety plan", s => SafetyPlanning.Decide(s, new SafetyPlanning.AgreeSafetyPlan([new(SafetyAction.SecureCommunication, "nl-ngo", Now.AddDays(3))], true), Worker));
        yield return ("request referral", s => Referring.Decide(s, new Referring.RequestReferral("nl-shelter-b", Need.SafeAccommodation) { ReferralId = ReferralId }, Worker, Provider("nl-shelter-b")));
        yield return ("accept referral", s => AnsweringReferral.Decide(s, new AnsweringReferral.AnswerReferral(true) { ReferralId = s.Referrals![0].ReferralId }, Worker));
        yield return ("residence permit", s => TrackingResidenceStatus.Decide(s, new(TrackingResidenceStatus.PermitDecision.Renewed, "victim-temporary", Now.AddDays(365), "Renewed"), Worker));
        yield return ("witness protection", s => GrantingWitnessProtection.Decide(s, new GrantingWitnessProtection.GrantWitnessProtection([WitnessMeasure.PhysicalProtection], false, "Threats", ReferralId), Worker));
        yield return ("relocation", s => RequestingRelocation.Decide(s, new RequestingRelocation.RequestRelocation("BE", false, "Network in region", ReferralId), Worker));
        yield return ("support plan", s => AgreeingSupportPlan.Decide(s, new AgreeingSupportPlan.AgreeSupportPlan([SupportGoal.Employment], [Need.EmploymentAndTraining], Now.AddMonths(3), true), Worker));
        yield return ("close", s => ClosingProtectionCase.Decide(s, new ClosingProtectionCase.CloseCase(ClosureReason.PersonDeclinedFurtherAssistance, "Wishes no further contact"), Worker));
    }

    private static ProtectionCase Running() => Entitled()
        .WithConsent("person").WithConsent("person", "cross-border-transfer", jurisdictions: ["BE"]).WithRisk()
        .Then(new ReferralRequested(Guid.Empty, Guid.NewGuid(), "nl-shelter-a", Need.SafeAccommodation, Guid.NewGuid(), Now),
              new ResidencePermitIssued(Guid.Empty, "victim-temporary", Now.AddDays(30), Now));

    private static string Describe(Decision d) => d.Refusal is { } r ? $"refused {r.Rule}" : string.Join(", ", d.Events.Select(e => e.ToString()));

    [TestCase(CooperationStatus.Withdrawn)]
    [TestCase(CooperationStatus.Declined)]
    [TestCase(CooperationStatus.Cooperating)]
    public void Every_decision_is_the_same_whatever_the_cooperation_status(CooperationStatus status)
    {
        foreach (var baseline in new[] { Running(), Opened(), ChildReady().WithRisk() })
        {
            var withStatus = baseline.Apply(NotingCooperationStatus.Decide(baseline, new NotingCooperationStatus.NoteCooperationStatus(status), Worker));
            foreach (var (name, decide) in AllDecisions())
            {
                if (name == "accept referral" && baseline.Referrals is not { Count: > 0 }) continue;
                Assert.That(Describe(decide(withStatus)), Is.EqualTo(Describe(decide(baseline))), $"{name} on a {baseline.Stage} case with cooperation {status}");
            }
        }
    }

    [Test]
    public void Cooperation_withdrawn_leaves_every_referral_and_the_entitlement_as_they_were()
    {
        var state = Running();
        var after = state.Apply(NotingCooperationStatus.Decide(state, new NotingCooperationStatus.NoteCooperationStatus(CooperationStatus.Withdrawn), Worker));
        Assert.That(after with { Cooperation = null }, Is.EqualTo(state));
        Assert.That(after.Referrals, Is.EqualTo(state.Referrals));
        Assert.That(after.Stage, Is.EqualTo(ProtectionStage.Entitled));
    }
}
