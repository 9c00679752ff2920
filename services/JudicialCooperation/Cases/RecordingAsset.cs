namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>An asset frozen, confiscated or disposed of, in that order — published for Remedies so that victims can be compensated from the proceeds.</summary>
public static class RecordingAsset
{
    public const string LegalBasis = "UNTOC arts. 12–14; CETS 197 art. 23(3); CTOC/COP/WG.4/2010/7 rec. (g) — proceeds traced from the start";

    [Reasons("the order (freezing, confiscation, disposal) and its reference.")]
    public sealed record RecordAsset(Guid AssetId, AssetStage Stage, decimal Value, string Currency, string Reasons);

    public static Decision Decide(CaseFile state, RecordAsset command, DecisionContext context)
    {
        var known = (state.Assets ?? []).FirstOrDefault(a => a.AssetId == command.AssetId);
        var value = new Money(command.Value, command.Currency);
        if (known is null && command.Stage != AssetStage.Frozen && command.Stage != AssetStage.Confiscated)
            return Refusal.Conflict("asset-unknown", "An asset is first frozen or confiscated before it is disposed of.");
        if (known is not null && known.Stage >= command.Stage)
            return Refusal.Conflict("asset-stage-order", $"The asset is already {Codes.Of(known.Stage)}: frozen → confiscated → disposed.");
        if (known is not null && known.Value.Currency != value.Currency && command.Stage != AssetStage.Disposed)
            return new Refusal("asset-currency", $"The asset is valued in {known.Value.Currency}.");
        return Decision.Accept(new AssetTraced(state.Id, command.AssetId, command.Stage, value, state.Jurisdiction, context.Now));
    }

    public static RouteHandlerBuilder MapRecordingAsset(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/assets", async (Guid caseId, RecordAsset command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Currencies.Problem(command.Value, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.DecideAsync<CaseFile>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.HandleJudicialRequests, "RecordAsset", "Record an asset frozen, confiscated or disposed of (value with an ISO 4217 currency); published for Remedies so that victims can be compensated.");
}
