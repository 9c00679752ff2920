namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary><c>/api/judicial/proceeds-returns</c>: other states' requests to return confiscated proceeds so that their victims can be compensated.</summary>
public static class ProceedsReturns
{
    public const string LegalBasis = "UNTOC art. 14(2) — priority to returning confiscated proceeds so the requesting state can compensate victims";

    public static RouteGroupBuilder MapProceedsReturns(this RouteGroupBuilder group)
    {
        group.MapProceedsReturnQueries();
        group.MapAnsweringProceedsReturn();
        return group;
    }

    /// <summary>The request, if the caller may read it (<see cref="RequestAccess"/>); otherwise none, answered as "not found".</summary>
    internal static async Task<IncomingProceedsReturn?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingProceedsReturn>(requestId, ct) is { } found && RequestAccess.MayRead(http.Actor(), found.Jurisdiction) ? found : null;
}
