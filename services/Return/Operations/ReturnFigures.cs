using TransnationalReferral.Return.Cases;
using TransnationalReferral.ServiceDefaults.Operations;
using G = TransnationalReferral.ServiceDefaults.Operations.Gauges;

namespace TransnationalReferral.Return.Operations;

/// <summary>
/// Return's figures: return files by stage and jurisdiction, and the returns being prepared that a gate holds back,
/// by gate (the same list of gates the decisions enforce, <see cref="ReturnGates"/>; a return held by two gates counts under both).
/// </summary>
public sealed class ReturnFigures : IOpsFigures
{
    public static readonly GaugeDefinition Blocked = new("trm.returns_blocked", "Returns in preparation held back, by the gate that is closed (a return held by several gates counts under each)");

    public IReadOnlyList<GaugeDefinition> Gauges { get; } = [G.Cases, Blocked];

    public async Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var cases = await session.Query<ReturnCase>().Select(c => new { c.Stage, c.Jurisdiction }).ToListAsync(ct);
        var figures = G.Count(G.Cases.Name, cases, c => [("stage", Codes.Of(c.Stage)), ("jurisdiction", c.Jurisdiction)]).ToList();

        var preparing = await session.Query<ReturnCase>().Where(c => c.Stage == ReturnStage.Preparing).ToListAsync(ct);
        figures.AddRange(G.Count(Blocked.Name, preparing.SelectMany(c => ReturnGates.Pending(c).Select(g => (c.Jurisdiction, Gate: g.Rule))),
            b => [("gate", b.Gate), ("jurisdiction", b.Jurisdiction)]));
        return new OpsReading(figures, []);
    }
}
