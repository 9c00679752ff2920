namespace TransnationalReferral.Return.Cases;

/// <summary>The travel documents issued through the consulate, recorded while preparing a return.</summary>
public static class RecordingTravelDocuments
{
    public sealed record RecordTravelDocuments(string IssuedBy, string? Reasons = null);

    public static Decision Decide(ReturnCase state, RecordTravelDocuments command, DecisionContext context) =>
        state.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "Travel documents are recorded while preparing a return.")
        : Decision.Accept(new TravelDocumentsIssued(state.Id, command.IssuedBy, context.Now));

    public static RouteHandlerBuilder MapRecordingTravelDocuments(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/travel-documents", async (Guid caseId, RecordTravelDocuments command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.IssuedBy) ? Problems.Invalid("issuedBy", $"the consulate's organisation code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(CoordinatingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordTravelDocuments", "Record the travel documents issued through the consulate.");
}
