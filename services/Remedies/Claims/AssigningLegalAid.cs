namespace TransnationalReferral.Remedies.Claims;

/// <summary>The legal representation / legal aid organisation assigned to the person; assigning the same one again changes nothing.</summary>
public static class AssigningLegalAid
{
    public sealed record AssignLegalAid(string Organisation, string? Reasons = null);

    public static Decision Decide(RemediesCase state, AssignLegalAid command, DecisionContext context) =>
        state.LegalAidOrganisation == command.Organisation ? Decision.NothingToDo : Decision.Accept(new LegalAidAssigned(state.Id, command.Organisation, context.Now));

    public static RouteHandlerBuilder MapAssigningLegalAid(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/legal-aid", async (Guid caseId, AssignLegalAid command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.Organisation) ? Problems.Invalid("organisation", $"the legal aid organisation's code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "AssignLegalAid", "Record the legal representation / legal aid assigned.");
}
