namespace TransnationalReferral.Return.Cases;

/// <summary>Departure passes every gate: the informed decision, safety (non-refoulement, risk, a child's safeguards) and the practical ones.</summary>
public static class RecordingDeparture
{
    public sealed record Depart(string? Reasons = null);

    public static Decision Decide(ReturnCase state, Depart command, DecisionContext context)
    {
        if (state.Stage != ReturnStage.Preparing)
            return Refusal.Conflict("return-not-in-preparation", $"The return is {Codes.Of(state.Stage)}.");
        if (ReturnGates.Pending(state).FirstOrDefault() is { } gate) return gate;
        return Decision.Accept(new ReturnDeparted(state.Id, state.Reception!.RequestId, state.Reception.ToJurisdiction, state.EscortOrganisation is not null, context.Now));
    }

    public static RouteHandlerBuilder MapRecordingDeparture(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/departure", async (Guid caseId, Depart command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(CoordinatingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordDeparture", "Record the departure — refused (409, with the gate) unless every gate is open; see GET …/return-gates. Needs If-Match.");
}
