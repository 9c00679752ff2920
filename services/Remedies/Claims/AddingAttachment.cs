namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// A document attached to the case by reference, never its content (evidence of damage, medical bills, judgments, payment proofs): its classification, handling code and
/// whether it contains the person's personal data, by the shared rules (<see cref="AttachmentRules"/>). Read at
/// <c>GET …/attachments/{attachmentId}</c>; redacted (<see cref="RedactingAttachment"/>) and withdrawn (<see cref="WithdrawingAttachment"/>).
/// </summary>
public static class AddingAttachment
{
    public static Decision Decide(RemediesCase state, AddAttachment command, DecisionContext context) => AttachmentRules.Attach(state.Id, state.Attachments, command, context);

    public static RouteGroupBuilder MapAddingAttachment(this RouteGroupBuilder cases) => cases.MapAddingAttachment<RemediesCase>("/api/remedies/cases", Decide, Claiming.LegalBasis, Permissions.PursueClaims);
}
