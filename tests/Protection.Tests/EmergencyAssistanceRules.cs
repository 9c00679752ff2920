using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Help from the first signal (CETS 197 art. 12(1), 12(6), 10(2); UNODC paper ¶11(c), 14): emergency help is recorded and
/// referred on the case the signal opened, before any identification decision, and is never conditional — not on the
/// reasonable-grounds decision, not on cooperation, not on any consent but the person's acceptance of the help itself.
/// </summary>
public class EmergencyAssistanceRules
{
    private static readonly Interpreter Tolk = new("nl-tolkendienst", "TD-2026-1187", "ro");

    private static Decision Give(ProtectionCase state, EmergencyHelp help = EmergencyHelp.Information, bool accepted = true, Interpreter? interpreter = null) =>
        RecordingEmergencyAssistance.Decide(state, new RecordingEmergencyAssistance.RecordEmergencyAssistance(help, accepted, interpreter) { AssistanceId = Guid.NewGuid() }, Worker);

    private static Decision Refer(ProtectionCase state, EmergencyHelp help = EmergencyHelp.SafePlace, bool accepted = true, ProviderAvailability? provider = null) =>
        ReferringInEmergency.Decide(state, new ReferringInEmergency.ReferInEmergency("nl-shelter-a", help, accepted) { ReferralId = Guid.NewGuid() }, Worker,
            provider ?? Provider(services: [Need.SafeAccommodation, Need.Medical, Need.Interpretation, Need.LegalCounselling]));

    private static string Describe(Decision d) => d.Refusal is { } r ? $"refused {r.Rule}" : string.Join(", ", d.Events.Select(e => e.GetType().Name));

    [Test]
    public void Emergency_help_is_never_conditional_on_reasonable_grounds()
    {
        var signalled = Opened();
        Assert.That(signalled.Stage, Is.EqualTo(ProtectionStage.AwaitingEntitlement), "only the signal: no identification decision yet");
        Assert.That(Referring.Decide(signalled.WithConsent("person"), new Referring.RequestReferral("nl-shelter-a", Need.SafeAccommodation), Worker, Provider()).Refusal?.Rule, Is.EqualTo("assistance-from-reasonable-grounds"),
            "an ordinary referral waits for the entitlement");

        foreach (var help in Enum.GetValues<EmergencyHelp>())
        {
            Assert.That(Describe(Give(signalled, help, interpreter: Tolk)), Is.EqualTo(nameof(EmergencyAssistanceGiven)), $"{help} given from the signal on");
            var referred = Refer(signalled, help);
            Assert.That(Describe(referred), Is.EqualTo(nameof(ReferralRequested)), $"{help} referred from the signal on");
            var request = referred.Events.OfType<ReferralRequested>().Single();
            Assert.That((request.Emergency, request.Service, request.ConsentId), Is.EqualTo(((EmergencyHelp?)help, help.ServiceNeeded(), (Guid?)null)));
        }
        Assert.That(Describe(Refer(Entitled())), Is.EqualTo(nameof(ReferralRequested)), "and after the entitlement as well");
    }

    [TestCase(CooperationStatus.Withdrawn)]
    [TestCase(CooperationStatus.Declined)]
    [TestCase(CooperationStatus.Cooperating)]
    public void Emergency_help_is_never_conditional_on_cooperation(CooperationStatus status)
    {
        foreach (var baseline in new[] { Opened(), Entitled(), Opened(ChildStatus.PresumedChild) })
        {
            var withStatus = baseline.Apply(NotingCooperationStatus.Decide(baseline, new NotingCooperationStatus.NoteCooperationStatus(status), Worker));
            var childProvider = Provider(ages: [AgeGroup.Children, AgeGroup.Adults], childAppropriate: true);
            Assert.That(Describe(Give(withStatus)), Is.EqualTo(Describe(Give(baseline))));
            Assert.That(Describe(Refer(withStatus, provider: childProvider)), Is.EqualTo(Describe(Refer(baseline, provider: childProvider))));
            Assert.That(Describe(Refer(withStatus, provider: childProvider)), Is.EqualTo(nameof(ReferralRequested)), $"{baseline.Stage}, {baseline.ChildStatus}, {status}");
        }
    }

    [Test]
    public void Emergency_help_asks_no_consent_but_the_help_itself()
    {
        // No consent to referral, none to sharing, a withdrawn one: the help is given and referred all the same.
        var withdrawn = Opened().WithConsent("person");
        var consent = withdrawn.Consents![0];
        withdrawn = withdrawn.Then(new ConsentNoted(withdrawn.Id, consent.ConsentId, consent.Kind, consent.Organisations, consent.GivenBy, true, Now));
        foreach (var state in new[] { Opened(), withdrawn })
        {
            Assert.That(Describe(Give(state)), Is.EqualTo(nameof(EmergencyAssistanceGiven)));
            Assert.That(Describe(Refer(state)), Is.EqualTo(nameof(ReferralRequested)));
        }

        // The person's acceptance of the help itself is the one consent asked.
        Assert.That(Give(Opened(), accepted: false).Refusal?.Rule, Is.EqualTo("emergency-help-accepted-by-person"));
        Assert.That(Refer(Opened(), accepted: false).Refusal?.Rule, Is.EqualTo("emergency-help-accepted-by-person"));
    }

    [Test]
    public void Emergency_help_for_a_child_does_not_wait_for_the_best_interests_assessment_but_goes_to_a_child_appropriate_provider()
    {
        var child = Opened(ChildStatus.PresumedChild);
        Assert.That(Describe(Refer(child, provider: Provider(ages: [AgeGroup.Children], childAppropriate: true))), Is.EqualTo(nameof(ReferralRequested)));
        Assert.That(Refer(child).Refusal?.Rule, Is.EqualTo("child-appropriate-services"));
    }

    [Test]
    public void Emergency_interpreter_help_names_who_interpreted()
    {
        Assert.That(Give(Opened(), EmergencyHelp.Interpreter).Refusal?.Rule, Is.EqualTo("emergency-interpreter-recorded"));
        var state = Opened().Apply(Give(Opened(), EmergencyHelp.Interpreter, interpreter: Tolk));
        Assert.That(state.EmergencyAssistance!.Single().Interpreter, Is.EqualTo(Tolk));
    }

    [Test]
    public void Emergency_help_on_a_closed_case_waits_for_its_reopening() =>
        Assert.That(Give(Entitled().Then(new ProtectionCaseClosed(Guid.Empty, ClosureReason.ContactLost, Now))).Refusal?.Rule, Is.EqualTo("case-closed"));

    [Test]
    public void The_first_placement_is_the_first_safe_place_given_or_accommodation_accepted()
    {
        var state = Opened().Apply(Give(Opened(), EmergencyHelp.MedicalCare));
        Assert.That(state.FirstPlacedAt, Is.Null, "medical care places no one");
        var referred = state.Apply(Refer(state));
        var referralId = referred.Referrals!.Single().ReferralId;
        Assert.That(referred.FirstPlacedAt, Is.Null, "a referral is not yet a placement");
        var placed = referred.Then(new ReferralAnswered(referred.Id, referralId, true, Now.AddHours(3)));
        Assert.That(placed.FirstPlacedAt, Is.EqualTo(Now.AddHours(3)));
        Assert.That(placed.Apply(Give(placed, EmergencyHelp.SafePlace)).FirstPlacedAt, Is.EqualTo(Now.AddHours(3)), "only the first counts");
        Assert.That(Opened().Apply(Give(Opened(), EmergencyHelp.SafePlace)).FirstPlacedAt, Is.EqualTo(Now));
    }
}
