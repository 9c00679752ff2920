namespace TransnationalReferral.Return.Cases;

/// <summary>A case's attachment withdrawn: kept in the history, never referenced again (nor across a border).</summary>
public static class WithdrawingAttachment
{
    public static Decision Decide(ReturnCase state, Guid attachmentId, WithdrawAttachment command, DecisionContext context) =>
        AttachmentRules.Withdraw(state.Id, state.Attachments, attachmentId, context);

    public static RouteGroupBuilder MapWithdrawingAttachment(this RouteGroupBuilder cases) => cases.MapWithdrawingAttachment<ReturnCase>(Decide, AddingAttachment.LegalBasis, Permissions.DecideOnCase);
}
