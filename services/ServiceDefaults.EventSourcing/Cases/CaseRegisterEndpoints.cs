namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>A page of cases.</summary>
public sealed record CasePage(IReadOnlyList<RegisteredCase> Items, int Page, int PageSize, bool HasMore);

public static class CaseRegisterEndpoints
{
    /// <summary><c>GET {cases}</c>: the cases the caller may see — never a row of a case that was not shared with them.</summary>
    public static RouteGroupBuilder MapCaseList(this RouteGroupBuilder cases, string service)
    {
        cases.MapGet("/", async (string? childStatus, int? page, int? pageSize, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var size = pageSize ?? 50;
                var number = page ?? 1;
                if (size is < 1 or > 200) return Problems.Invalid("pageSize", "between 1 and 200.");
                if (number < 1) return Problems.Invalid("page", "from 1.");

                var actor = http.Actor();
                var now = http.Now();
                // Candidates by jurisdiction in the database; the exact rule (organisation, grants, expiry) is the same check as for one case.
                var candidates = await session.Query<RegisteredCase>()
                    .Where(c => c.Jurisdiction == actor.Jurisdiction || c.SharedWithJurisdictions.Contains(actor.Jurisdiction))
                    .OrderByDescending(c => c.OpenedAt)
                    .ToListAsync(ct);
                var visible = candidates.Where(c => c.Allows(actor, now) && (childStatus is null || c.ChildStatus == childStatus)).ToList();
                var items = visible.Skip((number - 1) * size).Take(size).ToList();
                return Results.Ok(new CasePage(items, number, size, visible.Count > number * size));
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName($"List{service}Cases")
            .WithSummary("The cases you may see (your jurisdiction and organisation, or shared with you), newest first, paged.")
            .Produces<CasePage>();
        return cases;
    }

    /// <summary><c>GET {cases}/{caseId}</c> for a service that has taken no decision of its own yet: what it knows from Identification.</summary>
    public static RouteGroupBuilder MapRegisteredCase(this RouteGroupBuilder cases, string service)
    {
        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http) => Results.Ok(http.RegisteredCase()))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName($"Get{service}Case")
            .WithSummary("A case known to this service (opened by Identification): jurisdiction, holding organisation, child status, shares.")
            .Produces<RegisteredCase>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
