namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>Whether the person cooperates with the criminal justice authorities — published for information only: no service changes assistance because of it.</summary>
public static class RecordingCooperationStatus
{
    public const string LegalBasis = "CETS 197 art. 12(6) — assistance not conditional on cooperation; published for information only";

    public sealed record RecordCooperationStatus(CooperationStatus Status, string? Reasons = null);

    public static Decision Decide(CaseFile state, RecordCooperationStatus command, DecisionContext context) =>
        state.Cooperation == command.Status ? Decision.NothingToDo : Decision.Accept(new CooperationStatusRecorded(state.Id, command.Status, context.Now));

    public static RouteHandlerBuilder MapRecordingCooperationStatus(this RouteGroupBuilder cases) =>
        cases.MapDecision<CaseFile, RecordCooperationStatus>("/{caseId:guid}/cooperation-status", Decide, LegalBasis,
            Permissions.HandleJudicialRequests, "RecordCooperationStatus", "Record whether the person cooperates with the criminal justice authorities (cooperating, declined, withdrawn). Published for information only: no service changes assistance because of it.");
}
