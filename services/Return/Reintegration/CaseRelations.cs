namespace TransnationalReferral.Return.Reintegration;

/// <summary>The streams that belong to a case's return history without being its return case.</summary>
public static class CaseRelations
{
    /// <summary>Every return of the person to this country that another country's node announced for the case (reception, reintegration, monitoring).</summary>
    /// <remarks>Only those the caller may see through the incoming-return endpoints (<see cref="IncomingReturn.Allows"/>).</remarks>
    public static async Task<IReadOnlyList<Guid>> StreamsAsync(IQuerySession session, Guid caseId, Actor actor, CancellationToken ct) =>
        (await session.Query<IncomingReturn>().Where(r => r.CaseId == caseId && r.Jurisdiction == actor.Jurisdiction).ToListAsync(ct)).Where(r => r.Allows(actor)).Select(r => r.Id).ToList();
}
