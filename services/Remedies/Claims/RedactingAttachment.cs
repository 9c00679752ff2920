namespace TransnationalReferral.Remedies.Claims;

/// <summary>The redacted version of a case's attachment recorded: only that version crosses a border unless a legal basis for the full version is recorded (<see cref="AttachmentCrossing"/>).</summary>
public static class RedactingAttachment
{
    public static Decision Decide(RemediesCase state, Guid attachmentId, RecordRedaction command, DecisionContext context) =>
        AttachmentRules.Redact(state.Id, state.Attachments, attachmentId, command, context);

    public static RouteGroupBuilder MapRedactingAttachment(this RouteGroupBuilder cases) => cases.MapRedactingAttachment<RemediesCase>(Decide, Claiming.LegalBasis, Permissions.PursueClaims);
}
