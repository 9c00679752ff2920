using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Identification.Operations;

/// <summary>
/// Identification's figures from its case documents: cases by stage, jurisdiction, sex and age group; reflection
/// periods running, ending within 7 days and expired; identification-assistance requests to partners awaiting an
/// answer and overdue. Only the columns needed are read (a projection of the documents, not whole cases).
/// </summary>
public sealed class IdentificationFigures : IOpsFigures
{
    public const string SignalToReasonableGrounds = "trm.identification.signal_to_reasonable_grounds";
    public static readonly GaugeDefinition ReflectionPeriods = new GaugeDefinition("trm.reflection_periods",
        "Reflection periods: state=running, state=ending-within-7-days (running, a subset), state=expired (ran their course)")
        .WithBaseline("state", "running", "ending-within-7-days", "expired");

    public IReadOnlyList<GaugeDefinition> Gauges { get; } = [ServiceDefaults.Operations.Gauges.Cases, ReflectionPeriods, ServiceDefaults.Operations.Gauges.CrossBorderRequests, ServiceDefaults.Operations.Gauges.OverdueOf("identification-assistance")];

    public async Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var cases = await session.Query<IdentificationCase>()
            .Select(c => new { c.Id, c.Jurisdiction, c.Stage, c.Sex, c.AgeGroup, c.ReflectionPeriod, c.AssistanceRequests })
            .ToListAsync(ct);

        var figures = ServiceDefaults.Operations.Gauges.Count("trm.cases", cases, c =>
            [("stage", Codes.Of(c.Stage)), ("jurisdiction", c.Jurisdiction), ("sex", Codes.Of(c.Sex)), ("age_group", Codes.Of(c.AgeGroup))]).ToList();

        var periods = cases.Where(c => c.ReflectionPeriod is not null).ToList();
        figures.AddRange(ServiceDefaults.Operations.Gauges.Count(ReflectionPeriods.Name, periods.SelectMany(c => PeriodStates(c.ReflectionPeriod!, now).Select(s => (c.Jurisdiction, State: s))),
            p => [("state", p.State), ("jurisdiction", p.Jurisdiction)]));

        var open = cases.SelectMany(c => (c.AssistanceRequests ?? []).Where(r => r.IsOpen).Select(r => (Case: c, Request: r, Overdue: r.Overdue || r.DueAt <= now))).ToList();
        figures.AddRange(ServiceDefaults.Operations.Gauges.Count("trm.cross_border_requests", open.SelectMany(o => o.Overdue ? new[] { (o, "awaiting"), (o, "overdue") } : [(o, "awaiting")]),
            x => [("kind", "identification-assistance"), ("counterpart", x.Item1.Request.PartnerJurisdiction), ("state", x.Item2), ("jurisdiction", x.Item1.Case.Jurisdiction)]));

        var overdue = open.Where(o => o.Overdue)
            .Select(o => new OverdueItem("identification-assistance", o.Case.Id, o.Request.RequestId, o.Request.DueAt, o.Case.Jurisdiction, o.Request.PartnerJurisdiction)).ToList();
        figures.AddRange(ServiceDefaults.Operations.Gauges.OverdueFigures(overdue));
        return new OpsReading(figures, overdue);
    }

    private static IEnumerable<string> PeriodStates(ReflectionPeriod period, DateTimeOffset now)
    {
        if (period.IsRunning)
        {
            yield return "running";
            if (period.EndsAt <= now.AddDays(7)) yield return "ending-within-7-days";
        }
        else if (period.EndReason == ReflectionPeriodEndReason.Expired) yield return "expired";
    }
}
