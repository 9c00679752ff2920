using TransnationalReferral.ServiceDefaults.Operations;
using G = TransnationalReferral.ServiceDefaults.Operations.Gauges;

namespace TransnationalReferral.JudicialCooperation.Operations;

/// <summary>
/// Judicial cooperation's figures: requests by direction and stage; outgoing requests awaiting the counterpart's
/// answer and overdue, by counterpart; every request (either direction) past its response deadline.
/// </summary>
public sealed class JudicialFigures : IOpsFigures
{
    public static readonly GaugeDefinition Requests = new("trm.judicial_requests", "Judicial cooperation requests by direction, type and stage");
    private static readonly RequestStage[] Unanswered = [RequestStage.Sent, RequestStage.Acknowledged, RequestStage.UnderExecution];

    public IReadOnlyList<GaugeDefinition> Gauges { get; } = [Requests, G.CrossBorderRequests, G.OverdueOf("judicial-request-outgoing", "judicial-request-incoming")];

    public async Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var requests = await session.Query<JudicialRequest>()
            .Select(r => new { r.Id, r.Direction, r.Type, r.Stage, r.Jurisdiction, r.Counterpart, r.RespondBy, r.Overdue, r.Persons }).ToListAsync(ct);
        var figures = G.Count(Requests.Name, requests, r => [("direction", Codes.Of(r.Direction)), ("type", Codes.Of(r.Type)), ("stage", Codes.Of(r.Stage)), ("jurisdiction", r.Jurisdiction)]).ToList();

        var open = requests.Where(r => Unanswered.Contains(r.Stage)).Select(r => (Request: r, Overdue: r.Overdue || r.RespondBy <= now)).ToList();
        figures.AddRange(G.Count(G.CrossBorderRequests.Name,
            open.Where(o => o.Request.Direction == Direction.Outgoing).SelectMany(o => o.Overdue ? new[] { (o.Request, "awaiting"), (o.Request, "overdue") } : [(o.Request, "awaiting")]),
            x => [("kind", "judicial"), ("counterpart", x.Item1.Counterpart), ("state", x.Item2), ("jurisdiction", x.Item1.Jurisdiction)]));

        var overdue = open.Where(o => o.Overdue)
            .Select(o => new OverdueItem($"judicial-request-{Codes.Of(o.Request.Direction)}", o.Request.Persons.FirstOrDefault()?.CaseId, o.Request.Id,
                o.Request.RespondBy ?? now, o.Request.Jurisdiction, o.Request.Counterpart)).ToList();
        figures.AddRange(G.OverdueFigures(overdue));
        return new OpsReading(figures, overdue);
    }
}
