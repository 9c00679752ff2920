namespace TransnationalReferral.Remedies.Claims;

/// <summary>An asset event of the judicial service (frozen, confiscated, disposed of) noted on the case; the same fact heard again changes nothing.</summary>
public static class NotingAsset
{
    public sealed record NoteAsset(Guid AssetId, Money Value, string Jurisdiction, string Source);

    public static Decision Decide(RemediesCase state, NoteAsset command, DecisionContext context) =>
        (state.Assets ?? []).Any(a => a.AssetId == command.AssetId && a.Source == command.Source && a.Value == command.Value) ? Decision.NothingToDo
        : Decision.Accept(new AssetNoted(state.Id, command.AssetId, command.Value, command.Jurisdiction, command.Source, context.Now));
}
