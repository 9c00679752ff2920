namespace TransnationalReferral.Remedies.Claims;

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
