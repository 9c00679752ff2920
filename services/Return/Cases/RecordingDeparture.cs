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
        cases.MapDecision<ReturnCase, Depart>("/{caseId:guid}/departure", Decide, CoordinatingReturn.LegalBasis,
            Permissions.DecideOnCase, "RecordDeparture", "Record the departure — refused (409, with the gate) unless every gate is open; see GET …/return-gates.");
}
