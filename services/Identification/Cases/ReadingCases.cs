using Marten;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>A case by id (ETag = stream version) and its history with who, role, organisation, jurisdiction, legal basis, reasons.</summary>
public static class ReadingCases
{
    public static RouteGroupBuilder MapReadingCases(this RouteGroupBuilder cases)
    {
        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<IdentificationCase>(caseId, http, state => state, ct))
            .RequireAuthorization(Policies.ReadCase)
            .WithName("GetCase")
            .WithSummary("An identification case; the ETag is the version to send in If-Match.")
            .Produces<IdentificationCase>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/history", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetHistoryAsync<IdentificationCase>(caseId, http, ct))
            .RequireAuthorization(Policies.ReadCase)
            .WithName("GetCaseHistory")
            .WithSummary("Every decision on the case with who took it (user, role, organisation, jurisdiction), when, on what legal basis and why.")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
