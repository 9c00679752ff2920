using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>The gates before anything leaves a node (pure): each refusal names its rule and cites its source.</summary>
public class GateRules
{
    private static readonly string[] Partners = ["NG", "RO", "BE"];

    public static CrossBorderRequest Request(string to = "NG", string basis = TransferBases.Consent, string? legalBasis = null, string handling = HandlingCodes.PurposeOnly, string purpose = CrossBorderPurposes.ReturnReception, IReadOnlyList<string>? questions = null) =>
        new(Guid.NewGuid(), purpose, "AT", to, Guid.NewGuid(), false, questions ?? ["reception-shelter", "onward-transport"], basis, legalBasis, handling,
            DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);

    private static Refusal? Check<T>(T message, string to, TransferGrounds grounds) =>
        CrossBorderGates.Check("AT", to, typeof(T), JsonSerializer.SerializeToElement(message, CrossBorderJson.Options), grounds, Partners);

    private static TransferGrounds Consent(params string[] to) => TransferGrounds.OnConsent(to, []);

    [Test]
    public void A_request_with_consent_to_that_country_passes() =>
        Assert.That(Check(Request(), "NG", Consent("NG")), Is.Null);

    [Test]
    public void A_request_on_a_recorded_legal_basis_passes_without_consent() =>
        Assert.That(Check(Request(basis: TransferBases.LegalBasis, legalBasis: "untoc-art-18", purpose: CrossBorderPurposes.MutualLegalAssistance), "NG",
            TransferGrounds.OnLegalBasis("untoc-art-18", [])), Is.Null);

    [Test]
    public void A_transfer_without_consent_to_that_country_is_refused()
    {
        var refusal = Check(Request(), "NG", Consent("RO"));
        Assert.That(refusal?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        Assert.That(refusal!.Detail, Does.Contain("NG").And.Contain("RO"));
        Assert.That(refusal.LegalSource, Does.Contain("GDPR"));
    }

    [Test]
    public void A_legal_basis_transfer_needs_the_basis_recorded() =>
        Assert.That(Check(Request(basis: TransferBases.LegalBasis), "NG", TransferGrounds.OnLegalBasis(" ", []))?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));

    [Test]
    public void Nothing_goes_to_the_country_the_person_claims_protection_from_even_with_consent()
    {
        var refusal = Check(Request(), "NG", TransferGrounds.OnConsent(["NG"], ["NG"]));
        Assert.That(refusal?.Rule, Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(refusal!.LegalSource, Does.Contain("art. 33").And.Contain("2013/32/EU art. 30"));
        Assert.That(Check(new CrossBorderAccepted(Guid.NewGuid(), "AT", DateTimeOffset.UtcNow), "NG", TransferGrounds.ReplyTo("NG", ["NG"]))?.Rule,
            Is.EqualTo("never-to-country-of-claimed-protection"), "not even an answer");
    }

    [Test]
    public void National_only_data_never_leaves_and_an_unknown_handling_code_is_refused()
    {
        Assert.That(Check(Request(handling: HandlingCodes.NationalOnly), "NG", TransferGrounds.OnConsent(["NG"], [], HandlingCodes.NationalOnly))?.Rule, Is.EqualTo("handling-national-only"));
        Assert.That(Check(Request(handling: "secret"), "NG", TransferGrounds.OnConsent(["NG"], [], "secret"))?.Rule, Is.EqualTo("handling-code-unknown"));
        Assert.That(Check(Request(handling: HandlingCodes.PurposeOnly), "NG", TransferGrounds.OnConsent(["NG"], [], HandlingCodes.NoOnwardSharing))?.Rule, Is.EqualTo("cross-border-handling-mismatch"));
    }

    [Test]
    public void Only_configured_partners_can_be_sent_to()
    {
        Assert.That(Check(Request(to: "FR"), "FR", Consent("FR"))?.Rule, Is.EqualTo("cross-border-partner-unknown"));
        Assert.That(Check(Request(to: "ng"), "ng", Consent("ng"))?.Rule, Is.EqualTo("cross-border-partner-unknown"));
    }

    [Test]
    public void A_request_must_say_where_it_goes_on_what_basis_and_for_a_known_purpose()
    {
        Assert.That(Check(Request(to: "RO"), "NG", Consent("NG"))?.Rule, Is.EqualTo("cross-border-addressing"));
        Assert.That(Check(Request(basis: TransferBases.LegalBasis, legalBasis: "untoc-art-18"), "NG", Consent("NG"))?.Rule, Is.EqualTo("cross-border-basis-mismatch"));
        Assert.That(Check(Request(purpose: "marketing"), "NG", Consent("NG"))?.Rule, Is.EqualTo("cross-border-purpose-unknown"));
        Assert.That(Check(Request(), "NG", TransferGrounds.ReplyTo("NG"))?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"), "a request is never a reply");
    }

    [Test]
    public void A_reply_goes_only_to_the_jurisdiction_that_asked()
    {
        var accepted = new CrossBorderAccepted(Guid.NewGuid(), "AT", DateTimeOffset.UtcNow);
        Assert.That(Check(accepted, "NG", TransferGrounds.ReplyTo("NG")), Is.Null);
        Assert.That(Check(accepted, "RO", TransferGrounds.ReplyTo("NG"))?.Rule, Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
    }

    [Test]
    public void Free_text_in_a_code_field_is_refused_as_data_minimisation()
    {
        var refusal = Check(Request(questions: ["Is Maria Popescu born 1999 known to you?"]), "NG", Consent("NG"));
        Assert.That(refusal?.Rule, Is.EqualTo(Minimisation.Rule));
        Assert.That(refusal!.Detail, Does.Contain("questions").And.Not.Contain("Maria"), "the refusal does not echo the data");
        Assert.That(Check(new CrossBorderOutcome(Guid.NewGuid(), "AT", "she was found at home", DateTimeOffset.UtcNow), "NG", TransferGrounds.ReplyTo("NG"))?.Rule, Is.EqualTo(Minimisation.Rule));
    }

    [Test]
    public void A_member_not_on_the_allow_list_or_a_type_without_one_does_not_leave()
    {
        var extra = new { requestId = Guid.NewGuid(), byJurisdiction = "AT", acceptedAt = DateTimeOffset.UtcNow, dateOfBirth = "1999-01-01" };
        var refusal = Minimisation.Check(typeof(CrossBorderAccepted), JsonSerializer.SerializeToElement(extra, CrossBorderJson.Options));
        Assert.That(refusal?.Rule, Is.EqualTo(Minimisation.Rule));
        Assert.That(refusal!.Detail, Does.Contain("'dateOfBirth' is not on the allow-list"));
        Assert.That(Check(new { caseId = Guid.NewGuid() }, "NG", Consent("NG"))?.Rule, Is.EqualTo(Minimisation.Rule));
        Assert.That(Minimisation.Check(typeof(CrossBorderAccepted), JsonSerializer.SerializeToElement(new { requestId = new { name = "x" } }))!.Detail, Does.Contain("nested object"));
    }
}
