using TransnationalReferral.Identification.Vault;
using TransnationalReferral.ServiceDefaults.Cases;

namespace TransnationalReferral.Identification.Tests;

/// <summary>Pure rules of sharing, consent, legal holds and erasure.</summary>
public class DataProtectionRules
{
    private static IdentificationCase Case(ChildStatus childStatus = ChildStatus.Adult) => Signalled(childStatus: childStatus);

    private static IdentificationCase WithConsent(IdentificationCase state, ConsentKind kind, string[]? organisations = null, string[]? jurisdictions = null) =>
        state.Apply(RecordingConsent.Decide(state, new RecordingConsent.RecordConsent(kind, "ro", state.IsTreatedAsChild ? ConsentGiver.Guardian : ConsentGiver.Person, organisations, jurisdictions) { ConsentId = Guid.NewGuid() }, FocalPoint));

    [Test]
    public void Sharing_across_a_border_without_consent_or_legal_basis_is_refused()
    {
        var decision = SharingCase.Decide(Case(), new SharingCase.ShareCase(SharePurpose.ReturnAndReintegration, Now.AddDays(30), "RO", null), FocalPoint);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        Assert.That(decision.Refusal!.Detail, Does.Contain("RO"));
    }

    [Test]
    public void Sharing_across_a_border_with_consent_for_that_jurisdiction_is_accepted_and_names_the_consent()
    {
        var state = WithConsent(Case(), ConsentKind.CrossBorderTransfer, jurisdictions: ["RO"]);
        var shared = (CaseShared)SharingCase.Decide(state, new SharingCase.ShareCase(SharePurpose.ReturnAndReintegration, Now.AddDays(30), "RO", null), FocalPoint).Events.Single();
        Assert.That(shared.ConsentId, Is.EqualTo(state.Consents.Single().ConsentId));

        var elsewhere = SharingCase.Decide(state, new SharingCase.ShareCase(SharePurpose.ReturnAndReintegration, Now.AddDays(30), "BG", null), FocalPoint);
        Assert.That(elsewhere.Refusal?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"), "consent covers only the jurisdictions it names");
    }

    [Test]
    public void Sharing_across_a_border_on_a_stated_legal_basis_is_accepted()
    {
        var decision = SharingCase.Decide(Case(), new SharingCase.ShareCase(SharePurpose.CriminalProceedings, Now.AddDays(30), "DE", null, "UNTOC art. 18 — MLA request 2026/114"), FocalPoint);
        Assert.That(decision.Events.Single(), Is.TypeOf<CaseShared>());
    }

    [Test]
    public void Sharing_with_another_organisation_needs_consent_to_sharing()
    {
        var refused = SharingCase.Decide(Case(), new SharingCase.ShareCase(SharePurpose.Assistance, Now.AddDays(30), null, "nl-shelter-a"), FocalPoint);
        Assert.That(refused.Refusal?.Rule, Is.EqualTo("sharing-needs-consent-or-legal-basis"));

        var state = WithConsent(Case(), ConsentKind.SharingWithOrganisations, organisations: ["nl-shelter-a"]);
        Assert.That(SharingCase.Decide(state, new SharingCase.ShareCase(SharePurpose.Assistance, Now.AddDays(30), null, "nl-shelter-a"), FocalPoint).IsRefused, Is.False);
    }

    [TestCase(-1, "share-expiry-in-future")]
    [TestCase(400, "share-expiry-at-most-one-year")]
    public void A_share_expires_in_the_future_and_within_a_year(int days, string rule)
    {
        var decision = SharingCase.Decide(Case(), new SharingCase.ShareCase(SharePurpose.Audit, Now.AddDays(days), "DE", null, "legal basis"), FocalPoint);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo(rule));
    }

    [Test]
    public void Withdrawing_consent_revokes_the_shares_that_rested_on_it()
    {
        var state = WithConsent(Case(), ConsentKind.CrossBorderTransfer, jurisdictions: ["RO"]);
        var grantId = Guid.NewGuid();
        state = state.Apply(SharingCase.Decide(state, new SharingCase.ShareCase(SharePurpose.ReturnAndReintegration, Now.AddDays(30), "RO", null) { GrantId = grantId }, FocalPoint));

        var withdrawal = WithdrawingConsent.Decide(state, new WithdrawingConsent.WithdrawConsent(ConsentId: state.Consents.Single().ConsentId), FocalPoint);
        Assert.That(withdrawal.Events.OfType<ConsentWithdrawn>().Count(), Is.EqualTo(1));
        Assert.That(withdrawal.Events.OfType<CaseShareRevoked>().Single().GrantId, Is.EqualTo(grantId));
        state = state.Apply(withdrawal);
        Assert.That(state.Shares.Single().Revoked, Is.True);
    }

    [Test]
    public void A_childs_consent_is_given_by_the_guardian()
    {
        var child = Case(ChildStatus.PresumedChild);
        var byChild = RecordingConsent.Decide(child, new RecordingConsent.RecordConsent(ConsentKind.ReferralToServices, "ro", ConsentGiver.Person) { ConsentId = Guid.NewGuid() }, FocalPoint);
        var byGuardian = RecordingConsent.Decide(child, new RecordingConsent.RecordConsent(ConsentKind.ReferralToServices, "ro", ConsentGiver.Guardian) { ConsentId = Guid.NewGuid() }, FocalPoint);
        Assert.That(byChild.Refusal?.Rule, Is.EqualTo("child-consent-by-guardian"));
        Assert.That(byGuardian.IsRefused, Is.False);
    }

    [Test]
    public void Erasure_is_refused_under_a_legal_hold()
    {
        var state = Case().Apply(PlacingLegalHold.Decide(Case(), new PlacingLegalHold.PlaceLegalHold(LegalHoldKind.CriminalProceedings, "Trial pending"), FocalPoint));
        var decision = ErasingPersonalData.Decide(state, new ErasingPersonalData.EraseRequest("GDPR art. 17(1)(b)", "Consent withdrawn"), HoldsOf(state), FocalPoint);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("erasure-legal-hold"));
        Assert.That(decision.Refusal!.LegalSource, Does.Contain("17(3)"));
    }

    private static IReadOnlyList<ErasingPersonalData.HoldOnCase> HoldsOf(IdentificationCase state) =>
        state.LegalHolds.Select(k => new ErasingPersonalData.HoldOnCase(state.Id, k)).ToList();

    [Test]
    public void Erasure_is_refused_while_another_case_of_the_person_has_a_legal_hold()
    {
        var otherCase = Guid.NewGuid();
        var decision = ErasingPersonalData.Decide(Case(), new ErasingPersonalData.EraseRequest("GDPR art. 17(1)(b)", "Consent withdrawn"),
            [new ErasingPersonalData.HoldOnCase(otherCase, LegalHoldKind.CriminalProceedings)], FocalPoint);
        Assert.That(decision.Refusal?.Rule, Is.EqualTo("erasure-legal-hold"));
        Assert.That(decision.Refusal!.Detail, Does.Contain(otherCase.ToString()));
    }

    [Test]
    public void Linking_a_case_to_a_known_person_needs_reasons()
    {
        var known = new TransnationalReferral.ServiceDefaults.Cases.RegisteredCase(Guid.NewGuid(), Guid.NewGuid(), "NL", "nl-focal-point", "adult", DateTimeOffset.UtcNow, []);
        Assert.That(LinkingCaseToPerson.Decide([known], new(Guid.NewGuid(), known.VictimId, " "), FocalPoint).Refusal?.Rule, Is.EqualTo("person-link-needs-reasons"));
        var linked = (CaseLinkedToPerson)LinkingCaseToPerson.Decide([known], new(Guid.NewGuid(), known.VictimId, "Same passport number as in case 1"), FocalPoint).Events.Single();
        Assert.That(linked.CasesOfPerson, Is.EqualTo(new[] { known.Id }));
        Assert.That(LinkingCaseToPerson.OnEveryCaseOfThePerson(linked).Single().CaseId, Is.EqualTo(known.Id));
    }

    [Test]
    public void Only_a_judicial_officer_overrides_a_legal_hold()
    {
        var state = Case().Apply(PlacingLegalHold.Decide(Case(), new PlacingLegalHold.PlaceLegalHold(LegalHoldKind.PendingCompensation, "Claim filed"), FocalPoint));
        var request = new ErasingPersonalData.EraseRequest("GDPR art. 17(1)(b)", "Court order", OverrideLegalHold: true);

        Assert.That(ErasingPersonalData.Decide(state, request, HoldsOf(state), FocalPoint).Refusal?.Rule, Is.EqualTo("legal-hold-override-by-judicial-officer"));
        var erased = (PersonalDataErased)ErasingPersonalData.Decide(state, request, HoldsOf(state), As("JudicialOfficer", "nl-court")).Events.Single();
        Assert.That(erased.OverriddenHolds, Is.EqualTo(new[] { LegalHoldKind.PendingCompensation }));
    }

    [Test]
    public void Erasure_after_the_hold_is_lifted_is_accepted_and_cannot_be_repeated()
    {
        var state = Case().Apply(PlacingLegalHold.Decide(Case(), new PlacingLegalHold.PlaceLegalHold(LegalHoldKind.CriminalProceedings, "Trial"), FocalPoint));
        state = state.Apply(LiftingLegalHold.Decide(state, new LiftingLegalHold.LiftLegalHold(LegalHoldKind.CriminalProceedings, "Judgment final"), FocalPoint));
        state = state.Apply(ErasingPersonalData.Decide(state, new ErasingPersonalData.EraseRequest("GDPR art. 17(1)(a)", "No longer needed"), HoldsOf(state), FocalPoint));

        Assert.That(state.PersonalData, Is.EqualTo(PersonalDataStatus.Erased));
        Assert.That(ErasingPersonalData.Decide(state, new ErasingPersonalData.EraseRequest("x", "y"), HoldsOf(state), FocalPoint).Refusal?.Rule, Is.EqualTo("personal-data-already-erased"));
        Assert.That(RecordingPersonalData.Decide(state, new PersonalData(Names: ["x"]), "digest", FocalPoint).Refusal?.Rule, Is.EqualTo("personal-data-erased"));
        Assert.That(RecordingPersonalData.Decide(Case(), new PersonalData(Names: ["x"]), null, FocalPoint).Refusal?.Rule, Is.EqualTo("personal-data-erased"),
            "the person's vault record was erased through another of their cases");
    }

    [Test]
    public void Personal_data_events_name_fields_never_values()
    {
        var recorded = (PersonalDataRecorded)RecordingPersonalData.Decide(Case(),
            new PersonalData(Names: ["Maria Popescu"], DateOfBirth: new DateOnly(2001, 2, 3), IdentityDocuments: [new IdentityDocument("passport", "X1234567")]), "ab12", FocalPoint).Events.Single();
        Assert.That(recorded.Fields, Is.EqualTo(new[] { "names", "dateOfBirth", "identityDocuments" }));
        Assert.That(recorded.Sealed, Is.EqualTo("ab12"), "the digest of the ciphertext, never the values");
    }
}

/// <summary>Who may see a case: the rule every case endpoint of every service applies.</summary>
public class CaseAccessRules
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly RegisteredCase Nl = new(Guid.NewGuid(), Guid.NewGuid(), "NL", "nl-ngo-a", "adult", Now, []);
    private static Actor Caller(string role, string organisation, string jurisdiction = "NL") => new("u", role, organisation, jurisdiction);

    [Test]
    public void The_holding_organisation_the_focal_point_and_auditors_of_the_jurisdiction_see_the_case()
    {
        Assert.That(Nl.Allows(Caller("CaseWorker", "nl-ngo-a"), Now), Is.True);
        Assert.That(Nl.Allows(Caller("FocalPoint", "nl-focal-point"), Now), Is.True);
        Assert.That(Nl.Allows(Caller("Auditor", "nl-rapporteur"), Now), Is.True);
    }

    [Test]
    public void Another_organisation_or_jurisdiction_does_not_without_a_share()
    {
        Assert.That(Nl.Allows(Caller("CaseWorker", "nl-ngo-b"), Now), Is.False);
        Assert.That(Nl.Allows(Caller("FocalPoint", "be-focal-point", "BE"), Now), Is.False);
    }

    [Test]
    public void A_share_opens_the_case_to_its_grantee_until_it_expires_or_is_revoked()
    {
        var grant = new ShareGrant(Guid.NewGuid(), "RO", null, "return-and-reintegration", Now.AddDays(1));
        var shared = Nl.WithGrant(grant);
        Assert.That(shared.Allows(Caller("FocalPoint", "ro-anitp", "RO"), Now), Is.True);
        Assert.That(shared.Allows(Caller("FocalPoint", "ro-anitp", "RO"), Now.AddDays(2)), Is.False, "expired");
        Assert.That(shared.WithRevocation(grant.GrantId, Now).Allows(Caller("FocalPoint", "ro-anitp", "RO"), Now), Is.False, "revoked");
        Assert.That(shared.SharedWithJurisdictions, Is.EqualTo(new[] { "RO" }));
    }
}
