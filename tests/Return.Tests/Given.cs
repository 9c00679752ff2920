namespace TransnationalReferral.Return.Tests;

/// <summary>Return files for the pure rule tests, built by folding events as the service does.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Reflection = TimeSpan.FromDays(7);
    public static DecisionContext At(DateTimeOffset now) => new(new Actor("fp", "FocalPoint", "nl-focal-point", "NL"), now);
    public static readonly DecisionContext FocalPoint = At(Now);

    public static ReturnCase File(ChildStatus childStatus = ChildStatus.Adult) => ReturnCase.Fold(null, new ReturnFileOpened(Guid.NewGuid(), "NL", childStatus, Now))!;

    public static ReturnCase Then(this ReturnCase state, params object[] events) => events.Aggregate(state, (s, e) => ReturnCase.Fold(s, e)!);

    public static ReturnCase Apply(this ReturnCase state, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return state.Then([.. decision.Events]);
    }

    public static ReturnCase Requested(ChildStatus childStatus = ChildStatus.Adult) => File(childStatus).Then(new ReturnRequested(Guid.Empty, "NL", "RO", ReturnReason.PersonsWish, Now));

    public static ReturnCase Informed(this ReturnCase s) =>
        s.Then(new ReturnInformationProvided(s.Id, "ro", [ReturnOption.Stay, ReturnOption.Return, ReturnOption.ThirdCountry], Now.AddDays(-10)));

    public static ReturnCase Consented(this ReturnCase s, ConsentGiver by = ConsentGiver.Person) => s.Then(new ReturnConsentGiven(s.Id, by, Now.AddDays(-2)));

    public static ReturnCase RiskAssessed(this ReturnCase s, RiskLevel level = RiskLevel.Low, bool mitigationAccepted = false, ReceptionCapacity capacity = ReceptionCapacity.Available) =>
        s.Then(new ReturnRiskAssessed(s.Id, 1, level, level == RiskLevel.Low ? [] : [ReturnRiskFactor.Traffickers], mitigationAccepted ? [Mitigation.ShelterOnArrival] : [], mitigationAccepted, capacity, Now));

    public static ReturnCase TransferConsent(this ReturnCase s, string to = "RO", string givenBy = "person") =>
        s.Then(new TransferConsentNoted(s.Id, Guid.NewGuid(), [to], givenBy, false, Now));

    /// <summary>An adult whose return is informed, consented, assessed low-risk, with consent to transfer to RO.</summary>
    public static ReturnCase Ready() => Requested().Informed().Consented().RiskAssessed().TransferConsent();

    /// <summary>Ready, plus reception requested and arranged by RO, and travel documents.</summary>
    public static ReturnCase ReadyToDepart(this ReturnCase s)
    {
        var requestId = Guid.NewGuid();
        return s.Then(new ReceptionRequested(s.Id, requestId, "NL", "RO", s.IsChild, s.IsChild, true, Now),
            new ReceptionAcknowledged(s.Id, requestId, Now), new ReceptionArranged(s.Id, requestId, "ro-anitp", true, true, Now),
            new TravelDocumentsIssued(s.Id, "ro-consulate-hague", Now));
    }
}
