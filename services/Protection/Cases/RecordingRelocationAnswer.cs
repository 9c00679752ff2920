namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The partner's signed answer to a relocation request (accepted, declined with a reason code, arranged), recorded once
/// on the case by <c>ProtectionAnswersFromPartners</c>: a repeated or older answer changes nothing.
/// </summary>
public static class RecordingRelocationAnswer
{
    public sealed record RecordRelocationAnswer(Guid RequestId, string From, RelocationStatus Answer, string? ReasonCode = null);

    public static Decision Decide(ProtectionCase state, RecordRelocationAnswer command, DecisionContext context)
    {
        if ((state.Relocations ?? []).FirstOrDefault(r => r.RequestId == command.RequestId) is not { } relocation)
            return new Refusal("relocation-unknown", $"No relocation request {command.RequestId} on this case.");
        if (relocation.ToJurisdiction != command.From)
            return new Refusal("relocation-answer-from-addressee", $"Relocation request {command.RequestId} went to {relocation.ToJurisdiction}, not {command.From}.");
        var moves = (relocation.Status, command.Answer) switch
        {
            (RelocationStatus.Requested, RelocationStatus.Accepted or RelocationStatus.Declined or RelocationStatus.Arranged) => true,
            (RelocationStatus.Accepted, RelocationStatus.Declined or RelocationStatus.Arranged) => true,
            _ => false,
        };
        return moves
            ? Decision.Accept(new RelocationAnswered(state.Id, command.RequestId, command.From, command.Answer, command.Answer == RelocationStatus.Declined ? command.ReasonCode : null, context.Now))
            : Decision.NothingToDo;
    }
}
