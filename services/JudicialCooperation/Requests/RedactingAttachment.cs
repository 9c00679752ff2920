namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// The redacted version of a request's attachment recorded (its own reference, what was removed by category): from then
/// on the request refers to the redacted version when it crosses a border (<see cref="AttachmentCrossing"/>). Not on a closed request.
/// </summary>
public static class RedactingAttachment
{
    public static Decision Decide(JudicialRequest state, Guid attachmentId, RecordRedaction command, DecisionContext context) =>
        state.Stage == RequestStage.Closed
            ? Refusal.Conflict("request-closed", "The request is closed.")
            : AttachmentRules.Redact(state.Id, state.Attachments, attachmentId, command, context);

    public static RouteGroupBuilder MapRedactingAttachment(this RouteGroupBuilder requests)
    {
        requests.MapDecision("/{requestId:guid}/attachments/{attachmentId:guid}/redaction", (Guid requestId, Guid attachmentId, RecordRedaction command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                AttachmentRules.Invalid(command) is { } invalid ? Task.FromResult(invalid)
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, attachmentId, command, c), null, ct),
            Permissions.HandleJudicialRequests, "RecordAttachmentRedaction", AttachmentEndpoints.RedactSummary);
        return requests;
    }
}
