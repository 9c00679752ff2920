using System.Globalization;

namespace TransnationalReferral.Bench;

/// <summary>
/// The command line of the build's measuring tools (Bench, Chaos): <c>--name=value</c> options (<c>--flag</c> alone is
/// "true"), the variables deploy/local/infra.sh writes, and the checkout they run in.
/// </summary>
public sealed class ToolArguments(string[] args, string target)
{
    private readonly Dictionary<string, string> _options = args.Select(a => a.TrimStart('-').Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "true");

    public string Option(string name, string fallback) => _options.TryGetValue(name, out var value) ? value : fallback;

    public double Number(string name, double fallback) => double.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    /// <summary>An option given as anything but "false".</summary>
    public bool Flag(string name) => Option(name, "false") != "false";

    public string Need(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v
        : throw new InvalidOperationException($"{variable} is not set: run ./build.sh --target={target} (its Infra step sets it), or source .local/infra.env");

    /// <summary>The checkout: the nearest directory up from the current one that holds build.cake.</summary>
    public static string Root()
    {
        var root = Directory.GetCurrentDirectory();
        while (!File.Exists(Path.Combine(root, "build.cake"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("run from the checkout (build.cake not found)");
        return root;
    }
}
