namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The other state's signed answer to a continuity request (assistance continued with the services it provides, or
/// declined with a reason code), recorded once on the case by <c>ProtectionAnswersFromPartners</c>.
/// </summary>
public static class RecordingContinuityAnswer
{
    public sealed record RecordContinuityAnswer(Guid RequestId, string From, bool Accepted, IReadOnlyList<Need> Services, string? ReasonCode = null);

    public static Decision Decide(ProtectionCase state, RecordContinuityAnswer command, DecisionContext context)
    {
        if ((state.ContinuityRequests ?? []).FirstOrDefault(r => r.RequestId == command.RequestId) is not { } request)
            return new Refusal("continuity-unknown", $"No continuity request {command.RequestId} on this case.");
        if (request.ToJurisdiction != command.From)
            return new Refusal("continuity-answer-from-addressee", $"Continuity request {command.RequestId} went to {request.ToJurisdiction}, not {command.From}.");
        if (request.Status != ContinuityStatus.Requested) return Decision.NothingToDo;
        return Decision.Accept(new ContinuityAnswered(state.Id, command.RequestId, command.From, command.Accepted,
            command.Accepted ? command.Services.Distinct().ToList() : [], command.Accepted ? null : command.ReasonCode, context.Now));
    }
}
