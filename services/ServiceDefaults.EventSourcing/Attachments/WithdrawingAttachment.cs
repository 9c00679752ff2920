namespace TransnationalReferral.ServiceDefaults.Attachments;

/// <summary>Withdrawing an attachment, on any service's case (<see cref="AttachmentRules.Withdraw"/>).</summary>
public static partial class AttachmentEndpoints
{
    public static RouteGroupBuilder MapWithdrawingAttachment<TState>(this RouteGroupBuilder cases, Func<TState, Guid, WithdrawAttachment, DecisionContext, Decision> decide,
        string legalBasis, string permission) where TState : class, ICaseState
    {
        cases.MapDecision("/{caseId:guid}/attachments/{attachmentId:guid}/withdrawal", (Guid caseId, Guid attachmentId, WithdrawAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                session.DecideAsync<TState>(caseId, http, (state, context) => decide(state, attachmentId, command, context), new DecisionBasis(legalBasis, command.Reasons), ct),
            permission, "WithdrawAttachment", WithdrawSummary);
        return cases;
    }
}
