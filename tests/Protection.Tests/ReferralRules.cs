using TransnationalReferral.Protection.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using static TransnationalReferral.Protection.Cases.Referring;

namespace TransnationalReferral.Protection.Tests;

public class ReferralRules
{
    private static readonly DecisionContext Worker = new(new Actor("w", "CaseWorker", "nl-ngo", "NL"), DateTimeOffset.UnixEpoch);

    private static ProtectionCase Entitled(ChildStatus childStatus = ChildStatus.Adult)
    {
        var state = ProtectionCase.Fold(null, new ProtectionCaseOpened(Guid.NewGuid(), Guid.NewGuid(), "NL", childStatus, DateTimeOffset.UnixEpoch))!;
        return ProtectionCase.Fold(state, new AssistanceEntitled(state.Id, DateTimeOffset.UnixEpoch))!;
    }

    private static ProtectionCase WithConsent(ProtectionCase state, string givenBy, params string[] organisations) =>
        ProtectionCase.Fold(state, new ConsentNoted(state.Id, Guid.NewGuid(), "referral-to-services", organisations, givenBy, false, DateTimeOffset.UnixEpoch))!;

    private static ProtectionCase Apply(ProtectionCase state, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return decision.Events.Aggregate(state, (s, e) => ProtectionCase.Fold(s, e)!);
    }

    [Test]
    public void Referral_without_consent_is_refused() =>
        Assert.That(Decide(Entitled(), new RequestReferral("nl-shelter-a", Need.SafeAccommodation), Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("referral-needs-consent"));

    [Test]
    public void Consent_for_other_organisations_does_not_cover_this_provider() =>
        Assert.That(Decide(WithConsent(Entitled(), "person", "nl-clinic"), new RequestReferral("nl-shelter-a", Need.SafeAccommodation), Guid.NewGuid(), Worker).Refusal?.Rule,
            Is.EqualTo("referral-needs-consent"));

    [Test]
    public void Child_referral_without_guardian_consent_is_refused()
    {
        var child = WithConsent(Entitled(ChildStatus.PresumedChild), "person");
        Assert.That(Decide(child, new RequestReferral("nl-shelter-a", Need.SafeAccommodation), Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("child-referral-needs-guardian-consent"));
        Assert.That(Decide(WithConsent(child, "guardian"), new RequestReferral("nl-shelter-a", Need.SafeAccommodation), Guid.NewGuid(), Worker).IsRefused, Is.False);
    }

    [Test]
    public void A_withdrawn_consent_no_longer_allows_referrals()
    {
        var state = WithConsent(Entitled(), "person");
        var consent = state.Consents!.Single();
        state = ProtectionCase.Fold(state, new ConsentNoted(state.Id, consent.ConsentId, consent.Kind, consent.Organisations, consent.GivenBy, true, DateTimeOffset.UnixEpoch))!;
        Assert.That(Decide(state, new RequestReferral("nl-shelter-a", Need.SafeAccommodation), Guid.NewGuid(), Worker).Refusal?.Rule, Is.EqualTo("referral-needs-consent"));
    }

    [Test]
    public void A_referral_goes_from_requested_to_accepted_to_completed_and_a_decline_says_why()
    {
        var referralId = Guid.NewGuid();
        var state = Apply(WithConsent(Entitled(), "person"), Decide(WithConsent(Entitled(), "person"), new RequestReferral("nl-shelter-a", Need.SafeAccommodation), referralId, Worker));
        Assert.That(Decide(state, referralId, new AnswerReferral(false), Worker).Refusal?.Rule, Is.EqualTo("referral-decline-reason"));
        Assert.That(Decide(state, referralId, new ConcludeReferral(true, "x"), Worker).Refusal?.Rule, Is.EqualTo("referral-not-in-progress"));
        state = Apply(state, Decide(state, referralId, new AnswerReferral(true), Worker));
        state = Apply(state, Decide(state, referralId, new ConcludeReferral(true, "Placed in shelter"), Worker));
        Assert.That(state.Referrals!.Single().Status, Is.EqualTo(ReferralStatus.Completed));
    }
}
