namespace TransnationalReferral.Return.Cases;

/// <summary>The escort arranged while preparing a return (a child travels with one).</summary>
public static class ArrangingEscort
{
    public sealed record ArrangeEscort([property: OrganisationCode("the escorting organisation's code")] string EscortOrganisation, string? Reasons = null);

    public static Decision Decide(ReturnCase state, ArrangeEscort command, DecisionContext context) =>
        state.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "An escort is arranged while preparing a return.")
        : Decision.Accept(new EscortArranged(state.Id, command.EscortOrganisation, context.Now));

    public static RouteHandlerBuilder MapArrangingEscort(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, ArrangeEscort>("/{caseId:guid}/escort", Decide, CoordinatingReturn.LegalBasis, Permissions.DecideOnCase, "ArrangeEscort", "Record the escort (required for a child).");
}
