namespace TransnationalReferral.Return.Reintegration;

/// <summary>
/// The country of return's side, under <c>/api/return/incoming/{requestId}</c>: acknowledge the reception request,
/// arrange the reception, record the arrival (each published back to the destination), agree the reintegration
/// plan with the person and providers, hold monitoring contacts for up to 12 months (a missed one is an
/// overdue alert), close with an outcome. Only the focal point and case workers of this jurisdiction see it.
/// Each decision is a file of its own; this holds what they share.
/// </summary>
public static class Reintegrating
{
    public const string LegalBasis = "Trafficking Protocol art. 8; CETS 197 art. 16(5); TRM-EU SOP 4–5 — reception and reintegration in the country of return";
    public const string MonitoringDeadline = "monitoring-contact";
    public static readonly TimeSpan MonitoringPeriod = TimeSpan.FromDays(366);

    /// <summary>Only this jurisdiction's focal point and case workers see the returns it receives.</summary>
    internal static async Task<IncomingReturn?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingReturn>(requestId, ct) is { } found && found.Allows(http.Actor()) ? found : null;

    /// <summary>A decision on an incoming return the caller may see ("not found" otherwise), with the reintegration's legal basis.</summary>
    internal static async Task<IResult> DecideAsync(IDocumentSession session, Guid requestId, HttpContext http, Func<IncomingReturn, DecisionContext, Decision> decide, string? reasons, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null) =>
        await FindAsync(session, requestId, http, ct) is null
            ? Problems.NotFound("The incoming return")
            : await session.DecideAsync(requestId, http, decide, new DecisionBasis(LegalBasis, reasons), ct, whenAccepted);

    public static RouteGroupBuilder MapReintegrating(this RouteGroupBuilder incoming)
    {
        incoming.MapIncomingReturnQueries();
        incoming.MapAcknowledgingReceptionRequest();
        incoming.MapArrangingReception();
        incoming.MapConfirmingArrival();
        incoming.MapAgreeingReintegrationPlan();
        incoming.MapHoldingMonitoringContact();
        incoming.MapClosingReintegration();
        return incoming;
    }
}
