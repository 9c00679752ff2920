using System.Globalization;
using System.Text.RegularExpressions;

namespace TransnationalReferral.Testing;

/// <summary>One sample of a Prometheus text exposition: metric name, labels, value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(params (string Key, string Value)[] labels) => labels.All(l => Labels.TryGetValue(l.Key, out var v) && v == l.Value);
}

/// <summary>Reads the text a <c>/metrics</c> endpoint answers (enough of the format for tests: no escapes beyond \" and \\).</summary>
public static partial class PrometheusText
{
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$""")]
    private static partial Regex Line();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();

    public static IReadOnlyList<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var match = Line().Match(line);
            if (!match.Success) continue;
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value.Replace("\\\"", "\"").Replace("\\\\", "\\"));
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add(new Sample(match.Groups["name"].Value, labels, value));
        }
        return samples;
    }

    public static async Task<IReadOnlyList<Sample>> ScrapeAsync(Uri host)
    {
        using var client = new HttpClient { BaseAddress = host };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.MetricsToken); // /metrics answers only the monitoring system's credential
        return Parse(await client.GetStringAsync("/metrics"));
    }

    /// <summary>The metric families a scrape names (from its samples: histogram series are folded to their family name).</summary>
    public static ISet<string> Families(IEnumerable<Sample> samples) =>
        samples.SelectMany(s => new[] { s.Name, Regex.Replace(s.Name, "_(bucket|sum|count)$", "") }).ToHashSet();
}
