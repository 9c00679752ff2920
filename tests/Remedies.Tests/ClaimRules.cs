namespace TransnationalReferral.Remedies.Tests;

public class ClaimRules
{
    private static RecordPayment Pay(Guid claimId, string key, decimal amount, string currency = "EUR", PaymentChannelKind channel = PaymentChannelKind.Direct) => new(key, amount, currency, channel, ClaimId: claimId);

    [Test]
    public void Claim_filed_without_information_on_remedies_is_refused()
    {
        var claimId = Guid.NewGuid();
        var prepared = File().Apply(Decide(File(), new PrepareClaim(ClaimType.StateCompensationFund, "NL", "nl-schadefonds", 5000m, "EUR", ClaimId: claimId), Lawyer));
        var refusal = Decide(prepared, new FileClaim(ClaimId: claimId), Lawyer, DecisionTime).Refusal!;
        Assert.That(refusal.Rule, Is.EqualTo("claim-needs-information-on-remedies"));
        Assert.That(refusal.LegalSource, Does.Contain("CETS 197 art. 15"));
        var filed = Decide(prepared.Informed(), new FileClaim(ClaimId: claimId), Lawyer, DecisionTime);
        Assert.That(filed.Events.OfType<ClaimFiled>().Single().DecisionDueBy, Is.EqualTo(Now + DecisionTime));
    }

    [Test]
    public void A_claim_before_a_body_in_another_jurisdiction_is_forwarded_through_this_one()
    {
        var claimId = Guid.NewGuid();
        var s = File().Informed();
        s = s.Apply(Decide(s, new PrepareClaim(ClaimType.CivilClaim, "DE", "de-lg-berlin", 20_000m, "EUR", ClaimId: claimId), Lawyer));
        var forwarded = Decide(s, new FileClaim(ClaimId: claimId), Lawyer, DecisionTime).Events.OfType<ClaimForwarded>().Single();
        Assert.That((forwarded.AssistingJurisdiction, forwarded.DecidingJurisdiction), Is.EqualTo(("NL", "DE")));
    }

    [Test]
    public void Duplicate_payment_key_records_one_payment()
    {
        var (s, claimId) = File().Awarded();
        s = s.Apply(Decide(s, Pay(claimId, "pay-2026-001", 2_500.00m), Lawyer));
        var retry = Decide(s, Pay(claimId, "pay-2026-001", 2_500.00m), Lawyer);
        Assert.That(retry.IsRefused, Is.False);
        Assert.That(retry.Events, Is.Empty, "a retried payment with the same key records nothing");
        Assert.That(Decide(s, Pay(claimId, "pay-2026-001", 3_000.00m), Lawyer).Refusal?.Rule, Is.EqualTo("payment-key-reused"));
        Assert.That(s.ClaimOf(claimId)!.Payments, Has.Count.EqualTo(1));
    }

    [Test]
    public void Award_totals_reconcile_awarded_equals_paid_plus_outstanding()
    {
        var (s, first) = File().Awarded(12_500.00m);
        (s, var second) = s.Awarded(3_000.00m);
        (s, var lei) = s.Awarded(40_000m, "RON");
        s = s.Apply(Decide(s, Pay(first, "a", 2_500.10m), Lawyer)).Apply(Decide(s.Apply(Decide(s, Pay(first, "a", 2_500.10m), Lawyer)), Pay(first, "b", 0.01m), Lawyer));
        s = s.Apply(Decide(s, Pay(second, "c", 3_000.00m), Lawyer));
        s = s.Apply(Decide(s, Pay(lei, "d", 10_000m, "RON"), Lawyer));
        var totals = RemediesQueries.Totals(s.Claims!);
        foreach (var t in totals) Assert.That(t.Awarded, Is.EqualTo(t.Paid + t.Outstanding), t.Currency);
        var eur = totals.Single(t => t.Currency == "EUR");
        Assert.That((eur.Awarded, eur.Paid, eur.Outstanding), Is.EqualTo((15_500.00m, 5_500.11m, 9_999.89m)));
        Assert.That(totals.Single(t => t.Currency == "RON").Outstanding, Is.EqualTo(30_000m));
        Assert.That(s.ClaimOf(second)!.Stage, Is.EqualTo(ClaimStage.Paid), "fully paid");
    }

    [Test]
    public void A_payment_is_in_the_awards_currency_and_never_more_than_outstanding()
    {
        var (s, claimId) = File().Awarded(1_000m);
        Assert.That(Decide(s, Pay(claimId, "x", 100m, "USD"), Lawyer).Refusal?.Rule, Is.EqualTo("payment-currency"));
        Assert.That(Decide(s, Pay(claimId, "x", 1_000.01m), Lawyer).Refusal?.Rule, Is.EqualTo("payment-exceeds-outstanding"));
        Assert.That(Currencies.Problem(10.001m, "EUR"), Does.Contain("2 decimals"));
        Assert.That(Currencies.Problem(10.5m, "JPY"), Does.Contain("0 decimals"));
        Assert.That(Currencies.Problem(10m, "XYZ"), Does.Contain("ISO 4217"));
        Assert.That(Currencies.Problem(-1m, "EUR"), Does.Contain("more than zero"));
    }

    [Test]
    public void Return_published_claim_continues_and_payment_succeeds()
    {
        var (s, claimId) = File().Informed().Awarded(8_000m);
        var before = s;
        s = s.Then(new MigrationFactNoted(s.Id, "returned-to-RO", Now), new MigrationFactNoted(s.Id, "residence-permit-expired", Now), new MigrationFactNoted(s.Id, "residence-permit-refused", Now));
        Assert.That(s.Claims, Is.EqualTo(before.Claims), "no claim changed");
        Assert.That(Decide(s, Pay(claimId, "after-return", 1_000m, channel: PaymentChannelKind.PartnerFocalPoint), Lawyer).Refusal?.Rule, Is.EqualTo("payment-channel-not-arranged"));
        s = s.Apply(Decide(s, new ArrangePaymentChannel(PaymentChannelKind.PartnerFocalPoint, "ANITP-PAY-7731", "RO"), Lawyer));
        s = s.Apply(Decide(s, Pay(claimId, "after-return", 1_000m, channel: PaymentChannelKind.PartnerFocalPoint), Lawyer));
        Assert.That(s.ClaimOf(claimId)!.Outstanding, Is.EqualTo(new Money(7_000m, "EUR")));
    }

    [Test]
    public void Every_claim_decision_is_the_same_after_a_return_or_a_migration_decision()
    {
        var (baseline, claimId) = File().Informed().Awarded(5_000m);
        var prepared = Guid.NewGuid();
        baseline = baseline.Then(new ClaimPrepared(baseline.Id, prepared, ClaimType.UnpaidWages, "NL", "nl-labour-court", new Money(900m, "EUR"), Now));
        var after = baseline.Then(new MigrationFactNoted(baseline.Id, "returned-to-RO", Now), new MigrationFactNoted(baseline.Id, "residence-permit-refused", Now));
        Func<RemediesCase, Decision>[] decisions =
        [
            s => Decide(s, new FileClaim(ClaimId: prepared), Lawyer, DecisionTime),
            s => Decide(s, Pay(claimId, "k1", 500m), Lawyer),
            s => Decide(s, new Appeal(AppealedBy.Debtor, "Amount disputed", ClaimId: claimId), Lawyer, DecisionTime),
            s => Decide(s, new CloseClaim("x", ClaimId: claimId), Lawyer),
            s => Decide(s, new PrepareClaim(ClaimType.Restitution, "NL", "nl-court-amsterdam", ClaimId: prepared), Lawyer),
        ];
        foreach (var decide in decisions)
        {
            var (a, b) = (decide(baseline), decide(after));
            Assert.That(b.Refusal?.Rule, Is.EqualTo(a.Refusal?.Rule));
            Assert.That(b.Events, Is.EqualTo(a.Events));
        }
    }

    [Test]
    public void A_payment_channel_is_a_reference_never_an_account_number()
    {
        Assert.That(ChannelReferenceProblem("NL91ABNA0417164300"), Does.Contain("account"));
        Assert.That(ChannelReferenceProblem("4111 1111 1111 1111"), Does.Contain("account"));
        Assert.That(ChannelReferenceProblem("ANITP-PAY-7731"), Is.Null);
    }

    [Test]
    public void A_claim_goes_through_review_award_appeal_and_closes_only_when_nothing_is_owed()
    {
        var claimId = Guid.NewGuid();
        var s = File().Informed();
        s = s.Apply(Decide(s, new PrepareClaim(ClaimType.CriminalCompensation, "NL", "nl-court-amsterdam", 10_000m, "EUR", ClaimId: claimId), Lawyer));
        Assert.That(Decide(s, new RecordDecision(Outcome.Awarded, "x", 1m, "EUR", Debtor.Offender, ClaimId: claimId), Lawyer).Refusal?.Rule, Is.EqualTo("claim-not-pending"));
        s = s.Apply(Decide(s, new FileClaim(ClaimId: claimId), Lawyer, DecisionTime));
        s = s.Apply(Decide(s, new RecordReview(ClaimId: claimId), Lawyer));
        Assert.That(Decide(s, new RecordDecision(Outcome.Awarded, "x", 1m, "EUR", ClaimId: claimId), Lawyer).Refusal?.Rule, Is.EqualTo("award-amount-and-debtor"));
        s = s.Apply(Decide(s, new RecordDecision(Outcome.Rejected, "Insufficient evidence of loss", ClaimId: claimId), Lawyer));
        s = s.Apply(Decide(s, new Appeal(AppealedBy.Victim, "Payslips found", ClaimId: claimId), Lawyer, DecisionTime));
        s = s.Apply(Decide(s, new RecordDecision(Outcome.Awarded, "Appeal allowed", 6_000m, "EUR", Debtor.Offender, ClaimId: claimId), Lawyer));
        s = s.Apply(Decide(s, Pay(claimId, "p1", 4_000m), Lawyer));
        Assert.That(Decide(s, new CloseClaim("done", ClaimId: claimId), Lawyer).Refusal?.Rule, Is.EqualTo("claim-outstanding"));
        Assert.That(Decide(s, new RecordDecision(Outcome.Awarded, "x", 3_000m, "EUR", Debtor.Offender, ClaimId: claimId), Lawyer).Refusal?.Rule, Is.EqualTo("claim-not-pending"));
        s = s.Apply(Decide(s, Pay(claimId, "p2", 2_000m), Lawyer));
        Assert.That(s.ClaimOf(claimId)!.Stage, Is.EqualTo(ClaimStage.Paid));
        s = s.Apply(Decide(s, new CloseClaim("Paid in full", ClaimId: claimId), Lawyer));
        Assert.That(s.ClaimOf(claimId)!.Stage, Is.EqualTo(ClaimStage.Closed));
    }

    [Test]
    public void A_non_monetary_remedy_has_no_amount()
    {
        Assert.That(Decide(File(), new PrepareClaim(ClaimType.GuaranteesOfNonRepetition, "NL", "nl-ombudsman", 10m, "EUR", ClaimId: Guid.NewGuid()), Lawyer).Refusal?.Rule, Is.EqualTo("non-monetary-remedy"));
        var claimId = Guid.NewGuid();
        var s = File().Informed();
        s = s.Apply(Decide(s, new PrepareClaim(ClaimType.Rehabilitation, "NL", "nl-victim-support", ClaimId: claimId), Lawyer));
        s = s.Apply(Decide(s, new FileClaim(ClaimId: claimId), Lawyer, DecisionTime));
        s = s.Apply(Decide(s, new RecordDecision(Outcome.Awarded, "Trauma therapy for 12 months", ClaimId: claimId), Lawyer));
        Assert.That(s.ClaimOf(claimId)!.Stage, Is.EqualTo(ClaimStage.Awarded));
        Assert.That(RemediesQueries.Totals(s.Claims!), Is.Empty, "nothing monetary");
        Assert.That(Decide(s, new CloseClaim("Therapy provided", ClaimId: claimId), Lawyer).IsRefused, Is.False);
    }

    [Test]
    public void The_deciding_states_decision_on_a_forwarded_claim_is_recorded_once_and_only_from_that_state()
    {
        var claimId = Guid.NewGuid();
        var s = File().Informed();
        s = s.Apply(Decide(s, new PrepareClaim(ClaimType.StateCompensationFund, "AT", "at-verbrechensopfergesetz", 20_000m, "EUR", ClaimId: claimId), Lawyer));
        s = s.Apply(Decide(s, new FileClaim(ClaimId: claimId), Lawyer, DecisionTime));
        var award = new RecordDecision(Outcome.Awarded, "Decided abroad", 15_000m, "EUR", Debtor.StateFund);
        Assert.That(DecidedAbroad(s, award with { ClaimId = claimId }, Lawyer, "DE").Refusal?.Rule, Is.EqualTo("claim-decided-by-its-deciding-state"));
        s = s.Apply(DecidedAbroad(s, award with { ClaimId = claimId }, Lawyer, "AT"));
        Assert.That(s.ClaimOf(claimId)!.Award, Is.EqualTo(new Money(15_000m, "EUR")));
        Assert.That(DecidedAbroad(s, award with { ClaimId = claimId }, Lawyer, "AT").Events, Is.Empty, "heard twice");
        var appeal = new Appeal(AppealedBy.Debtor, "Appealed abroad");
        Assert.That(AppealedAbroad(s, appeal with { ClaimId = claimId }, Lawyer, DecisionTime, "DE").IsRefused, Is.True);
        s = s.Apply(AppealedAbroad(s, appeal with { ClaimId = claimId }, Lawyer, DecisionTime, "AT"));
        Assert.That(AppealedAbroad(s, appeal with { ClaimId = claimId }, Lawyer, DecisionTime, "AT").Events, Is.Empty, "heard twice");
        s = s.Apply(DecidedAbroad(s, award with { Amount = 9_000m, ClaimId = claimId }, Lawyer, "AT"));
        Assert.That(s.ClaimOf(claimId)!.Award, Is.EqualTo(new Money(9_000m, "EUR")), "the award on appeal");

        var own = File().Informed();
        var ownClaim = Guid.NewGuid();
        own = own.Apply(Decide(own, new PrepareClaim(ClaimType.CivilClaim, "NL", "nl-court-amsterdam", 5_000m, "EUR", ClaimId: ownClaim), Lawyer));
        Assert.That(DecidedAbroad(own, award with { ClaimId = ownClaim }, Lawyer, "NL").IsRefused, Is.True, "a claim decided at home is not decided abroad");
    }

    [Test]
    public void A_claim_crosses_on_the_consents_in_force_and_never_to_a_country_of_claimed_protection()
    {
        var s = File().Then(
            new TransferConsentNoted(Guid.Empty, Guid.NewGuid(), ["AT"], "person", false, Now),
            new TransferConsentNoted(Guid.Empty, Guid.NewGuid(), ["BE"], "guardian", false, Now),
            new TransferConsentNoted(Guid.Empty, Guid.NewGuid(), ["FR"], "person", true, Now),
            new ProtectionClaimNoted(Guid.Empty, "NG", Now));
        Assert.That(ForwardingAbroad.Grounds(s, child: false).ConsentedJurisdictions, Is.EquivalentTo(new[] { "AT", "BE" }), "a withdrawn consent does not count");
        Assert.That(ForwardingAbroad.Grounds(s, child: true).ConsentedJurisdictions, Is.EquivalentTo(new[] { "BE" }), "a child's transfer rests on the guardian's consent");
        Assert.That(ForwardingAbroad.Grounds(s, child: false).ProtectionClaimedFrom, Is.EquivalentTo(new[] { "NG" }));
        var returned = s.Then(new MigrationFactNoted(s.Id, "returned-to-NG", Now), new MigrationFactNoted(s.Id, "residence-permit-expired", Now));
        Assert.That(ForwardingAbroad.Grounds(returned, child: false), Is.EqualTo(ForwardingAbroad.Grounds(s, child: false)).Using<TransferGrounds>((a, b) =>
            a.Basis == b.Basis && a.ConsentedJurisdictions.SequenceEqual(b.ConsentedJurisdictions) && a.ProtectionClaimedFrom.SequenceEqual(b.ProtectionClaimedFrom)),
            "a return or an expired permit changes nothing in the grounds");
    }
}
