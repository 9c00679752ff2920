namespace TransnationalReferral.Return.Cases;

/// <summary>The travel documents issued through the consulate, recorded while preparing a return.</summary>
public static class RecordingTravelDocuments
{
    public sealed record RecordTravelDocuments([property: OrganisationCode("the consulate's organisation code")] string IssuedBy, string? Reasons = null);

    public static Decision Decide(ReturnCase state, RecordTravelDocuments command, DecisionContext context) =>
        state.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "Travel documents are recorded while preparing a return.")
        : Decision.Accept(new TravelDocumentsIssued(state.Id, command.IssuedBy, context.Now));

    public static RouteHandlerBuilder MapRecordingTravelDocuments(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, RecordTravelDocuments>("/{caseId:guid}/travel-documents", Decide, CoordinatingReturn.LegalBasis, Permissions.DecideOnCase, "RecordTravelDocuments", "Record the travel documents issued through the consulate.");
}
