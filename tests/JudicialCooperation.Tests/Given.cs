namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>Judicial requests and case files for the pure rule tests, built by folding events as the service does.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly DecisionContext Prosecutor = new(new Actor("p", "JudicialOfficer", "nl-om", "NL"), Now);
    public static readonly Guid Victim = Guid.NewGuid();
    public static readonly Guid Suspect = Guid.NewGuid();

    /// <summary>No person of the request recognised as a victim in Identification.</summary>
    public static readonly IReadOnlySet<Guid> None = new HashSet<Guid>();

    /// <summary>A request NL drafted to RO, about <see cref="Victim"/> (victim-witness) and <see cref="Suspect"/> unless other persons are named.</summary>
    public static JudicialRequest Outgoing(RequestType type = RequestType.MlaVideoTestimony, params Person[] persons) =>
        JudicialRequest.Fold(null, new RequestDrafted(Guid.NewGuid(), type, "NL", "RO", false, persons.Length == 0 ? [new Person(Victim, PersonRole.VictimWitness), new Person(Suspect, PersonRole.Suspect)] : persons, Now))!;

    /// <summary>The outgoing request sent, answer due in 90 days.</summary>
    public static JudicialRequest Sent(this JudicialRequest s) => s.Then(new RequestSent(s.Id, s.Type, "NL", "RO", false, Now.AddDays(90), s.Persons, [], Now));

    /// <summary>A request from RO registered in NL (with the persons <paramref name="recognised"/> as victims there) and acknowledged.</summary>
    public static JudicialRequest Incoming(RequestType type, IReadOnlySet<Guid> recognised, params Person[] persons)
    {
        var decision = RegisteringIncomingRequest.Decide(null, new RegisteringIncomingRequest.RegisterIncoming(Guid.NewGuid(), type, "NL", "RO", false, persons, [], Now.AddDays(30)), Prosecutor, recognised);
        var s = decision.Events.Aggregate((JudicialRequest?)null, (x, e) => JudicialRequest.Fold(x, e))!;
        return s.Apply(AcknowledgingRequest.Decide(s, new AcknowledgingRequest.Acknowledge(), Prosecutor));
    }

    public static JudicialRequest Then(this JudicialRequest s, params object[] events) => events.Aggregate(s, (x, e) => JudicialRequest.Fold(x, e)!);

    /// <summary>Applies an accepted decision (and fails the test on a refusal).</summary>
    public static JudicialRequest Apply(this JudicialRequest s, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return s.Then([.. decision.Events]);
    }

    public static CaseFile OpenedFile() => CaseFile.Fold(null, new CaseFileOpened(Guid.NewGuid(), "NL", Now))!;

    public static CaseFile Apply(this CaseFile file, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return decision.Events.Aggregate(file, (x, e) => CaseFile.Fold(x, e)!);
    }
}
