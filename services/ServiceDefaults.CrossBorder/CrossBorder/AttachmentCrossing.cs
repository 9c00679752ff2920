using TransnationalReferral.ServiceDefaults.Attachments;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// What of a node's attachments a cross-border request may refer to, and the gate rules on it (pure, once for every
/// service): a withdrawn attachment is never referenced; a redacted one is referenced by its redacted version's own
/// reference; an unredacted one with the person's personal data crosses only with a recorded legal basis for the full
/// version; a <c>national-only</c> or <c>secret</c> one never crosses. <see cref="CrossBorderGates"/> checks the request's
/// <c>attachments</c> with <see cref="Check(IEnumerable{CrossBorderAttachment}?)"/>; a decision that sends can check the same
/// rules on the attachments it holds first (<see cref="Check(IEnumerable{Attachment}?)"/>).
/// </summary>
public static class AttachmentCrossing
{
    private const string RedactionSource = "GDPR arts. 5(1)(c), 44–49; Directive (EU) 2016/680 arts. 4(1)(c), 35–39; CETS 197 art. 11 — only what the purpose needs crosses a border";
    private const string HandlingSource = "Handling code and classification of the originating authority";

    /// <summary>The references a request carries for these attachments (null when none is current).</summary>
    public static IReadOnlyList<CrossBorderAttachment>? References(IEnumerable<Attachment>? attachments)
    {
        var current = AttachmentRules.Current(attachments?.ToList()).Select(Reference).ToList();
        return current.Count == 0 ? null : current;
    }

    /// <summary>
    /// The references a request about a case carries of the case's attachments: those that may cross (<see cref="Check(IEnumerable{CrossBorderAttachment}?)"/>
    /// passes them) — the others stay on this node, as their handling code, classification or missing redaction says. Null when none.
    /// </summary>
    public static IReadOnlyList<CrossBorderAttachment>? Crossable(IEnumerable<Attachment>? attachments)
    {
        var crossing = (References(attachments) ?? []).Where(a => Check([a]) is null).ToList();
        return crossing.Count == 0 ? null : crossing;
    }

    /// <summary>The version of an attachment that may be referenced: the redacted one once recorded, else the document itself.</summary>
    public static CrossBorderAttachment Reference(Attachment attachment) =>
        Reference(attachment.Reference, attachment.Redacted?.Reference, Codes.Of(attachment.Classification), Codes.Of(attachment.Handling), attachment.ContainsVictimPersonalData, attachment.FullVersionLegalBasis);

    /// <summary>The same from codes (an attachment as a bus event names it).</summary>
    public static CrossBorderAttachment Reference(string reference, string? redactedReference, string classification, string handling, bool containsPersonalData, string? fullVersionLegalBasis) =>
        redactedReference is not null
            ? new(redactedReference, classification, handling, RedactionStates.Redacted, containsPersonalData)
            : new(reference, classification, handling, RedactionStates.Unredacted, containsPersonalData, containsPersonalData ? fullVersionLegalBasis : null);

    /// <summary>The first attachment a request may not refer to, as a refusal naming its rule; null when all may cross.</summary>
    public static Refusal? Check(IEnumerable<CrossBorderAttachment>? attachments)
    {
        foreach (var a in attachments ?? [])
        {
            if (a.HandlingCode == HandlingCodes.NationalOnly)
                return new Refusal("attachment-national-only", $"The attachment {a.Reference} carries the handling code 'national-only': it never leaves this node.", HandlingSource);
            if (a.Classification == AttachmentClassifications.Secret)
                return new Refusal("attachment-secret-never-crosses", $"The attachment {a.Reference} is classified secret: it is never referenced across a border.", HandlingSource);
            if (!AttachmentClassifications.All.Contains(a.Classification) || !RedactionStates.All.Contains(a.Redaction))
                return new Refusal("attachment-codes-unknown", $"The attachment {a.Reference} has the classification '{a.Classification}' and redaction '{a.Redaction}' " +
                    $"({string.Join(", ", AttachmentClassifications.All)}; {string.Join(", ", RedactionStates.All)}).");
            if (a.Redaction == RedactionStates.Unredacted && a.ContainsPersonalData && string.IsNullOrWhiteSpace(a.FullVersionLegalBasis))
                return new Refusal("attachment-unredacted-personal-data",
                    $"The attachment {a.Reference} contains the person's personal data and is not redacted: record its redacted version (only that crosses), or a legal basis for the full version.",
                    RedactionSource);
        }
        return null;
    }

    /// <summary>The same rules on the attachments a node holds (withdrawn ones are not referenced, so never refused).</summary>
    public static Refusal? Check(IEnumerable<Attachment>? attachments) => Check(References(attachments));

    /// <summary>The request's <c>attachments</c> on the wire, checked (none or null passes).</summary>
    public static Refusal? Check(JsonElement request) =>
        request.TryGetProperty("attachments", out var attached) && attached.ValueKind == JsonValueKind.Array
            ? Check(attached.Deserialize<List<CrossBorderAttachment>>(CrossBorderJson.Options))
            : null;
}
