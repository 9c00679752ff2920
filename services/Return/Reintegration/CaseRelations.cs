using Marten;

namespace TransnationalReferral.Return.Reintegration;

/// <summary>The streams that belong to a case's return history without being its return case.</summary>
public static class CaseRelations
{
    /// <summary>Every return of the person to this country that another country's node announced for the case (reception, reintegration, monitoring).</summary>
    public static async Task<IReadOnlyList<Guid>> StreamsAsync(IQuerySession session, Guid caseId, CancellationToken ct) =>
        await session.Query<IncomingReturn>().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync(ct);
}
