namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A document attached to the case by reference, never its content (screening and interview records, identity-document scans, age-assessment reports): its classification, handling code and
/// whether it contains the person's personal data, by the shared rules (<see cref="AttachmentRules"/>). Read at
/// <c>GET …/attachments/{attachmentId}</c>; redacted (<see cref="RedactingAttachment"/>) and withdrawn (<see cref="WithdrawingAttachment"/>).
/// </summary>
public static class AddingAttachment
{
    public const string LegalBasis = "GDPR art. 9(2)(g); Directive 2011/36/EU art. 11(4) — the records of the identification of a victim (screening and interview records, identity-document scans, age-assessment reports)";

    public static Decision Decide(IdentificationCase state, AddAttachment command, DecisionContext context) => AttachmentRules.Attach(state.Id, state.Attachments, command, context);

    public static RouteGroupBuilder MapAddingAttachment(this RouteGroupBuilder cases) => cases.MapAddingAttachment<IdentificationCase>("/api/identification/cases", Decide, LegalBasis, Permissions.DecideOnCase);
}
