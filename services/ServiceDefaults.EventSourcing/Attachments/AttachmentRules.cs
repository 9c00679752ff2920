using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.Attachments;

/// <summary>Attach a document by reference (never its content).</summary>
/// <param name="Reference">The document's reference in your document system, at most 200 characters.</param>
/// <param name="LegalBasis">The legal basis for keeping (and disclosing) the person's personal data in it.</param>
/// <param name="FullVersionLegalBasis">A code (e.g. <c>untoc-art-18</c>): the legal basis on which the full, unredacted version may cross a border. Without it only a redacted version crosses.</param>
public sealed record AddAttachment(string Reference, Classification Classification, Handling Handling, bool ContainsVictimPersonalData, string? LegalBasis = null,
    string? FullVersionLegalBasis = null)
{
    /// <summary>The new attachment's id, minted by the endpoint.</summary>
    [JsonIgnore] public Guid AttachmentId { get; init; }
}

/// <summary>Record the redacted version of an attachment.</summary>
/// <param name="RedactedReference">The redacted version's own reference in the document system.</param>
/// <param name="Removed">What the redaction removed, by category.</param>
public sealed record RecordRedaction(string RedactedReference, IReadOnlyList<RedactedCategory> Removed);

/// <summary>Withdraw an attachment: it stays in the history and is never referenced again.</summary>
[Reasons("say why the attachment is withdrawn.")]
public sealed record WithdrawAttachment(string Reasons);

/// <summary>An attachment added: its id, the resource it was added to and that resource's new version (the ETag).</summary>
public sealed record AttachmentCreated(Guid Id, Guid AttachmentId, long Version);

/// <summary>
/// The rules of attachments, once for every service (each service's decision files call them with their own state):
/// a reference is attached once; a redacted version has its own reference and names what it removed; a withdrawn
/// attachment is neither redacted nor withdrawn again. Pure.
/// </summary>
public static partial class AttachmentRules
{
    public const string LegalSource = "GDPR arts. 5(1)(c) and 25; Directive (EU) 2016/680 arts. 4(1)(c) and 20 — data minimisation and data protection by design";
    public const int MaxReferenceLength = 200;

    public static Decision Attach(Guid streamId, IReadOnlyList<Attachment>? attachments, AddAttachment command, DecisionContext context)
    {
        if (Current(attachments).Any(a => a.Reference == command.Reference || a.Redacted?.Reference == command.Reference))
            return Refusal.Conflict("attachment-already-attached", $"The document {command.Reference} is already attached.");
        return Decision.Accept(new DocumentAttached(streamId, new Attachment(command.AttachmentId, command.Reference, command.Classification, command.Handling,
            command.ContainsVictimPersonalData, command.LegalBasis, command.FullVersionLegalBasis), context.Now));
    }

    public static Decision Redact(Guid streamId, IReadOnlyList<Attachment>? attachments, Guid attachmentId, RecordRedaction command, DecisionContext context)
    {
        if (Find(attachments, attachmentId) is not { } attachment) return Unknown(attachmentId);
        if (attachment.Withdrawn) return Refusal.Conflict("attachment-withdrawn", $"The attachment {attachment.Reference} was withdrawn: it is no longer referenced.");
        if (string.IsNullOrWhiteSpace(command.RedactedReference) || (attachments ?? []).Any(a => a.Reference == command.RedactedReference))
            return new Refusal("redacted-version-needs-own-reference",
                "The redacted version is a document of its own: give its own reference in the document system, not the original's (nor another attachment's).", LegalSource);
        if (command.Removed is not { Count: > 0 })
            return new Refusal("redaction-names-removed-categories", "Say what the redaction removed, by category (names, contact-details, health-data, …).", LegalSource);
        return Decision.Accept(new AttachmentRedacted(streamId, attachmentId,
            new Redaction(command.RedactedReference, context.Actor.Id, context.Now, command.Removed.Distinct().ToList())));
    }

    public static Decision Withdraw(Guid streamId, IReadOnlyList<Attachment>? attachments, Guid attachmentId, DecisionContext context)
    {
        if (Find(attachments, attachmentId) is not { } attachment) return Unknown(attachmentId);
        if (attachment.Withdrawn) return Refusal.Conflict("attachment-already-withdrawn", $"The attachment {attachment.Reference} was already withdrawn.");
        return Decision.Accept(new AttachmentWithdrawn(streamId, attachmentId, context.Actor.Id, context.Now));
    }

    /// <summary>The attachments still referenced (not withdrawn).</summary>
    public static IEnumerable<Attachment> Current(IReadOnlyList<Attachment>? attachments) => (attachments ?? []).Where(a => !a.Withdrawn);

    public static Attachment? Find(IReadOnlyList<Attachment>? attachments, Guid attachmentId) => (attachments ?? []).FirstOrDefault(a => a.AttachmentId == attachmentId);

    private static Refusal Unknown(Guid attachmentId) => Refusal.Conflict("attachment-unknown", $"No attachment {attachmentId} here.");

    /// <summary>The body's problem as a 400 (a reference is a document-system reference without spaces; a legal basis for the full version is a code), or none.</summary>
    public static IResult? Invalid(AddAttachment command) =>
        InvalidReference("reference", command.Reference)
        ?? (command.FullVersionLegalBasis is { } basis && (basis.Length is 0 or > 128 || basis.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            ? Problems.Invalid("fullVersionLegalBasis", "a code of at most 128 characters without spaces (e.g. untoc-art-18).") : null);

    public static IResult? Invalid(RecordRedaction command) => InvalidReference("redactedReference", command.RedactedReference);

    /// <summary>
    /// A document-system reference: letters, digits and <c>-/._:</c>, no spaces — like a proceedings reference, it never
    /// carries a name or a narrative (it is stored in events and may cross a border).
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9./_:-]{0,199}$")]
    private static partial System.Text.RegularExpressions.Regex ReferenceFormat();

    private static IResult? InvalidReference(string field, string? reference) =>
        reference is null || !ReferenceFormat().IsMatch(reference)
            ? Problems.Invalid(field, $"the document's reference in your document system (never its content, never a name): letters, digits and -/._: without spaces, at most {MaxReferenceLength} characters.") : null;
}
