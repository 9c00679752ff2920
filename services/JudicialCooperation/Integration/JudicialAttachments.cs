using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// A judicial request's attachments across the border: on the way out, the references the request carries
/// (<see cref="AttachmentCrossing"/> chooses the version; the gates refuse what may not cross); on the way in, the
/// references the requested node records on the incoming request — the reference it received, never content, a redacted
/// version marked as such (redacted by the requesting node).
/// </summary>
public static class JudicialAttachments
{
    /// <summary>The attachments of a request heard on the bus, as the border sees them (null when none).</summary>
    public static IReadOnlyList<CrossBorderAttachment>? Crossing(IReadOnlyList<Contract.AttachmentReference>? attachments) =>
        attachments is not { Count: > 0 } ? null
        : attachments.Select(a => AttachmentCrossing.Reference(a.Reference, a.RedactedReference, a.Classification, a.Handling, a.ContainsVictimPersonalData, a.FullVersionLegalBasis)).ToList();

    /// <summary>The references an incoming request carried, recorded on it (unknown codes read the protective way: secret, national-only).</summary>
    public static IReadOnlyList<Attachment> Received(CrossBorderRequest request) =>
        (request.Attachments ?? []).Select((a, i) => new Attachment(Deterministic(request.RequestId, i), a.Reference,
            Codes.ReadOr(a.Classification, Classification.Secret, out _), Codes.ReadOr(a.HandlingCode, Handling.NationalOnly, out _), a.ContainsPersonalData, null,
            a.FullVersionLegalBasis, a.Redaction == RedactionStates.Redacted ? new Redaction(a.Reference, $"node:{request.FromJurisdiction}", request.RequestedAt, []) : null)).ToList();

    /// <summary>The same id for the same attachment of the same request, however often the message is handled.</summary>
    private static Guid Deterministic(Guid requestId, int index)
    {
        var bytes = requestId.ToByteArray();
        bytes[0] ^= (byte)(index + 1);
        bytes[1] ^= (byte)((index + 1) >> 8);
        return new Guid(bytes);
    }
}
