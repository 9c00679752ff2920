namespace TransnationalReferral.Return.Cases;

/// <summary>
/// A document attached to the case by reference, never its content (travel documents, risk-assessment reports, reception confirmations): its classification, handling code and
/// whether it contains the person's personal data, by the shared rules (<see cref="AttachmentRules"/>). Read at
/// <c>GET …/attachments/{attachmentId}</c>; redacted (<see cref="RedactingAttachment"/>) and withdrawn (<see cref="WithdrawingAttachment"/>).
/// </summary>
public static class AddingAttachment
{
    public const string LegalBasis = "CETS 197 art. 16; Trafficking Protocol art. 8 — the records of a safe return (travel documents, risk-assessment reports, reception confirmations)";

    public static Decision Decide(ReturnCase state, AddAttachment command, DecisionContext context) => AttachmentRules.Attach(state.Id, state.Attachments, command, context);

    public static RouteGroupBuilder MapAddingAttachment(this RouteGroupBuilder cases) => cases.MapAddingAttachment<ReturnCase>("/api/return/cases", Decide, LegalBasis, Permissions.DecideOnCase);
}
