extern alias Identification;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The case counts on <c>/metrics</c> obey the statistics export's k (<c>Statistics:MinimumCellSize</c>, here 3): the
/// real Identification service (own database, throwaway RabbitMQ virtual host), cases opened over HTTP, figures
/// read back from the real scrape. A sex × age group × stage cell with fewer than k cases is never exported with its
/// count (it is folded into "other", and left out while that is still below k); with k or more it is.
/// </summary>
public class MetricsSuppressionTests
{
    private const int K = 3;

    [Test]
    public async Task Case_counts_below_the_minimum_cell_size_never_reach_metrics()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var identification = await HostedService<Identification::Program>.StartAsync("identification", bus, new Dictionary<string, string?>
        {
            ["Statistics:MinimumCellSize"] = K.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ops:RefreshSeconds"] = "0.3",
        });
        using var focalPoint = identification.Client("FocalPoint");

        for (var i = 0; i < K; i++) await ScriptedDecisions.OpenAsync(focalPoint, "female", "25-34");
        await ScriptedDecisions.OpenAsync(focalPoint, "male", "18-24"); // one person alone in their cell

        IReadOnlyList<Sample> samples = [];
        await Eventually.TrueAsync("the k female 25-34 cases on /metrics", async () =>
        {
            samples = Cases(await PrometheusText.ScrapeAsync(identification.Address));
            return samples.Any(s => s.Labels["sex"] == "female" && s.Labels["age_group"] == "25-34" && s.Value == K);
        }, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few more refreshes: the lone case is in the snapshot too
        samples = Cases(await PrometheusText.ScrapeAsync(identification.Address));

        Assert.That(samples.Where(s => s.Labels.GetValueOrDefault("sex") == "male"), Is.Empty, "the lone male 18-24 case's cell is not exported");
        Assert.That(samples.Where(s => s.Value > 0 && s.Value < K).Select(Describe), Is.Empty, "no exported case count below k");
        Assert.That(samples.Sum(s => s.Value), Is.EqualTo(K), "the lone case is not recoverable as 'other' either (still below k)");

        for (var i = 1; i < K; i++) await ScriptedDecisions.OpenAsync(focalPoint, "male", "18-24");
        await Eventually.TrueAsync("the male 18-24 cell once it reaches k", async () =>
        {
            samples = Cases(await PrometheusText.ScrapeAsync(identification.Address));
            return samples.Any(s => s.Labels.GetValueOrDefault("sex") == "male" && s.Labels["age_group"] == "18-24" && s.Value == K);
        }, TimeSpan.FromSeconds(30));
        Assert.That(samples.Where(s => s.Value > 0 && s.Value < K).Select(Describe), Is.Empty);
    }

    private static List<Sample> Cases(IEnumerable<Sample> samples) =>
        samples.Where(s => s.Name == "trm_cases" && s.Labels.GetValueOrDefault("service") == "identification").ToList();

    private static string Describe(Sample s) => $"{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))} = {s.Value}";
}
