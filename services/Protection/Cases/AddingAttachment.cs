namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// A document attached to the case by reference, never its content (medical and psychological reports, care plans, risk assessments): its classification, handling code and
/// whether it contains the person's personal data, by the shared rules (<see cref="AttachmentRules"/>). Read at
/// <c>GET …/attachments/{attachmentId}</c>; redacted (<see cref="RedactingAttachment"/>) and withdrawn (<see cref="WithdrawingAttachment"/>).
/// </summary>
public static class AddingAttachment
{
    public const string LegalBasis = "CETS 197 art. 12; Directive 2011/36/EU arts. 11–12; GDPR art. 9(2)(h) — the records of assistance and protection (medical and psychological reports, care plans, risk assessments)";

    public static Decision Decide(ProtectionCase state, AddAttachment command, DecisionContext context) => AttachmentRules.Attach(state.Id, state.Attachments, command, context);

    public static RouteGroupBuilder MapAddingAttachment(this RouteGroupBuilder cases) => cases.MapAddingAttachment<ProtectionCase>("/api/protection/cases", Decide, LegalBasis, Permissions.DecideOnCase);
}
