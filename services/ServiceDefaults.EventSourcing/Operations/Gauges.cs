namespace TransnationalReferral.ServiceDefaults.Operations;

/// <summary>The gauges more than one service reports, named once so that dashboards and alerts can sum them across services.</summary>
public static class Gauges
{
    public static readonly GaugeDefinition Cases = new("trm.cases", "Cases by stage (and, where the service knows them, jurisdiction, sex and age group)");
    public static readonly GaugeDefinition Overdue = new("trm.overdue", "Items past their deadline and still unanswered, by kind (referral, identification-assistance, claim-decision, judicial-request)");
    public static readonly GaugeDefinition CrossBorderRequests = new("trm.cross_border_requests",
        "Requests to partner jurisdictions by kind and counterpart: state=awaiting (all unanswered) and state=overdue (the unanswered past their due date, a subset)");

    /// <summary>The configuration of k, the smallest number of cases a published cell may count (shared with the statistics export).</summary>
    public const string MinimumCellSizeSetting = "Statistics:MinimumCellSize";
    public const int DefaultMinimumCellSize = 11;

    /// <summary>Labels that describe the person (folded first) and then the case (folded next) of a case count.</summary>
    private static readonly string[] PersonLabels = ["sex", "age_group"];
    private static readonly string[] CaseLabels = ["stage"];
    public const string Other = "other";

    /// <summary>
    /// No exported <see cref="Cases"/> cell counts fewer than <paramref name="k"/> cases: a small cell's sex and age group
    /// are folded into <c>other</c>; a folded cell still below k has its stage folded into <c>other</c> too; what is then
    /// still below k is left out (never exported with its exact count). Zero cells are kept (they identify nobody).
    /// Other gauges pass unchanged. Pure.
    /// </summary>
    public static IReadOnlyList<Figure> SuppressSmallCells(IEnumerable<Figure> figures, int k)
    {
        var all = figures.ToList();
        var cases = all.Where(f => f.Metric == Cases.Name).ToList();
        var kept = cases.Where(f => f.Value == 0 || f.Value >= k).ToList();
        var small = cases.Where(f => f.Value > 0 && f.Value < k).ToList();
        foreach (var fold in new[] { PersonLabels, CaseLabels })
        {
            var merged = small.GroupBy(f => Key(Fold(f.Labels, fold)))
                .Select(g => new Figure(Cases.Name, g.Sum(f => f.Value), Fold(g.First().Labels, fold))).ToList();
            // a folded cell may meet a kept cell with the same labels (e.g. "other" already reported): add to it
            small = [];
            foreach (var cell in merged)
            {
                var same = kept.FindIndex(f => Key(f.Labels) == Key(cell.Labels));
                var total = cell.Value + (same >= 0 ? kept[same].Value : 0);
                if (total < k) { small.Add(cell); continue; }
                if (same >= 0) kept[same] = kept[same] with { Value = total };
                else kept.Add(cell);
            }
        }
        return [.. all.Where(f => f.Metric != Cases.Name), .. kept];
    }

    private static IReadOnlyDictionary<string, string> Fold(IReadOnlyDictionary<string, string> labels, string[] fold) =>
        labels.ToDictionary(l => l.Key, l => fold.Contains(l.Key) ? Other : l.Value);

    private static string Key(IReadOnlyDictionary<string, string> labels) =>
        string.Join('\u001f', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

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
