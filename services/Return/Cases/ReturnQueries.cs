using System.Diagnostics.CodeAnalysis;

namespace TransnationalReferral.Return.Cases;

/// <summary>The return's read-only endpoints: the gates pending on one case, and the returns in the caller's scope.</summary>
public static class ReturnQueries
{
    /// <summary>A list's optional <c>?stage=</c>: none, a stage's code, or a validation problem that names the codes.</summary>
    public static bool TryStage<TStage>(string? stage, out TStage? wanted, [NotNullWhen(false)] out IResult? problem) where TStage : struct, Enum
    {
        (wanted, problem) = (null, null);
        if (stage is null) return true;
        if (Codes.TryParse<TStage>(stage, out var parsed))
        {
            wanted = parsed;
            return true;
        }
        problem = Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<TStage>().Select(s => Codes.Of(s)))}.");
        return false;
    }

    /// <summary><c>GET /api/return/cases/{caseId}/return-gates</c>: exactly what the departure decision checks.</summary>
    public static RouteHandlerBuilder MapReturnGates(this RouteGroupBuilder cases) =>
        cases.MapGet("/{caseId:guid}/return-gates", async (Guid caseId, IQuerySession session, CancellationToken ct) =>
                await session.Events.AggregateStreamAsync<ReturnCase>(caseId, token: ct) is { } s
                    ? Results.Ok(new ReturnGatesView(s.Id, s.Stage, ReturnGates.Pending(s).Select(g => new PendingGate(g.Rule, g.Detail, g.LegalSource)).ToList()))
                    : Problems.NotFound("The case"))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetReturnGates")
            .WithSummary("The gates that stand between the return and departure today, each with its rule, why and its legal source — exactly what the departure decision checks.")
            .Produces<ReturnGatesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary><c>GET /api/return/returns?stage=</c>: return cases by stage in the caller's scope, with their pending gates.</summary>
    public static RouteGroupBuilder MapReturnList(this RouteGroupBuilder returns)
    {
        returns.MapGet("/", async (string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                if (!TryStage<ReturnStage>(stage, out var wanted, out var problem)) return problem;
                var actor = http.Actor();
                var now = http.Now();
                var query = session.Query<ReturnCase>().Where(c => c.Jurisdiction == actor.Jurisdiction && c.Stage != ReturnStage.NotRequested);
                if (wanted is { } w) query = query.Where(c => c.Stage == w);
                var candidates = await query.OrderBy(c => c.RequestedAt).Take(1000).ToListAsync(ct);
                var registered = (await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.Id))).ToDictionary(r => r.Id);
                return Results.Ok(candidates.Where(c => registered.GetValueOrDefault(c.Id)?.Allows(actor, now) == true)
                    .Select(c => new ReturnGatesView(c.Id, c.Stage, ReturnGates.Pending(c).Select(g => new PendingGate(g.Rule, g.Detail, g.LegalSource)).ToList(), c.CountryOfReturn))
                    .ToList());
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("ListReturns")
            .WithSummary("Returns in your scope (?stage=preparing, stopped, departed, arrived, closed), each with its pending gates and why.")
            .Produces<IReadOnlyList<ReturnGatesView>>();
        return returns;
    }
}

public sealed record PendingGate(string Rule, string Why, string? LegalSource);

public sealed record ReturnGatesView(Guid CaseId, ReturnStage Stage, IReadOnlyList<PendingGate> PendingGates, string? CountryOfReturn = null);
