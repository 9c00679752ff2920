namespace TransnationalReferral.ServiceDefaults.Attachments;

/// <summary>Recording an attachment's redacted version, on any service's case (<see cref="AttachmentRules.Redact"/>).</summary>
public static partial class AttachmentEndpoints
{
    public static RouteGroupBuilder MapRedactingAttachment<TState>(this RouteGroupBuilder cases, Func<TState, Guid, RecordRedaction, DecisionContext, Decision> decide,
        string legalBasis, string permission) where TState : class, ICaseState
    {
        cases.MapDecision("/{caseId:guid}/attachments/{attachmentId:guid}/redaction", (Guid caseId, Guid attachmentId, RecordRedaction command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                AttachmentRules.Invalid(command) is { } invalid ? Task.FromResult(invalid)
                : session.DecideAsync<TState>(caseId, http, (state, context) => decide(state, attachmentId, command, context), new DecisionBasis(legalBasis), ct),
            permission, "RecordAttachmentRedaction", RedactSummary);
        return cases;
    }
}
