namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>The streams that belong to a case's judicial history without being its case file.</summary>
public static class CaseRelations
{
    /// <summary>
    /// Every judicial request naming one of the case's persons, and every proceeds-return request for it — those the
    /// caller may read through the request endpoints (<see cref="RequestAccess"/>); none for anyone else.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> StreamsAsync(IQuerySession session, Guid caseId, Actor actor, CancellationToken ct)
    {
        if (!RequestAccess.MayRead(actor, actor.Jurisdiction)) return [];
        var jurisdiction = actor.Jurisdiction;
        var requests = await session.Query<JudicialRequest>().Where(r => r.Jurisdiction == jurisdiction && r.Persons.Any(p => p.CaseId == caseId)).Select(r => r.Id).ToListAsync(ct);
        var proceeds = await session.Query<IncomingProceedsReturn>().Where(r => r.Jurisdiction == jurisdiction && r.CaseId == caseId).Select(r => r.Id).ToListAsync(ct);
        return [.. requests, .. proceeds];
    }
}
