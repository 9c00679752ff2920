using TransnationalReferral.ServiceDefaults.Attachments;
using TransnationalReferral.ServiceDefaults.Decisions;
using Rules = TransnationalReferral.ServiceDefaults.Attachments.AttachmentRules;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// Attachments, redacted before they cross a border (pure): the shared rules every service's attachment decisions use,
/// and the crossing rule the gates apply to a request's attachments. Each refusal names its rule.
/// </summary>
public class AttachmentRules
{
    private static readonly DecisionContext Context = new(new Actor("prosecutor-4", "JudicialOfficer", "at-sta-wien", "AT"), DateTimeOffset.UtcNow);
    private static readonly string[] Partners = ["NG"];

    private static Attachment Document(bool personalData = true, Classification classification = Classification.Confidential, Handling handling = Handling.PurposeOnly,
        string? fullVersionLegalBasis = null) =>
        new(Guid.NewGuid(), "AT-STA-2026-17/witness-statement", classification, handling, personalData, personalData ? "Directive (EU) 2016/680 art. 9" : null, fullVersionLegalBasis);

    private static Attachment Redacted(Attachment attachment) =>
        attachment with { Redacted = new Redaction("AT-STA-2026-17/witness-statement-redacted", "prosecutor-4", DateTimeOffset.UtcNow, [RedactedCategory.Names]) };

    private static Refusal? AtTheBorder(params Attachment[] attachments)
    {
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.MutualLegalAssistance, "AT", "NG", Guid.NewGuid(), false, ["mla-evidence", "victim"],
            TransferBases.LegalBasis, "untoc-art-18", HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow, Attachments: AttachmentCrossing.References(attachments));
        return CrossBorderGates.Check("AT", "NG", typeof(CrossBorderRequest), JsonSerializer.SerializeToElement(request, CrossBorderJson.Options),
            TransferGrounds.OnLegalBasis("untoc-art-18", []), Partners);
    }

    [Test]
    public void An_unredacted_attachment_with_personal_data_is_refused_at_the_border_without_a_legal_basis_for_the_full_version()
    {
        var refusal = AtTheBorder(Document());
        Assert.That(refusal?.Rule, Is.EqualTo("attachment-unredacted-personal-data"));
        Assert.That(refusal!.LegalSource, Does.Contain("GDPR").And.Contain("2016/680"));
        Assert.That(AttachmentCrossing.Check([Document()])?.Rule, Is.EqualTo("attachment-unredacted-personal-data"), "the same rule where the decision to send is taken");
    }

    [Test]
    public void The_redacted_version_crosses_by_its_own_reference_only()
    {
        var attachment = Redacted(Document());
        Assert.That(AtTheBorder(attachment), Is.Null);
        var crossing = AttachmentCrossing.References([attachment])!.Single();
        Assert.That(crossing.Reference, Is.EqualTo("AT-STA-2026-17/witness-statement-redacted"));
        Assert.That(crossing.Redaction, Is.EqualTo(RedactionStates.Redacted));
        Assert.That(JsonSerializer.Serialize(crossing, CrossBorderJson.Options), Does.Not.Contain("\"AT-STA-2026-17/witness-statement\""), "the original's reference does not cross");
    }

    [Test]
    public void The_full_version_crosses_with_a_legal_basis_for_it_and_without_personal_data_no_redaction_is_needed()
    {
        Assert.That(AtTheBorder(Document(fullVersionLegalBasis: "untoc-art-18-3-a")), Is.Null);
        Assert.That(AttachmentCrossing.References([Document(fullVersionLegalBasis: "untoc-art-18-3-a")])!.Single().FullVersionLegalBasis, Is.EqualTo("untoc-art-18-3-a"));
        Assert.That(AtTheBorder(Document(personalData: false)), Is.Null);
    }

    [Test]
    public void National_only_or_secret_never_crosses_even_redacted_or_with_a_legal_basis()
    {
        Assert.That(AtTheBorder(Redacted(Document(handling: Handling.NationalOnly)))?.Rule, Is.EqualTo("attachment-national-only"));
        Assert.That(AtTheBorder(Document(personalData: false, handling: Handling.NationalOnly))?.Rule, Is.EqualTo("attachment-national-only"));
        Assert.That(AtTheBorder(Redacted(Document(classification: Classification.Secret, fullVersionLegalBasis: "untoc-art-18")))?.Rule, Is.EqualTo("attachment-secret-never-crosses"));
    }

    [Test]
    public void A_withdrawn_attachment_is_not_referenced()
    {
        var withdrawn = Document() with { WithdrawnAt = DateTimeOffset.UtcNow };
        Assert.That(AttachmentCrossing.References([withdrawn]), Is.Null);
        Assert.That(AtTheBorder(withdrawn, Redacted(Document() with { Reference = "AT-STA-2026-17/photo" })), Is.Null, "not refused either: it is not there");
    }

    [Test]
    public void A_request_about_a_case_refers_only_to_the_attachments_that_may_cross()
    {
        var crossing = AttachmentCrossing.Crossable([Document(), Document(personalData: false, handling: Handling.NationalOnly), Redacted(Document(classification: Classification.Secret)),
            Redacted(Document()), Document(personalData: false) with { Reference = "AT-STA-2026-17/travel-document" }]);
        Assert.That(crossing!.Select(a => a.Reference), Is.EqualTo(new[] { "AT-STA-2026-17/witness-statement-redacted", "AT-STA-2026-17/travel-document" }));
    }

    [Test]
    public void An_attachment_on_the_wire_carries_codes_only_and_nothing_else()
    {
        var request = JsonSerializer.SerializeToNode(new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.MutualLegalAssistance, "AT", "NG", Guid.NewGuid(), false, ["mla-evidence"],
            TransferBases.LegalBasis, "untoc-art-18", HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow, Attachments: AttachmentCrossing.References([Redacted(Document())])), CrossBorderJson.Options)!;
        Assert.That(Minimisation.Check(typeof(CrossBorderRequest), JsonSerializer.SerializeToElement(request)), Is.Null);
        request["attachments"]![0]!["reference"] = "the statement of Maria about her employer";
        Assert.That(Minimisation.Check(typeof(CrossBorderRequest), JsonSerializer.SerializeToElement(request))?.Detail, Does.Contain("free text").And.Not.Contain("Maria"));
        request["attachments"]![0]!["reference"] = "AT-1";
        request["attachments"]![0]!["content"] = "AAAA";
        Assert.That(Minimisation.Check(typeof(CrossBorderRequest), JsonSerializer.SerializeToElement(request))?.Detail, Does.Contain("'content'"));
    }

    [Test]
    public void The_redacted_version_needs_its_own_reference_and_says_what_it_removed()
    {
        var attachment = Document();
        Assert.That(Rules.Redact(Guid.NewGuid(), [attachment], attachment.AttachmentId, new RecordRedaction(attachment.Reference, [RedactedCategory.Names]), Context).Refusal?.Rule,
            Is.EqualTo("redacted-version-needs-own-reference"));
        Assert.That(Rules.Redact(Guid.NewGuid(), [attachment], attachment.AttachmentId, new RecordRedaction("AT-STA-2026-17/witness-statement-redacted", []), Context).Refusal?.Rule,
            Is.EqualTo("redaction-names-removed-categories"));
        var redacted = Rules.Redact(Guid.NewGuid(), [attachment], attachment.AttachmentId,
            new RecordRedaction("AT-STA-2026-17/witness-statement-redacted", [RedactedCategory.Names, RedactedCategory.Names, RedactedCategory.HealthData]), Context);
        var redaction = ((AttachmentRedacted)redacted.Events.Single()).Redaction;
        Assert.That(redaction, Is.EqualTo(redaction with { RedactedBy = "prosecutor-4", RedactedAt = Context.Now }), "who redacted, when");
        Assert.That(redaction.Removed, Is.EqualTo(new[] { RedactedCategory.Names, RedactedCategory.HealthData }));
        var state = ((IAttachmentEvent)redacted.Events.Single()).Apply([attachment]);
        Assert.That(state.Single().RedactionState, Is.EqualTo(RedactionState.Redacted));
    }

    [Test]
    public void A_document_is_attached_once_and_a_withdrawn_one_is_neither_redacted_nor_withdrawn_again()
    {
        var attachment = Document();
        Assert.That(Rules.Attach(Guid.NewGuid(), [attachment], new AddAttachment(attachment.Reference, Classification.Restricted, Handling.PurposeOnly, false), Context).Refusal?.Rule,
            Is.EqualTo("attachment-already-attached"));
        var withdrawn = ((IAttachmentEvent)Rules.Withdraw(Guid.NewGuid(), [attachment], attachment.AttachmentId, Context).Events.Single()).Apply([attachment]);
        Assert.That(withdrawn.Single().WithdrawnAt, Is.EqualTo(Context.Now));
        Assert.That(Rules.Withdraw(Guid.NewGuid(), withdrawn, attachment.AttachmentId, Context).Refusal?.Rule, Is.EqualTo("attachment-already-withdrawn"));
        Assert.That(Rules.Redact(Guid.NewGuid(), withdrawn, attachment.AttachmentId, new RecordRedaction("AT-STA-2026-17/x", [RedactedCategory.Names]), Context).Refusal?.Rule,
            Is.EqualTo("attachment-withdrawn"));
        Assert.That(Rules.Withdraw(Guid.NewGuid(), withdrawn, Guid.NewGuid(), Context).Refusal?.Rule, Is.EqualTo("attachment-unknown"));
        Assert.That(Rules.Attach(Guid.NewGuid(), withdrawn, new AddAttachment(attachment.Reference, Classification.Restricted, Handling.PurposeOnly, false), Context).Refusal, Is.Null,
            "a withdrawn document may be attached again");
    }
}
