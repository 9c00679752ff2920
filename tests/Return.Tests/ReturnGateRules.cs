namespace TransnationalReferral.Return.Tests;

/// <summary>The gates of a return, each a named rule the software refuses to break (409 with the gate).</summary>
public class ReturnGateRules
{
    private static string? Departure(ReturnCase s) => Decide(s, new Depart(), FocalPoint).Refusal?.Rule;
    private static string? Reception(ReturnCase s, string? legalBasis = null) => Decide(s, new RequestReception(LegalBasis: legalBasis, RequestId: Guid.NewGuid()), FocalPoint).Refusal?.Rule;

    [Test]
    public void No_risk_assessment_is_refused()
    {
        var unassessed = Requested().Informed().Consented().TransferConsent();
        Assert.That(Reception(unassessed), Is.EqualTo("return-needs-risk-assessment"));
        Assert.That(Departure(unassessed.ReadyToDepart()), Is.EqualTo("return-needs-risk-assessment"));
        var refusal = Decide(unassessed.ReadyToDepart(), new Depart(), FocalPoint).Refusal!;
        Assert.That(refusal.Kind, Is.EqualTo(RefusalKind.StateConflict), "409");
        Assert.That(refusal.LegalSource, Does.Contain("art. 8"));
    }

    [Test]
    public void Protection_claim_pending_is_refused()
    {
        var claimed = Ready().ReadyToDepart().Then(new ProtectionClaimNoted(Guid.Empty, "AL", Now, ProtectionClaimStatus.Pending));
        Assert.That(Departure(claimed), Is.EqualTo("non-refoulement-protection-claim"));
        Assert.That(Departure(claimed.Then(new ProtectionClaimNoted(Guid.Empty, "AL", Now, ProtectionClaimStatus.Granted))), Is.EqualTo("non-refoulement-protection-claim"), "granted: never");
        Assert.That(Departure(claimed.Then(new ProtectionClaimNoted(Guid.Empty, "AL", Now, ProtectionClaimStatus.Rejected))), Is.Null, "rejected: the gate opens");
    }

    [Test]
    public void A_protection_claim_arriving_during_preparation_blocks_the_return_with_its_gate()
    {
        var decision = Decide(Ready(), new NoteProtectionClaim("AL", ProtectionClaimStatus.Pending), FocalPoint);
        Assert.That(decision.Events.OfType<ReturnBlocked>().Single().Gate, Is.EqualTo("non-refoulement-protection-claim"));
    }

    [Test]
    public void Reception_request_to_the_country_the_person_claims_protection_from_is_refused()
    {
        var claimed = Ready().Then(new ProtectionClaimNoted(Guid.Empty, "RO", Now, ProtectionClaimStatus.Rejected));
        Assert.That(Reception(claimed), Is.EqualTo("non-refoulement-no-contact"), "even a rejected claim: no contact with the country of claimed persecution");
        Assert.That(Reception(Ready().Then(new ProtectionClaimNoted(Guid.Empty, "RO", Now, ProtectionClaimStatus.Pending))), Is.EqualTo("non-refoulement-no-contact"));
        Assert.That(Reception(Ready()), Is.Null);
    }

    [Test]
    public void A_reception_request_needs_consent_to_transfer_to_that_country_or_a_legal_basis()
    {
        var noTransfer = Requested().Informed().Consented().RiskAssessed().TransferConsent(to: "BG");
        Assert.That(Reception(noTransfer), Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        var onLegalBasis = Decide(noTransfer, new RequestReception(LegalBasis: "Readmission agreement EU–RO art. 5", RequestId: Guid.NewGuid()), FocalPoint);
        Assert.That(onLegalBasis.Events.OfType<ReceptionRequested>().Single().OnConsent, Is.False);
    }

    [Test]
    public void High_risk_without_accepted_mitigation_is_refused_and_no_reception_capacity_too()
    {
        Assert.That(Departure(Requested().Informed().Consented().RiskAssessed(RiskLevel.High).TransferConsent().ReadyToDepart()), Is.EqualTo("return-risk-high-unmitigated"));
        Assert.That(Departure(Requested().Informed().Consented().RiskAssessed(RiskLevel.High, mitigationAccepted: true).TransferConsent().ReadyToDepart()), Is.Null);
        Assert.That(Departure(Requested().Informed().Consented().RiskAssessed(capacity: ReceptionCapacity.None).TransferConsent().ReadyToDepart()), Is.EqualTo("reception-capacity"));
        var high = Decide(Ready(), new AssessRisk(RiskLevel.High, [ReturnRiskFactor.ReTrafficking], [], false, ReceptionCapacity.Limited, "Recruiter lives in the village"), FocalPoint);
        Assert.That(high.Events.OfType<ReturnBlocked>().Single().Gate, Is.EqualTo("return-risk-high-unmitigated"));
    }

    [Test]
    public void A_forced_return_order_passes_no_safety_gate()
    {
        var ordered = Requested().Informed().Then(new ForcedReturnOrderRecorded(Guid.Empty, Now)).TransferConsent().ReadyToDepart();
        Assert.That(Departure(ordered), Is.EqualTo("return-needs-risk-assessment"));
        Assert.That(Departure(ordered.Then(new ProtectionClaimNoted(Guid.Empty, "AL", Now, ProtectionClaimStatus.Pending)).RiskAssessed()), Is.EqualTo("non-refoulement-protection-claim"));
        Assert.That(Departure(ordered.RiskAssessed(RiskLevel.High)), Is.EqualTo("return-risk-high-unmitigated"));
    }

    [Test]
    public void Child_without_best_interests_determination_is_refused()
    {
        var child = Requested(ChildStatus.Child).Informed().Then(new GuardianNoted(Guid.Empty, "nl-nidos", Now)).Consented(ConsentGiver.Guardian).RiskAssessed().TransferConsent(givenBy: "guardian");
        Assert.That(Reception(child), Is.EqualTo("child-best-interests-determination"));
        child = child.Then(new BestInterestsAssessmentNoted(Guid.Empty, Now, Now));
        Assert.That(Reception(child), Is.EqualTo("child-family-assessment"));
        Assert.That(Reception(child.Then(new FamilyAssessed(Guid.Empty, FamilyAssessment.NotSafe, Now))), Is.EqualTo("child-family-not-safe"));
        child = child.Then(new FamilyAssessed(Guid.Empty, FamilyAssessment.SafeToReunite, Now));
        Assert.That(Reception(child), Is.Null);
        var ready = child.ReadyToDepart();
        Assert.That(Departure(ready), Is.EqualTo("child-escort"));
        Assert.That(Departure(ready.Then(new EscortArranged(Guid.Empty, "nl-nidos", Now))), Is.Null);
    }

    [Test]
    public void A_childs_consent_is_given_with_an_appointed_guardian()
    {
        var child = Requested(ChildStatus.PresumedChild).Informed();
        Assert.That(Decide(child, new GiveConsent(ConsentGiver.Person), FocalPoint, Reflection).Refusal?.Rule, Is.EqualTo("child-return-needs-guardian-consent"));
        Assert.That(Decide(child, new GiveConsent(ConsentGiver.Guardian), FocalPoint, Reflection).Refusal?.Rule, Is.EqualTo("child-needs-guardian"));
        Assert.That(Decide(child.Then(new GuardianNoted(Guid.Empty, "nl-nidos", Now)), new GiveConsent(ConsentGiver.Guardian), FocalPoint, Reflection).IsRefused, Is.False);
    }

    [Test]
    public void Departure_waits_for_the_reception_arranged_and_travel_documents()
    {
        Assert.That(Departure(Ready()), Is.EqualTo("reception-arranged"));
        var requestId = Guid.NewGuid();
        var arranged = Ready().Then(new ReceptionRequested(Guid.Empty, requestId, "NL", "RO", false, false, true, Now), new ReceptionArranged(Guid.Empty, requestId, "ro-anitp", true, true, Now));
        Assert.That(Departure(arranged), Is.EqualTo("travel-documents"));
        Assert.That(Departure(Ready().ReadyToDepart()), Is.Null);
        Assert.That(ReturnGates.Pending(Ready().ReadyToDepart()), Is.Empty, "the pending gates the query shows are exactly the departure's");
    }
}
