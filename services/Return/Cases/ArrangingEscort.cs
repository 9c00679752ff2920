namespace TransnationalReferral.Return.Cases;

/// <summary>The escort arranged while preparing a return (a child travels with one).</summary>
public static class ArrangingEscort
{
    public sealed record ArrangeEscort(string EscortOrganisation, string? Reasons = null);

    public static Decision Decide(ReturnCase state, ArrangeEscort command, DecisionContext context) =>
        state.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "An escort is arranged while preparing a return.")
        : Decision.Accept(new EscortArranged(state.Id, command.EscortOrganisation, context.Now));

    public static RouteHandlerBuilder MapArrangingEscort(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/escort", async (Guid caseId, ArrangeEscort command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.EscortOrganisation) ? Problems.Invalid("escortOrganisation", $"the escorting organisation's code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(CoordinatingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ArrangeEscort", "Record the escort (required for a child).");
}
