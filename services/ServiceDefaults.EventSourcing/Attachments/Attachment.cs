using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.Attachments;

/// <summary>How sensitive a document is (its security classification by the authority that holds it).</summary>
public enum Classification { Restricted, Confidential, Secret }

/// <summary>
/// How a document may be used once shared: the cross-border handling codes (<c>purpose-only</c>, <c>no-onward-sharing</c>),
/// <c>national-only</c> (it never leaves this node), and the judicial ones (<c>no-court-use-without-permission</c>, <c>other</c>).
/// </summary>
public enum Handling { PurposeOnly, NoCourtUseWithoutPermission, NoOnwardSharing, Other, NationalOnly }

/// <summary>What a redaction removed, by category (never the removed content itself).</summary>
public enum RedactedCategory { Names, ContactDetails, Addresses, DatesOfBirth, IdentityDocumentNumbers, HealthData, Biometrics, Whereabouts, FamilyMembers, ThirdParties, Other }

/// <summary>Whether what a reference points to has had the person's personal data removed.</summary>
public enum RedactionState { Unredacted, Redacted }

/// <summary>The redacted version of a document: its own reference in the document system, who redacted it, when, and what categories were removed.</summary>
public sealed record Redaction(string Reference, string RedactedBy, DateTimeOffset RedactedAt, IReadOnlyList<RedactedCategory> Removed);

/// <summary>
/// A document kept by reference — its reference in the document system, never its content — with its classification and
/// handling code, whether it contains the person's (the victim's) personal data, the legal basis for keeping or disclosing
/// that data, the legal basis for sending the full version across a border (without one only the redacted version
/// crosses), its redacted version once recorded, and when it was withdrawn (a withdrawn attachment is kept in the
/// history but never referenced again).
/// </summary>
public sealed record Attachment(
    Guid AttachmentId,
    string Reference,
    Classification Classification,
    Handling Handling,
    bool ContainsVictimPersonalData,
    string? LegalBasis,
    string? FullVersionLegalBasis = null,
    Redaction? Redacted = null,
    DateTimeOffset? WithdrawnAt = null)
{
    /// <summary><c>unredacted</c> until a redacted version is recorded.</summary>
    public RedactionState RedactionState => Redacted is null ? RedactionState.Unredacted : RedactionState.Redacted;

    [JsonIgnore] public bool Withdrawn => WithdrawnAt is not null;
}

/// <summary>What a stream that keeps attachments exposes to the shared rules and the border.</summary>
public interface IKeepsAttachments
{
    IReadOnlyList<Attachment>? Attachments { get; }
}

/// <summary>An event about a stream's attachments: folded the same way in every service (<see cref="Apply"/>).</summary>
public interface IAttachmentEvent
{
    IReadOnlyList<Attachment> Apply(IReadOnlyList<Attachment>? attachments);
}

/// <summary>A document attached to a case (or claim file, or request) by reference.</summary>
public sealed record DocumentAttached(Guid StreamId, Attachment Attachment, DateTimeOffset AttachedAt) : IAttachmentEvent
{
    public IReadOnlyList<Attachment> Apply(IReadOnlyList<Attachment>? attachments) => [.. attachments ?? [], Attachment];
}

/// <summary>The redacted version of an attachment recorded (its own reference; what was removed by category).</summary>
public sealed record AttachmentRedacted(Guid StreamId, Guid AttachmentId, Redaction Redaction) : IAttachmentEvent
{
    public IReadOnlyList<Attachment> Apply(IReadOnlyList<Attachment>? attachments) =>
        (attachments ?? []).Select(a => a.AttachmentId == AttachmentId ? a with { Redacted = Redaction } : a).ToList();
}

/// <summary>An attachment withdrawn: kept in the history, never referenced again (nor sent across a border).</summary>
public sealed record AttachmentWithdrawn(Guid StreamId, Guid AttachmentId, string WithdrawnBy, DateTimeOffset WithdrawnAt) : IAttachmentEvent
{
    public IReadOnlyList<Attachment> Apply(IReadOnlyList<Attachment>? attachments) =>
        (attachments ?? []).Select(a => a.AttachmentId == AttachmentId ? a with { WithdrawnAt = WithdrawnAt } : a).ToList();
}
