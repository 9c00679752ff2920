using Marten;
using TransnationalReferral.JudicialCooperation.Requests;

namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>The streams that belong to a case's judicial history without being its case file.</summary>
public static class CaseRelations
{
    /// <summary>Every judicial request naming one of the case's persons, and every proceeds-return request for it.</summary>
    public static async Task<IReadOnlyList<Guid>> StreamsAsync(IQuerySession session, Guid caseId, CancellationToken ct)
    {
        var requests = await session.Query<JudicialRequest>().Where(r => r.Persons.Any(p => p.CaseId == caseId)).Select(r => r.Id).ToListAsync(ct);
        var proceeds = await session.Query<IncomingProceedsReturn>().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync(ct);
        return [.. requests, .. proceeds];
    }
}
