using System.Globalization;
using System.Text;

namespace TransnationalReferral.Identification.Operations;

/// <summary>The facts of one case that the statistics count (no ids, nothing else).</summary>
public sealed record CaseFacts(string Jurisdiction, Sex Sex, AgeGroup AgeGroup, IReadOnlyList<string> Forms, CaseStage Stage);

/// <summary>One cell: how many cases share these values; <see cref="Count"/> is null when the cell is suppressed (fewer than k).</summary>
public sealed record StatisticsCell(string Jurisdiction, string Sex, string AgeGroup, string FormOfExploitation, string Stage, int? Count)
{
    public bool Suppressed => Count is null;
}

/// <summary>
/// Anonymised statistics for monitoring and evaluation: counts of cases by jurisdiction, sex, age group, form of
/// exploitation and stage, with every cell below k suppressed (k-anonymity as CTDC publishes, k = 11 by default,
/// <c>Statistics:MinimumCellSize</c>; a caller may ask for a larger k, never a smaller one). A case with indicators of
/// several forms counts once under each; a case without screened indicators under "unknown". No totals are published,
/// so a suppressed cell cannot be recovered by subtraction. Pure: the endpoint reads the facts, this decides.
/// </summary>
public static class StatisticsTable
{
    public const int DefaultMinimumCellSize = ServiceDefaults.Operations.Gauges.DefaultMinimumCellSize;

    public static IReadOnlyList<StatisticsCell> Build(IEnumerable<CaseFacts> cases, int k) => cases
        .SelectMany(c => (c.Forms.Count == 0 ? ["unknown"] : c.Forms.Distinct()).Select(form => (c.Jurisdiction, Sex: Codes.Of(c.Sex), AgeGroup: Codes.Of(c.AgeGroup), Form: form, Stage: Codes.Of(c.Stage))))
        .GroupBy(x => x)
        .Select(g => new StatisticsCell(g.Key.Jurisdiction, g.Key.Sex, g.Key.AgeGroup, g.Key.Form, g.Key.Stage, g.Count() >= k ? g.Count() : null))
        .OrderBy(c => c.Jurisdiction).ThenBy(c => c.Sex).ThenBy(c => c.AgeGroup).ThenBy(c => c.FormOfExploitation).ThenBy(c => c.Stage)
        .ToList();

    public static string Csv(IReadOnlyList<StatisticsCell> cells, int k)
    {
        var csv = new StringBuilder("jurisdiction,sex,age_group,form_of_exploitation,stage,count\n");
        foreach (var c in cells)
            csv.Append(CultureInfo.InvariantCulture, $"{c.Jurisdiction},{c.Sex},{c.AgeGroup},{c.FormOfExploitation},{c.Stage},{(c.Count is { } n ? n.ToString(CultureInfo.InvariantCulture) : $"<{k}")}\n");
        return csv.ToString();
    }

    /// <summary>
    /// The cells as records shaped after the Human Trafficking Case Data Standard (HTCDS, as CTDC publishes it) where its
    /// fields apply: gender, ageBroad (this system's age bands), majorityStatus, typeOfExploitConcatenated and the
    /// is* exploitation flags; jurisdiction and stage are this system's own fields.
    /// </summary>
    public static object Htcds(IReadOnlyList<StatisticsCell> cells, int k, DateTimeOffset generatedAt) => new
    {
        standard = "Human Trafficking Case Data Standard (HTCDS) — aggregated; fields named as in CTDC's HTCDS-based datasets where they apply",
        minimumCellSize = k,
        generatedAt,
        records = cells.Select(c => new
        {
            gender = c.Sex switch { "female" => "Female", "male" => "Male", "other" => "Transgender/NonConforming", _ => "Unknown" },
            ageBroad = c.AgeGroup,
            majorityStatus = c.AgeGroup switch { "under-12" or "12-17" => "Minor", "unknown" => "Unknown", _ => "Adult" },
            typeOfExploitConcatenated = Exploitation(c.FormOfExploitation),
            isForcedLabour = c.FormOfExploitation is "labour" or "domestic-servitude" ? 1 : 0,
            isSexualExploit = c.FormOfExploitation == "sexual" ? 1 : 0,
            isForcedMarriage = c.FormOfExploitation == "forced-marriage" ? 1 : 0,
            isOrganRemoval = c.FormOfExploitation == "organ-removal" ? 1 : 0,
            isOtherExploit = c.FormOfExploitation is "forced-criminality" or "begging" ? 1 : 0,
            jurisdiction = c.Jurisdiction,
            stage = c.Stage,
            count = c.Count,
            suppressed = c.Suppressed,
        }).ToList(),
    };

    private static string Exploitation(string form) => form switch
    {
        "sexual" => "Sexual exploitation",
        "labour" => "Forced labour",
        "domestic-servitude" => "Forced labour (domestic work)",
        "forced-marriage" => "Forced marriage",
        "organ-removal" => "Organ removal",
        "forced-criminality" => "Forced criminal activity",
        "begging" => "Forced begging",
        _ => "Unknown",
    };

    /// <summary>
    /// <c>GET /api/identification/statistics?format=csv|json&amp;k=</c>: the statistics of the caller's jurisdiction
    /// (focal point, auditors), as CSV or as HTCDS-shaped JSON.
    /// </summary>
    public static RouteHandlerBuilder MapStatisticsExport(this RouteGroupBuilder api) =>
        api.MapGet("/statistics", async (string? format, int? k, HttpContext http, IQuerySession session, IConfiguration configuration, TimeProvider clock, CancellationToken ct) =>
            {
                var minimum = configuration.GetValue(ServiceDefaults.Operations.Gauges.MinimumCellSizeSetting, DefaultMinimumCellSize);
                var size = k ?? minimum;
                if (size < minimum || size > 1000) return Problems.Invalid("k", $"at least {minimum} (the node's minimum cell size) and at most 1000.");
                if (format is not (null or "csv" or "json")) return Problems.Invalid("format", "csv or json.");

                var jurisdiction = http.Actor().Jurisdiction;
                var rows = await session.Query<IdentificationCase>().Where(c => c.Jurisdiction == jurisdiction)
                    .Select(c => new { c.Jurisdiction, c.Sex, c.AgeGroup, c.IndicatorsObserved, c.Stage }).ToListAsync(ct);
                var cells = Build(rows.Select(r => new CaseFacts(r.Jurisdiction, r.Sex, r.AgeGroup,
                    (r.IndicatorsObserved ?? []).Select(i => i.Split('/')[0]).ToList(), r.Stage)), size);
                return format == "json"
                    ? Results.Ok(Htcds(cells, size, clock.GetUtcNow()))
                    : Results.Text(Csv(cells, size), "text/csv; charset=utf-8");
            })
            .RequireAuthorization(Permissions.ReadStatistics)
            .WithTags("Statistics")
            .WithName("IdentificationStatistics")
            .WithSummary("Anonymised counts by jurisdiction, sex, age group, form of exploitation and stage; cells below k (default 11) suppressed. ?format=csv (default) or json (HTCDS-shaped).");
}
