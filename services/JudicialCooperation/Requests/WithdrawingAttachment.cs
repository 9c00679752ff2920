namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>An attachment withdrawn from an open request: kept in the history, never sent, forwarded or referenced across a border again.</summary>
public static class WithdrawingAttachment
{
    public static Decision Decide(JudicialRequest state, Guid attachmentId, WithdrawAttachment command, DecisionContext context) =>
        state.Stage is not (RequestStage.Drafted or RequestStage.Acknowledged or RequestStage.UnderExecution)
            ? Refusal.Conflict("request-not-open-for-attachments", $"The request is {Codes.Of(state.Stage)}.")
            : AttachmentRules.Withdraw(state.Id, state.Attachments, attachmentId, context);

    public static RouteGroupBuilder MapWithdrawingAttachment(this RouteGroupBuilder requests)
    {
        requests.MapDecision("/{requestId:guid}/attachments/{attachmentId:guid}/withdrawal", (Guid requestId, Guid attachmentId, WithdrawAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, attachmentId, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "WithdrawAttachment", AttachmentEndpoints.WithdrawSummary);
        return requests;
    }
}
