namespace TransnationalReferral.Remedies.Claims;

/// <summary>The legal representation / legal aid organisation assigned to the person; assigning the same one again changes nothing.</summary>
public static class AssigningLegalAid
{
    public sealed record AssignLegalAid([property: OrganisationCode("the legal aid organisation's code")] string Organisation, string? Reasons = null);

    public static Decision Decide(RemediesCase state, AssignLegalAid command, DecisionContext context) =>
        state.LegalAidOrganisation == command.Organisation ? Decision.NothingToDo : Decision.Accept(new LegalAidAssigned(state.Id, command.Organisation, context.Now));

    public static RouteHandlerBuilder MapAssigningLegalAid(this RouteGroupBuilder cases) =>
        cases.MapDecision<RemediesCase, AssignLegalAid>("/{caseId:guid}/legal-aid", Decide, Claiming.LegalBasis, Permissions.PursueClaims, "AssignLegalAid", "Record the legal representation / legal aid assigned.");
}
