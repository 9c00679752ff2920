namespace TransnationalReferral.Protection.Tests;

public class ReferralRules
{
    private static readonly RequestReferral ToShelter = new("nl-shelter-a", Need.SafeAccommodation);

    private static string? Refused(ProtectionCase state, RequestReferral command, ProviderAvailability? provider = null) =>
        Decide(state, command, Worker, provider ?? Provider()).Refusal?.Rule;

    [Test]
    public void Referral_without_consent_is_refused() => Assert.That(Refused(Entitled(), ToShelter), Is.EqualTo("referral-needs-consent"));

    [Test]
    public void Consent_for_other_organisations_does_not_cover_this_provider() =>
        Assert.That(Refused(Entitled().WithConsent("person", organisations: ["nl-clinic"]), ToShelter), Is.EqualTo("referral-needs-consent"));

    [Test]
    public void Child_referral_without_guardian_consent_is_refused()
    {
        var child = ChildReady().WithConsent("person");
        var provider = Provider(ages: [AgeGroup.Children], childAppropriate: true);
        Assert.That(Refused(child, ToShelter, provider), Is.EqualTo("child-referral-needs-guardian-consent"));
        Assert.That(Refused(child.WithConsent("guardian"), ToShelter, provider), Is.Null);
    }

    [Test]
    public void Child_referral_without_the_best_interests_assessment_is_refused()
    {
        var child = Entitled(ChildStatus.PresumedChild).WithConsent("guardian");
        Assert.That(Refused(child, ToShelter, Provider(ages: [AgeGroup.Children], childAppropriate: true)), Is.EqualTo("child-best-interests-first"));
    }

    [Test]
    public void A_child_is_referred_only_to_a_child_appropriate_provider() =>
        Assert.That(Refused(ChildReady().WithConsent("guardian"), ToShelter, Provider(ages: [AgeGroup.Children, AgeGroup.Adults], childAppropriate: false)),
            Is.EqualTo("child-appropriate-services"));

    [Test]
    public void An_adult_is_not_referred_to_a_children_only_provider() =>
        Assert.That(Refused(Entitled().WithConsent("person"), ToShelter, Provider(ages: [AgeGroup.Children], childAppropriate: true)), Is.EqualTo("provider-age-group"));

    [Test]
    public void A_shelter_matches_the_gender_the_person_asks_for()
    {
        var state = Entitled().WithConsent("person");
        Assert.That(Refused(state, ToShelter with { GenderSpecific = SexServed.Female }, Provider(sexServed: SexServed.Any)), Is.EqualTo("shelter-gender-match"));
        Assert.That(Refused(state, ToShelter with { GenderSpecific = SexServed.Female }, Provider(sexServed: SexServed.Male)), Is.EqualTo("shelter-gender-match"));
        Assert.That(Refused(state, ToShelter with { GenderSpecific = SexServed.Female }, Provider(sexServed: SexServed.Female)), Is.Null);
        Assert.That(Refused(state, ToShelter, Provider(sexServed: SexServed.Male)), Is.Null, "without a request, any shelter of the right age group");
        Assert.That(Refused(state, new RequestReferral("nl-shelter-a", Need.Medical, SexServed.Female), Provider(services: [Need.Medical])), Is.EqualTo("gender-specific-shelter"));
    }

    [Test]
    public void The_provider_is_in_the_catalogue_offers_the_service_and_has_room()
    {
        var state = Entitled().WithConsent("person");
        Assert.That(Decide(state, ToShelter, Worker, null).Refusal?.Rule, Is.EqualTo("provider-in-catalogue"));
        Assert.That(Refused(state, ToShelter, Provider() with { Provider = Provider().Provider with { Active = false } }), Is.EqualTo("provider-in-catalogue"));
        Assert.That(Refused(state, ToShelter, Provider(services: [Need.Medical])), Is.EqualTo("provider-offers-service"));
        Assert.That(Refused(state, ToShelter, Provider(freePlaces: 0)), Is.EqualTo("provider-no-free-places"));
    }

    [Test]
    public void A_withdrawn_consent_no_longer_allows_referrals()
    {
        var state = Entitled().WithConsent("person");
        var consent = state.Consents!.Single();
        state = state.Then(new ConsentNoted(state.Id, consent.ConsentId, consent.Kind, consent.Organisations, consent.GivenBy, true, Now));
        Assert.That(Refused(state, ToShelter), Is.EqualTo("referral-needs-consent"));
    }

    [Test]
    public void A_referral_goes_from_requested_to_accepted_to_in_progress_to_completed_and_a_decline_says_why()
    {
        var referralId = Guid.NewGuid();
        var state = Entitled().WithConsent("person");
        var requested = Decide(state, ToShelter with { ReferralId = referralId }, Worker, Provider());
        Assert.That(requested.Events.OfType<ReferralRequested>().Single().RespondBy, Is.EqualTo(Now.AddHours(48)), "the provider's response time from the catalogue");
        state = state.Apply(requested);
        Assert.That(Refused(state, ToShelter), Is.EqualTo("referral-already-open"));
        Assert.That(Decide(state, new AnswerReferral(false) { ReferralId = referralId }, Worker).Refusal?.Rule, Is.EqualTo("referral-decline-reason"));
        Assert.That(Decide(state, new AnswerReferral(false, DeclineReason.NoCapacity) { ReferralId = referralId }, Worker).Refusal?.Rule, Is.EqualTo("referral-decline-reason"), "the reason code and the why");
        Assert.That(Decide(state, new ConcludeReferral(true, "x") { ReferralId = referralId }, Worker).Refusal?.Rule, Is.EqualTo("referral-not-in-progress"));
        Assert.That(Decide(state, new StartReferral() { ReferralId = referralId }, Worker).Refusal?.Rule, Is.EqualTo("referral-not-accepted"));
        state = state.Apply(Decide(state, new AnswerReferral(true) { ReferralId = referralId }, Worker));
        Assert.That(Decide(state, new AnswerReferral(true) { ReferralId = referralId }, Worker).Refusal?.Rule, Is.EqualTo("referral-already-answered"));
        state = state.Apply(Decide(state, new StartReferral() { ReferralId = referralId }, Worker));
        Assert.That(state.Referrals!.Single().Status, Is.EqualTo(ReferralStatus.InProgress));
        state = state.Apply(Decide(state, new ConcludeReferral(true, "Placed in shelter") { ReferralId = referralId }, Worker));
        Assert.That(state.Referrals!.Single().Status, Is.EqualTo(ReferralStatus.Completed));
    }

    [Test]
    public void A_declined_referral_records_the_reason_code()
    {
        var referralId = Guid.NewGuid();
        var state = Entitled().WithConsent("person");
        state = state.Apply(Decide(state, ToShelter with { ReferralId = referralId }, Worker, Provider()));
        var declined = Decide(state, new AnswerReferral(false, DeclineReason.LanguageNotAvailable, "No Romanian-speaking staff this month") { ReferralId = referralId }, Worker);
        Assert.That(declined.Events.OfType<ReferralAnswered>().Single().DeclineReason, Is.EqualTo(DeclineReason.LanguageNotAvailable));
        Assert.That(state.Apply(declined).Referrals!.Single().Status, Is.EqualTo(ReferralStatus.Declined));
    }
}
