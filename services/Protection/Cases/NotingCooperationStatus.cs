namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The cooperation status the judicial service reports is noted, and nothing else changes: assistance is never
/// conditional on it (taken by <c>CooperationStatusChangedConsumer</c>).
/// </summary>
public static class NotingCooperationStatus
{
    public const string LegalBasis = "CETS 197 art. 12(6) — assistance not conditional on cooperation";

    public sealed record NoteCooperationStatus(CooperationStatus Status);

    public static Decision Decide(ProtectionCase state, NoteCooperationStatus command, DecisionContext context) =>
        state.Cooperation == command.Status ? Decision.NothingToDo : Decision.Accept(new CooperationStatusNoted(state.Id, command.Status, context.Now));
}
