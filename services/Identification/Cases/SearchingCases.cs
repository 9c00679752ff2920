namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Search the cases in the caller's scope by stage, child status and reflection period (e.g. expiring within
/// 7 days), newest first, paged. Never a row of a case the caller may not see.
/// </summary>
public static class SearchingCases
{
    public sealed record CaseSearchPage(IReadOnlyList<IdentificationCase> Items, int Page, int PageSize, bool HasMore);

    public static RouteHandlerBuilder MapSearchingCases(this RouteGroupBuilder cases) =>
        cases.MapGet("/search", async (string? stage, string? childStatus, int? reflectionExpiringWithinDays, int? page, int? pageSize,
                HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var size = pageSize ?? 50;
                var number = page ?? 1;
                if (size is < 1 or > 200) return Problems.Invalid("pageSize", "between 1 and 200.");
                if (number < 1) return Problems.Invalid("page", "from 1.");
                if (reflectionExpiringWithinDays is < 0 or > 366) return Problems.Invalid("reflectionExpiringWithinDays", "between 0 and 366.");

                var actor = http.Actor();
                var now = http.Now();
                var query = session.Query<IdentificationCase>().Where(c => c.Jurisdiction == actor.Jurisdiction || c.Shares.Any(s => s.GranteeJurisdiction == actor.Jurisdiction));
                if (stage is not null)
                {
                    if (!Codes.TryParse<CaseStage>(stage, out var st)) return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<CaseStage>().Select(v => Codes.Of(v)))}.");
                    query = query.Where(c => c.Stage == st);
                }
                if (childStatus is not null)
                {
                    if (!Codes.TryParse<ChildStatus>(childStatus, out var cs)) return Problems.Invalid("childStatus", $"one of {string.Join(", ", Enum.GetValues<ChildStatus>().Select(v => Codes.Of(v)))}.");
                    query = query.Where(c => c.ChildStatus == cs);
                }
                if (reflectionExpiringWithinDays is { } days)
                {
                    var horizon = now.AddDays(days);
                    query = query.Where(c => c.ReflectionPeriod != null && c.ReflectionPeriod.EndedAt == null && c.ReflectionPeriod.EndsAt <= horizon);
                }
                var candidates = await query.OrderByDescending(c => c.OpenedAt).Take(5000).ToListAsync(ct);
                var registered = (await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.Id))).ToDictionary(r => r.Id);
                var visible = candidates.Where(c => registered.TryGetValue(c.Id, out var r) && r.Allows(actor, now)).ToList();
                return Results.Ok(new CaseSearchPage(visible.Skip((number - 1) * size).Take(size).ToList(), number, size, visible.Count > number * size));
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("SearchIdentificationCases")
            .WithSummary("Search your cases by stage, child status and reflection period expiring within N days; paged.")
            .Produces<CaseSearchPage>();
}
