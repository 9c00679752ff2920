namespace TransnationalReferral.ServiceDefaults.Attachments;

/// <summary>
/// The attachment routes of a case (<c>{caseId:guid}</c>) in any service, mapped by that service's decision files with
/// their own Decide: <c>POST …/attachments</c> (201, Location is the attachment), <c>GET …/attachments/{attachmentId}</c>,
/// <c>POST …/attachments/{attachmentId}/redaction</c> and <c>…/withdrawal</c> (If-Match, the case's new ETag).
/// </summary>
public static partial class AttachmentEndpoints
{
    public const string AddSummary = "Attach a document by reference (never its content) with its classification, handling code and whether it contains the person's personal data; " +
        "a legal basis for the full version lets the unredacted version cross a border, otherwise only a redacted version does. 201: Location is the attachment.";
    public const string RedactSummary = "Record the redacted version of an attachment: its own reference in the document system and what it removed, by category. Only the redacted version crosses a border unless a legal basis for the full version is recorded.";
    public const string WithdrawSummary = "Withdraw an attachment: kept in the history, never referenced again (nor sent across a border).";

    /// <param name="resource">The gateway path of the cases (e.g. <c>/api/protection/cases</c>), for the Location.</param>
    public static RouteGroupBuilder MapAddingAttachment<TState>(this RouteGroupBuilder cases, string resource, Func<TState, AddAttachment, DecisionContext, Decision> decide,
        string legalBasis, string permission) where TState : class, ICaseState, IEvolving<TState>, IKeepsAttachments
    {
        cases.MapDecision("/{caseId:guid}/attachments", async (Guid caseId, AddAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (AttachmentRules.Invalid(command) is { } invalid) return invalid;
                var attachment = command with { AttachmentId = Guid.CreateVersion7() };
                return await session.DecideAsync<TState>(caseId, http, (state, context) => decide(state, attachment, context), new DecisionBasis(legalBasis, command.LegalBasis), ct,
                    creates: new Creates($"{resource}/{caseId}/attachments/{attachment.AttachmentId}", version => new AttachmentCreated(caseId, attachment.AttachmentId, version)));
            },
            permission, "AddAttachment", AddSummary)
            .Produces<AttachmentCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<TState, Attachment>("attachments", (state, attachmentId) => AttachmentRules.Find(state.Attachments, attachmentId), "attachment", "GetAttachment");
        return cases;
    }
}
