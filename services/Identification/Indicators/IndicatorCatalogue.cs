using System.Text.Json;

namespace TransnationalReferral.Identification.Indicators;

/// <summary>The indicators of one jurisdiction: the shipped catalogue with that jurisdiction's additions and removals.</summary>
public sealed record JurisdictionCatalogue(string Version, string Jurisdiction, IReadOnlyDictionary<string, IReadOnlyList<string>> Forms)
{
    public bool Knows(string form, string indicator) => Forms.TryGetValue(form, out var indicators) && indicators.Contains(indicator);
}

/// <summary>
/// A versioned catalogue of trafficking indicators per form of exploitation, shipped as data
/// (<c>Indicators/catalogue.json</c>) and overridable per jurisdiction (<c>catalogue.&lt;ISO code&gt;.json</c>).
/// </summary>
public sealed class IndicatorCatalogue
{
    private sealed record BaseFile(string Version, Dictionary<string, List<string>> Forms);
    private sealed record OverrideFile(string Version, Dictionary<string, List<string>>? Add, Dictionary<string, List<string>>? Remove);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BaseFile _base;
    private readonly Dictionary<string, OverrideFile> _overrides;

    public IndicatorCatalogue(string directory)
    {
        _base = JsonSerializer.Deserialize<BaseFile>(File.ReadAllText(Path.Combine(directory, "catalogue.json")), Json)
            ?? throw new InvalidOperationException("The indicator catalogue is empty.");
        _overrides = Directory.GetFiles(directory, "catalogue.*.json").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f).Split('.')[1],
            f => JsonSerializer.Deserialize<OverrideFile>(File.ReadAllText(f), Json)!);
    }

    public static IndicatorCatalogue Shipped() => new(Path.Combine(AppContext.BaseDirectory, "Indicators"));

    public JurisdictionCatalogue For(string jurisdiction)
    {
        var forms = _base.Forms.ToDictionary(f => f.Key, f => new List<string>(f.Value));
        var version = _base.Version;
        if (_overrides.TryGetValue(jurisdiction, out var local))
        {
            foreach (var (form, codes) in local.Add ?? [])
            {
                forms.TryAdd(form, []);
                forms[form].AddRange(codes.Except(forms[form]));
            }
            foreach (var (form, codes) in local.Remove ?? []) if (forms.TryGetValue(form, out var list)) list.RemoveAll(codes.Contains);
            version = $"{version}+{local.Version}";
        }
        return new JurisdictionCatalogue(version, jurisdiction, forms.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value));
    }
}
