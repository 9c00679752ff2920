namespace TransnationalReferral.Remedies.Tests;

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    public static readonly DecisionContext Lawyer = new(new Actor("lw", "LegalAidLawyer", "nl-legal-aid", "NL"), Now);
    public static readonly TimeSpan DecisionTime = TimeSpan.FromDays(180);

    public static RemediesCase File() => RemediesCase.Fold(null, new RemediesFileOpened(Guid.NewGuid(), "NL", Now))!;

    public static RemediesCase Then(this RemediesCase s, params object[] events) => events.Aggregate(s, (x, e) => RemediesCase.Fold(x, e)!);

    public static RemediesCase Apply(this RemediesCase s, Decision decision)
    {
        Assert.That(decision.Refusal, Is.Null, decision.Refusal?.Detail);
        return s.Then([.. decision.Events]);
    }

    public static RemediesCase Informed(this RemediesCase s) => s.Then(new RemedyInformationProvided(s.Id, "ro", Now));

    /// <summary>A filed criminal-compensation claim awarded <paramref name="amount"/> EUR against the offender.</summary>
    public static (RemediesCase State, Guid ClaimId) Awarded(this RemediesCase s, decimal amount = 12_500.00m, string currency = "EUR")
    {
        var claimId = Guid.NewGuid();
        s = s.Then(new ClaimPrepared(s.Id, claimId, ClaimType.CriminalCompensation, "NL", "nl-court-amsterdam", new Money(amount, currency), Now),
            new ClaimFiled(s.Id, claimId, ClaimType.CriminalCompensation, "NL", "NL", "nl-court-amsterdam", Now.AddDays(180), Now),
            new ClaimAwarded(s.Id, claimId, new Money(amount, currency), Debtor.Offender, Now));
        return (s, claimId);
    }
}
