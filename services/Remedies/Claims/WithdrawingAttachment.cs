namespace TransnationalReferral.Remedies.Claims;

/// <summary>A case's attachment withdrawn: kept in the history, never referenced again (nor across a border).</summary>
public static class WithdrawingAttachment
{
    public static Decision Decide(RemediesCase state, Guid attachmentId, WithdrawAttachment command, DecisionContext context) =>
        AttachmentRules.Withdraw(state.Id, state.Attachments, attachmentId, context);

    public static RouteGroupBuilder MapWithdrawingAttachment(this RouteGroupBuilder cases) => cases.MapWithdrawingAttachment<RemediesCase>(Decide, Claiming.LegalBasis, Permissions.PursueClaims);
}
