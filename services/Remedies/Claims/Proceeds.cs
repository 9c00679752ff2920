using TransnationalReferral.ServiceDefaults.Finance;
using Marten;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// Confiscated proceeds for the victims: the judicial service's asset events are noted on the case; confiscated
/// value (or proceeds another state returned) is allocated to an award, never beyond what is available; and the
/// return of proceeds confiscated abroad is requested from that state (UNTOC art. 14(2)) and its answer recorded.
/// </summary>
public static class Proceeds
{
    public const string LegalBasis = "UNTOC arts. 12–14, in particular 14(2); CETS 197 art. 15(4); CTOC/COP/WG.4/2010/7 recs. (g)–(h)";
    public static readonly string[] Allocatable = ["confiscated", "disposed", "returned-proceeds"];

    public sealed record AllocateProceeds(Guid AssetId, Guid ClaimId, decimal Amount, string Currency, string? Reasons = null);

    public sealed record RequestProceedsReturn(string ToJurisdiction, decimal Amount, string Currency, string Reasons);

    public static Decision Noted(RemediesCase s, Guid assetId, Money value, string jurisdiction, string source, DecisionContext context) =>
        (s.Assets ?? []).Any(a => a.AssetId == assetId && a.Source == source && a.Value == value) ? Decision.NothingToDo
        : Decision.Accept(new AssetNoted(s.Id, assetId, value, jurisdiction, source, context.Now));

    public static Decision Decide(RemediesCase s, AllocateProceeds command, DecisionContext context)
    {
        if ((s.Assets ?? []).FirstOrDefault(a => a.AssetId == command.AssetId) is not { } asset)
            return Refusal.Conflict("asset-unknown", $"No asset {command.AssetId} is known for this case (the judicial service publishes them).");
        if (!Allocatable.Contains(asset.Source))
            return Refusal.Conflict("asset-not-confiscated", $"The asset is {asset.Source}: only confiscated value (or returned proceeds) is allocated.");
        if (s.ClaimOf(command.ClaimId) is not { Award: { } award } claim)
            return Refusal.Conflict("allocation-needs-award", "Proceeds are allocated to an awarded claim.");
        var amount = new Money(command.Amount, command.Currency);
        if (amount.Currency != asset.Value.Currency || amount.Currency != award.Currency)
            return new Refusal("allocation-currency", $"The asset is valued in {asset.Value.Currency} and the award is in {award.Currency}; an allocation is in both.");
        if (amount.Amount > asset.Available.Amount)
            return new Refusal("allocation-exceeds-confiscated-value", $"Only {asset.Available} of the asset's {asset.Value} is still available.", LegalBasis);
        if (claim.Allocated!.Plus(amount).Amount > award.Amount)
            return new Refusal("allocation-exceeds-award", $"The award is {award}; {claim.Allocated} is already allocated to it.");
        return Decision.Accept(new ProceedsAllocated(s.Id, claim.ClaimId, asset.AssetId, amount, context.Now));
    }

    public static Decision Decide(RemediesCase s, RequestProceedsReturn command, Guid requestId, DecisionContext context) =>
        command.ToJurisdiction == s.Jurisdiction
            ? new Refusal("proceeds-return-from-another-state", "The return of proceeds is requested from another state.")
            : Decision.Accept(new ProceedsReturnRequested(s.Id, requestId, s.Jurisdiction, command.ToJurisdiction, new Money(command.Amount, command.Currency), context.Now));

    /// <summary>The requested state's answer: what it returned becomes an asset the case can allocate.</summary>
    public static Decision Answered(RemediesCase s, Guid requestId, string answeringJurisdiction, string outcome, Money? returned, DecisionContext context)
    {
        if ((s.ProceedsReturns ?? []).FirstOrDefault(r => r.RequestId == requestId) is not { } request || request.ToJurisdiction != answeringJurisdiction)
            return new Refusal("proceeds-answer-unexpected", $"No request {requestId} to {answeringJurisdiction} on this case.");
        if (request.Outcome is not null) return Decision.NothingToDo;
        var answered = new ProceedsReturnAnswered(s.Id, requestId, outcome, returned, context.Now);
        return returned is { Amount: > 0 } value
            ? Decision.Accept(answered, new AssetNoted(s.Id, requestId, value, answeringJurisdiction, "returned-proceeds", context.Now))
            : Decision.Accept(answered);
    }

    public static RouteGroupBuilder MapProceeds(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/allocations", async (Guid caseId, AllocateProceeds command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                Currencies.Problem(command.Amount, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.AllocateProceeds, "AllocateProceeds", "Allocate confiscated value (or returned proceeds) to an award — never more than the asset has left or the award. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/proceeds-return-requests", async (Guid caseId, RequestProceedsReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : Currencies.Problem(command.Amount, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the confiscation order and the victims' claims it should compensate.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, Guid.CreateVersion7(), c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.AllocateProceeds, "RequestProceedsReturn", "Ask another state to return confiscated proceeds so that the victims can be compensated (UNTOC art. 14(2)); the answer arrives over the bus. Needs If-Match.");
        return cases;
    }
}

/// <summary>Totals by currency: awarded = paid + outstanding, always; allocated alongside.</summary>
public sealed record CurrencyTotals(string Currency, decimal Awarded, decimal Paid, decimal Outstanding, decimal Allocated, int Claims);

public sealed record ClaimRow(Guid CaseId, Guid ClaimId, ClaimType Type, ClaimStage Stage, string DecidingJurisdiction, string DecidingBody, DateTimeOffset? DecisionDueBy, bool DecisionOverdue,
    Money? Award, Money? Paid, Money? Outstanding);

public static class RemediesQueries
{
    public static IReadOnlyList<CurrencyTotals> Totals(IEnumerable<Claim> claims) =>
        claims.Where(c => c.Award is not null)
            .GroupBy(c => c.Award!.Currency)
            .Select(g => new CurrencyTotals(g.Key, g.Sum(c => c.Award!.Amount), g.Sum(c => c.Paid!.Amount), g.Sum(c => c.Outstanding!.Amount), g.Sum(c => c.Allocated!.Amount), g.Count()))
            .OrderBy(t => t.Currency)
            .ToList();

    private static async Task<IReadOnlyList<RemediesCase>> InScopeAsync(IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var actor = http.Actor();
        var now = http.Now();
        var candidates = await session.Query<RemediesCase>().Where(c => c.Jurisdiction == actor.Jurisdiction).ToListAsync(ct);
        var registered = (await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.Id))).ToDictionary(r => r.Id);
        return candidates.Where(c => registered.GetValueOrDefault(c.Id)?.Allows(actor, now) == true).ToList();
    }

    public static RouteGroupBuilder MapRemediesQueries(this RouteGroupBuilder remedies)
    {
        remedies.MapGet("/claims", async (string? stage, bool? overdue, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                ClaimStage? wanted = null;
                if (stage is not null)
                {
                    if (!Codes.TryParse<ClaimStage>(stage, out var parsed)) return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<ClaimStage>().Select(s => Codes.Of(s)))}.");
                    wanted = parsed;
                }
                var rows = (await InScopeAsync(session, http, ct))
                    .SelectMany(c => (c.Claims ?? []).Select(claim => (Case: c, Claim: claim)))
                    .Where(x => (wanted is null || x.Claim.Stage == wanted) && (overdue is null || x.Claim.DecisionOverdue == overdue))
                    .Select(x => new ClaimRow(x.Case.Id, x.Claim.ClaimId, x.Claim.Type, x.Claim.Stage, x.Claim.DecidingJurisdiction, x.Claim.DecidingBody, x.Claim.DecisionDueBy, x.Claim.DecisionOverdue,
                        x.Claim.Award, x.Claim.Paid, x.Claim.Outstanding))
                    .OrderBy(r => r.DecisionDueBy)
                    .ToList();
                return Results.Ok(rows);
            })
            .RequireAuthorization(Permissions.ReadCase).WithTags("Claims").WithName("ListClaims")
            .WithSummary("Claims in your scope, by ?stage= and ?overdue=true (no decision by the deciding body's time limit), with awarded / paid / outstanding.")
            .Produces<IReadOnlyList<ClaimRow>>();

        remedies.MapGet("/totals", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
                Results.Ok(Totals((await InScopeAsync(session, http, ct)).SelectMany(c => c.Claims ?? []))))
            .RequireAuthorization(Permissions.ReadCase).WithTags("Claims").WithName("RemediesTotals")
            .WithSummary("Amounts awarded, paid, outstanding and allocated by currency over the claims in your scope (your jurisdiction).")
            .Produces<IReadOnlyList<CurrencyTotals>>();
        return remedies;
    }

    public static RouteGroupBuilder MapCaseTotals(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}/totals", async (Guid caseId, IQuerySession session, CancellationToken ct) =>
                await session.Events.AggregateStreamAsync<RemediesCase>(caseId, token: ct) is { } s ? Results.Ok(Totals(s.Claims ?? [])) : Problems.NotFound("The case"))
            .RequireAuthorization(Permissions.ReadCase).WithName("CaseRemediesTotals")
            .WithSummary("Amounts awarded, paid, outstanding and allocated by currency for the case.")
            .Produces<IReadOnlyList<CurrencyTotals>>();
        return cases;
    }
}
