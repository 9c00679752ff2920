namespace TransnationalReferral.Remedies.Tests;

public class ProceedsRules
{
    [Test]
    public void Allocation_cannot_exceed_the_confiscated_value()
    {
        var (s, claimId) = File().Awarded(50_000m);
        var assetId = Guid.NewGuid();
        s = s.Apply(Decide(s, new NoteAsset(assetId, new Money(30_000m, "EUR"), "NL", "confiscated"), Lawyer));
        s = s.Apply(Decide(s, new AllocateProceeds(assetId, claimId, 20_000m, "EUR"), Lawyer));
        var refusal = Decide(s, new AllocateProceeds(assetId, claimId, 10_000.01m, "EUR"), Lawyer).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("allocation-exceeds-confiscated-value"));
        Assert.That(refusal.Detail, Does.Contain("10000.00 EUR"));
        s = s.Apply(Decide(s, new AllocateProceeds(assetId, claimId, 10_000m, "EUR"), Lawyer));
        Assert.That(s.Assets!.Single().Available.Amount, Is.Zero);
    }

    [Test]
    public void Only_confiscated_value_is_allocated_to_an_award_in_its_currency_and_never_beyond_the_award()
    {
        var (s, claimId) = File().Awarded(1_000m);
        var frozen = Guid.NewGuid();
        var confiscated = Guid.NewGuid();
        var lei = Guid.NewGuid();
        s = s.Then(new AssetNoted(s.Id, frozen, new Money(5_000m, "EUR"), "NL", "frozen", Now), new AssetNoted(s.Id, confiscated, new Money(5_000m, "EUR"), "NL", "confiscated", Now),
            new AssetNoted(s.Id, lei, new Money(5_000m, "RON"), "RO", "confiscated", Now));
        Assert.That(Decide(s, new AllocateProceeds(frozen, claimId, 100m, "EUR"), Lawyer).Refusal?.Rule, Is.EqualTo("asset-not-confiscated"));
        Assert.That(Decide(s, new AllocateProceeds(lei, claimId, 100m, "RON"), Lawyer).Refusal?.Rule, Is.EqualTo("allocation-currency"));
        Assert.That(Decide(s, new AllocateProceeds(confiscated, claimId, 1_000.01m, "EUR"), Lawyer).Refusal?.Rule, Is.EqualTo("allocation-exceeds-award"));
        Assert.That(Decide(s, new AllocateProceeds(Guid.NewGuid(), claimId, 1m, "EUR"), Lawyer).Refusal?.Rule, Is.EqualTo("asset-unknown"));
    }

    [Test]
    public void Proceeds_returned_by_another_state_become_allocatable()
    {
        var (s, claimId) = File().Awarded(9_000m);
        var requestId = Guid.NewGuid();
        Assert.That(Decide(s, new RequestProceedsReturn("NL", 9_000m, "EUR", "x", requestId), Lawyer).Refusal?.Rule, Is.EqualTo("proceeds-return-from-another-state"));
        s = s.Apply(Decide(s, new RequestProceedsReturn("DE", 9_000m, "EUR", "Confiscation order LG Berlin 2026", requestId), Lawyer));
        Assert.That(Decide(s, new RecordProceedsReturnAnswer(requestId, "FR", "granted", new Money(1m, "EUR")), Lawyer).Refusal?.Rule, Is.EqualTo("proceeds-answer-unexpected"));
        s = s.Apply(Decide(s, new RecordProceedsReturnAnswer(requestId, "DE", "partly-granted", new Money(6_000m, "EUR")), Lawyer));
        Assert.That(s.ProceedsReturns!.Single().Outcome, Is.EqualTo("partly-granted"));
        s = s.Apply(Decide(s, new AllocateProceeds(requestId, claimId, 6_000m, "EUR"), Lawyer));
        Assert.That(s.ClaimOf(claimId)!.Allocated, Is.EqualTo(new Money(6_000m, "EUR")));
    }
}
