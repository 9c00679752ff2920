namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// The forum criteria of a transfer of proceedings (UNTOC art. 21: where the offence was committed, the nationality of the
/// offender or the victims, where the offender is, where the evidence is, the victims' interests, the proper administration
/// of justice), recorded by code on the request — by the requesting state before it asks, by the requested state before it
/// accepts (the requesting state's criteria arrive with its signed request). A decision to request or to accept a transfer
/// needs at least one criterion. A final judgment the receiving state already gave for the same acts bars the transfer
/// (ne bis in idem): the requesting state cannot record or send it; the requested state records it and can only decline,
/// with the reason code <c>ne-bis-in-idem</c>.
/// </summary>
public static class RecordingForumCriteria
{
    public const string LegalSource = "UNTOC art. 21 (transfer of criminal proceedings in the interests of the proper administration of justice)";
    public const string NeBisInIdemSource = "ICCPR art. 14(7); European Convention on the Transfer of Proceedings in Criminal Matters (CETS 73) art. 35; EU Charter of Fundamental Rights art. 50";

    public sealed record RecordForum(IReadOnlyList<ForumCriterion> Criteria, string Reasons, bool FinalJudgmentForSameActs = false);

    public static Decision Decide(JudicialRequest state, RecordForum command, DecisionContext context)
    {
        if (state.Type != RequestType.TransferOfProceedings) return Refusal.Conflict("not-a-transfer-of-proceedings", "Forum criteria are recorded on a transfer of proceedings.");
        if (state.Stage is not (RequestStage.Drafted or RequestStage.Sent or RequestStage.Acknowledged) || (state.Direction == Direction.Outgoing && state.Stage != RequestStage.Drafted))
            return Refusal.Conflict("forum-criteria-before-decision", "Forum criteria are recorded before the request is sent (requesting state) or accepted (requested state).");
        if (command.Criteria is not { Count: > 0 }) return NeedsCriteria;
        if (command.FinalJudgmentForSameActs && state.Direction == Direction.Outgoing) return NeBisInIdem(state.Counterpart, state.Direction);
        return Decision.Accept(new ForumCriteriaRecorded(state.Id, [.. command.Criteria.Distinct().Order()], command.FinalJudgmentForSameActs, null, context.Now));
    }

    /// <summary>A transfer of proceedings is requested or accepted on at least one recorded forum criterion, and never against a final judgment of the receiving state.</summary>
    public static Refusal? Bars(JudicialRequest state) =>
        state.Type != RequestType.TransferOfProceedings ? null
        : state.FinalJudgmentForSameActs ? NeBisInIdem(state.Jurisdiction, state.Direction)
        : state.ForumCriteria is not { Count: > 0 } ? NeedsCriteria
        : null;

    private static Refusal NeedsCriteria => new("transfer-of-proceedings-needs-forum-criteria",
        "A transfer of proceedings is requested or accepted on at least one forum criterion (where the offence was committed, nationality of the offender or victims, where the offender or the evidence is, the victims' interests …).",
        LegalSource, Next: "POST /api/judicial/requests/{requestId}/forum-criteria");

    private static Refusal NeBisInIdem(string receivingState, Direction direction) => new("transfer-of-proceedings-ne-bis-in-idem",
        $"{receivingState} already gave a final judgment for the same acts: the proceedings are not transferred there (ne bis in idem){(direction == Direction.Incoming ? " — refuse the request on the grounds ne-bis-in-idem" : "")}.", NeBisInIdemSource,
        Next: direction == Direction.Incoming ? "POST /api/judicial/requests/{requestId}/refusal" : null);

    public static RouteHandlerBuilder MapRecordingForumCriteria(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/forum-criteria", (Guid requestId, RecordForum command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad)
                : command.Criteria is null ? Task.FromResult(Problems.Invalid("criteria", $"forum criteria codes ({string.Join(", ", Enum.GetValues<ForumCriterion>().Select(c => Codes.Of(c)))})."))
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "RecordForumCriteria",
            "Record the forum criteria of a transfer of proceedings (codes), and whether the receiving state already gave a final judgment for the same acts (ne bis in idem).");
}
