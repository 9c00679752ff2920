namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Identification answered which keyed hashes of a partner's request belong to victims recognised here: each such victim's
/// case is flagged for a non-punishment review (the same review, and the same hold on execution, as a person named by this
/// node's case id), and the wait for the answer ends. Only the first answer counts.
/// </summary>
public static class RecordingIdentityMatch
{
    public sealed record RecordIdentityMatch(IReadOnlyList<Guid> VictimCaseIds);

    public static Decision Decide(JudicialRequest state, RecordIdentityMatch command, DecisionContext context)
    {
        if (state.IdentityMatch != IdentityMatchStage.Pending) return Decision.NothingToDo;
        var victims = command.VictimCaseIds.Distinct().ToList();
        var flagged = victims.Where(c => !(state.Reviews ?? []).Any(r => r.CaseId == c)).Select(c => (object)new NonPunishmentReviewRequired(state.Id, c, context.Now));
        return Decision.Accept([new IdentityMatchAnswered(state.Id, victims, context.Now), .. flagged]);
    }
}
