namespace TransnationalReferral.Protection.Tests;

/// <summary>Protection cases for the pure rule tests, built by folding events as the service does.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly DecisionContext Worker = new(new Actor("w", "CaseWorker", "nl-ngo", "NL"), Now);

    public static ProtectionCase Opened(ChildStatus childStatus = ChildStatus.Adult) =>
        ProtectionCase.Fold(null, new ProtectionCaseOpened(Guid.NewGuid(), Guid.NewGuid(), "NL", childStatus, Now))!;

    public static ProtectionCase Entitled(ChildStatus childStatus = ChildStatus.Adult) => Opened(childStatus).Then(new AssistanceEntitled(Guid.Empty, Now));

    /// <summary>A child whose guardian is appointed and whose best interests Identification assessed.</summary>
    public static ProtectionCase ChildReady() => Entitled(ChildStatus.Child).Then(new GuardianNoted(Guid.Empty, "nl-guardianship", Now), new BestInterestsAssessmentNoted(Guid.Empty, Now, Now));

    public static ProtectionCase Then(this ProtectionCase state, params object[] events) => events.Aggregate(state, (s, e) => ProtectionCase.Fold(s, e)!);

    public static ProtectionCase WithConsent(this ProtectionCase state, string givenBy, string kind = "referral-to-services", string[]? organisations = null, string[]? jurisdictions = null) =>
        state.Then(new ConsentNoted(state.Id, Guid.NewGuid(), kind, organisations ?? [], givenBy, false, Now, jurisdictions));

    public static ProtectionCase WithRisk(this ProtectionCase state, RiskLevel level = RiskLevel.High) =>
        state.Then(new RiskAssessed(state.Id, state.Revisions + 1, level, level == RiskLevel.Low ? [] : [RiskFactor.WitnessIntimidation], false, Now));

    /// <summary>Applies an accepted decision (and fails the test on a refusal).</summary>
    public static ProtectionCase Apply(this ProtectionCase state, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return state.Then([.. decision.Events]);
    }

    public static ProviderAvailability Provider(string organisation = "nl-shelter-a", Need[]? services = null, SexServed sexServed = SexServed.Any,
        AgeGroup[]? ages = null, bool childAppropriate = false, int? freePlaces = 5, int? capacity = 10) =>
        new(new Provider(Protection.Providers.Provider.IdOf("NL", organisation), "NL", organisation, "Shelter A", ProviderType.Ngo, services ?? [Need.SafeAccommodation], capacity, sexServed,
            ages ?? [AgeGroup.Adults], childAppropriate, ["nl", "en", "ro"], 48, true, Now, "fp"), freePlaces);
}
