using Marten;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

public static class ReadingCases
{
    public static RouteGroupBuilder MapReadingCases(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<ProtectionCase>(caseId, http, state => state, ct))
            .RequireAuthorization(Policies.ReadCase)
            .WithName("GetProtectionCase")
            .WithSummary("A protection case; the ETag is the version to send in If-Match.")
            .Produces<ProtectionCase>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/history", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetHistoryAsync<ProtectionCase>(caseId, http, ct))
            .RequireAuthorization(Policies.ReadCase)
            .WithName("GetProtectionCaseHistory")
            .WithSummary("Every decision on the protection case with who took it, when, on what legal basis and why.")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
