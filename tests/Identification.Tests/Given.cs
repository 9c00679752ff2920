namespace TransnationalReferral.Identification.Tests;

/// <summary>Identification cases for the pure rule tests, built by folding events as the service does.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    public static readonly IdentificationOptions Options = new();

    public static DecisionContext As(string role, string organisation = "nl-focal-point", DateTimeOffset? at = null) => new(new Actor("u1", role, organisation, "NL"), at ?? Now);
    public static readonly DecisionContext FocalPoint = As("FocalPoint");

    /// <summary>A case signalled by <paramref name="source"/> (the police unless said), its child status as opening a case derives it from the age group.</summary>
    public static IdentificationCase Signalled(AgeGroup age = AgeGroup.From25To34, ChildStatus? childStatus = null, SignalSource source = SignalSource.Police,
        string organisation = "nl-police", Sex sex = Sex.Female, DateTimeOffset? at = null, string owner = "nl-focal-point") =>
        IdentificationCase.Fold(null, new CaseOpened(Guid.NewGuid(), Guid.NewGuid(), source, organisation, "NL", sex, age, childStatus ?? OpeningCase.ChildStatusOf(age, null), at ?? Now, owner))!;

    /// <summary>Informed of rights, assistance and the reflection period (child-friendly for a child), with an interpreter.</summary>
    public static IdentificationCase Informed(this IdentificationCase state, InformationFormat? format = null) =>
        state.Then(new InformationOnRightsRecorded(state.Id, true, true, true, format ?? (state.IsTreatedAsChild ? InformationFormat.ChildFriendly : InformationFormat.Oral), true, Now));

    /// <summary>Informed, then recognised on reasonable grounds (a reflection period running).</summary>
    public static IdentificationCase PresumedVictim(AgeGroup age = AgeGroup.From25To34)
    {
        var state = Signalled(age).Informed();
        return state.Apply(RecognisingPresumedVictim.Decide(state, new RecognisingPresumedVictim.RecognisePresumedVictim("x"), FocalPoint, Options));
    }

    public static IdentificationCase Then(this IdentificationCase state, params object[] events) => events.Aggregate(state, (s, e) => IdentificationCase.Fold(s, e)!);

    /// <summary>Applies an accepted decision (and fails the test on a refusal).</summary>
    public static IdentificationCase Apply(this IdentificationCase state, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return state.Then([.. decision.Events]);
    }
}
