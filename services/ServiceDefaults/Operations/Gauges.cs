namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>The gauges more than one service reports, named once so that dashboards and alerts can sum them across services.</summary>
public static class Gauges
{
    public static readonly GaugeDefinition Cases = new("trm.cases", "Cases by stage (and, where the service knows them, jurisdiction, sex and age group)");
    public static readonly GaugeDefinition Overdue = new("trm.overdue", "Items past their deadline and still unanswered, by kind (referral, identification-assistance, claim-decision, judicial-request)");
    public static readonly GaugeDefinition CrossBorderRequests = new("trm.cross_border_requests",
        "Requests to partner jurisdictions by kind and counterpart: state=awaiting (all unanswered) and state=overdue (the unanswered past their due date, a subset)");

    /// <summary>The overdue gauge of a service, reported as 0 for each kind it knows when nothing is overdue.</summary>
    public static GaugeDefinition OverdueOf(params string[] kinds) => Overdue.WithBaseline("kind", kinds);

    /// <summary>Adds a 0 for every baseline label set (with the node's jurisdiction) that no figure reports.</summary>
    public static IEnumerable<Figure> WithBaselines(IReadOnlyList<Figure> figures, IEnumerable<GaugeDefinition> gauges, string jurisdiction)
    {
        var zeros = new List<Figure>();
        foreach (var gauge in gauges.Where(g => g.Baseline is not null).DistinctBy(g => g.Name))
            foreach (var labels in gauge.Baseline!)
            {
                var wanted = labels.Append(("jurisdiction", jurisdiction)).ToArray();
                if (!figures.Any(f => f.Metric == gauge.Name && wanted.All(w => f.Labels.TryGetValue(w.Item1, out var v) && v == w.Item2)))
                    zeros.Add(Figure.Of(gauge.Name, 0, wanted));
            }
        return figures.Concat(zeros);
    }

    /// <summary>Counts of items grouped by their labels, as figures of one gauge.</summary>
    public static IEnumerable<Figure> Count<T>(string metric, IEnumerable<T> items, Func<T, (string Key, string Value)[]> labels) =>
        items.Select(i => labels(i)).GroupBy(l => string.Join('\u001f', l.Select(x => $"{x.Key}={x.Value}")))
            .Select(g => Figure.Of(metric, g.Count(), g.First()));

    /// <summary>The <c>trm.overdue</c> figures of a list of overdue items.</summary>
    public static IEnumerable<Figure> OverdueFigures(IEnumerable<OverdueItem> items) =>
        Count(Overdue.Name, items, i => [("kind", i.Kind), ("jurisdiction", i.Jurisdiction)]);
}
