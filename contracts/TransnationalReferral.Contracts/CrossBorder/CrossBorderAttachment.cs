namespace TransnationalReferral.Contracts.CrossBorder;

/// <summary>
/// A document a cross-border request refers to: the reference of the version that crosses in the sending node's document
/// system (never the content), its classification, its handling code, and whether that version is redacted. Only a
/// redacted version crosses unless <paramref name="FullVersionLegalBasis"/> names the legal basis for the full version;
/// a <c>secret</c> or <c>national-only</c> document never crosses (the sending node's gates refuse the request).
/// </summary>
/// <param name="Reference">The reference of the version that crosses (the redacted version's own reference when redacted).</param>
/// <param name="Classification">One of <see cref="AttachmentClassifications"/>.</param>
/// <param name="HandlingCode">A handling code (<see cref="HandlingCodes"/>, or <c>no-court-use-without-permission</c>, <c>other</c>).</param>
/// <param name="Redaction">One of <see cref="RedactionStates"/>.</param>
/// <param name="ContainsPersonalData">Whether the document (as it was before any redaction) contains the person's personal data.</param>
/// <param name="FullVersionLegalBasis">The legal basis (a code) on which an unredacted version with personal data crosses; null otherwise.</param>
public sealed record CrossBorderAttachment(string Reference, string Classification, string HandlingCode, string Redaction, bool ContainsPersonalData, string? FullVersionLegalBasis = null);

/// <summary>The classifications of a cross-border attachment (<c>secret</c> never crosses).</summary>
public static class AttachmentClassifications
{
    public const string Restricted = "restricted";
    public const string Confidential = "confidential";
    public const string Secret = "secret";

    public static readonly IReadOnlyList<string> All = new[] { Restricted, Confidential, Secret };
}

/// <summary>Whether the version a cross-border attachment references has had the person's personal data removed.</summary>
public static class RedactionStates
{
    public const string Unredacted = "unredacted";
    public const string Redacted = "redacted";

    public static readonly IReadOnlyList<string> All = new[] { Unredacted, Redacted };
}
