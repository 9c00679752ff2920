using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Finance;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.JudicialCooperation.Cases;

public enum CooperationStatus { Cooperating, Declined, Withdrawn }

public enum AssetStage { Frozen, Confiscated, Disposed }

public sealed record TracedAsset(Guid AssetId, AssetStage Stage, Money Value);

/// <summary>
/// The judicial file of a case: whether Identification recognised the person as a victim (non-punishment reviews
/// read it), the person's cooperation status (published for information only — it changes no assistance), and the
/// proceeds traced in the proceedings (published for Remedies).
/// </summary>
public sealed record CaseFile(
    Guid Id,
    string Jurisdiction,
    DateTimeOffset OpenedAt,
    bool RecognisedVictim = false,
    CooperationStatus? Cooperation = null,
    IReadOnlyList<TracedAsset>? Assets = null) : ICaseState, IEvolving<CaseFile>
{
    public static CaseFile? Fold(CaseFile? state, object @event) => (state, @event) switch
    {
        (null, CaseFileOpened e) => new CaseFile(e.CaseId, e.Jurisdiction, e.OpenedAt),
        ({ } s, VictimRecognitionNoted e) => s with { RecognisedVictim = e.Recognised },
        ({ } s, CooperationStatusRecorded e) => s with { Cooperation = e.Status },
        ({ } s, AssetTraced e) => s with { Assets = [.. (s.Assets ?? []).Where(a => a.AssetId != e.AssetId), new TracedAsset(e.AssetId, e.Stage, e.Value)] },
        _ => state,
    };
}

public sealed record CaseFileOpened(Guid CaseId, string Jurisdiction, DateTimeOffset OpenedAt);

/// <summary>Identification's decision (reasonable grounds, or a conclusive decision) as the non-punishment reviews need it.</summary>
public sealed record VictimRecognitionNoted(Guid CaseId, bool Recognised, DateTimeOffset NotedAt);

public sealed record CooperationStatusRecorded(Guid CaseId, CooperationStatus Status, DateTimeOffset RecordedAt);

public sealed record AssetTraced(Guid CaseId, Guid AssetId, AssetStage Stage, Money Value, string Jurisdiction, DateTimeOffset At);

public static class CaseDecisions
{
    public const string CooperationBasis = "CETS 197 art. 12(6) — assistance not conditional on cooperation; published for information only";
    public const string AssetBasis = "UNTOC arts. 12–14; CETS 197 art. 23(3); CTOC/COP/WG.4/2010/7 rec. (g) — proceeds traced from the start";

    public sealed record RecordCooperationStatus(CooperationStatus Status, string? Reasons = null);

    public sealed record RecordAsset(Guid AssetId, AssetStage Stage, decimal Value, string Currency, string Reasons);

    public static Decision Decide(CaseFile s, RecordCooperationStatus command, DecisionContext context) =>
        s.Cooperation == command.Status ? Decision.NothingToDo : Decision.Accept(new CooperationStatusRecorded(s.Id, command.Status, context.Now));

    public static Decision Decide(CaseFile s, RecordAsset command, DecisionContext context)
    {
        var known = (s.Assets ?? []).FirstOrDefault(a => a.AssetId == command.AssetId);
        var value = new Money(command.Value, command.Currency);
        if (known is null && command.Stage != AssetStage.Frozen && command.Stage != AssetStage.Confiscated)
            return Refusal.Conflict("asset-unknown", "An asset is first frozen or confiscated before it is disposed of.");
        if (known is not null && known.Stage >= command.Stage)
            return Refusal.Conflict("asset-stage-order", $"The asset is already {Codes.Of(known.Stage)}: frozen → confiscated → disposed.");
        if (known is not null && known.Value.Currency != value.Currency && command.Stage != AssetStage.Disposed)
            return new Refusal("asset-currency", $"The asset is valued in {known.Value.Currency}.");
        return Decision.Accept(new AssetTraced(s.Id, command.AssetId, command.Stage, value, s.Jurisdiction, context.Now));
    }

    public static RouteGroupBuilder MapCaseDecisions(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/cooperation-status", async (Guid caseId, RecordCooperationStatus command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<CaseFile>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(CooperationBasis, command.Reasons), ct),
            Permissions.HandleJudicialRequests, "RecordCooperationStatus", "Record whether the person cooperates with the criminal justice authorities (cooperating, declined, withdrawn). Published for information only: no service changes assistance because of it. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/assets", async (Guid caseId, RecordAsset command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Currencies.Problem(command.Value, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the order (freezing, confiscation, disposal) and its reference.")
                : await session.DecideAsync<CaseFile>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(AssetBasis, command.Reasons), ct),
            Permissions.HandleJudicialRequests, "RecordAsset", "Record an asset frozen, confiscated or disposed of (value with an ISO 4217 currency); published for Remedies so that victims can be compensated. Needs If-Match.");
        return cases;
    }
}
