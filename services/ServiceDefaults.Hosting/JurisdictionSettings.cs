using System.Globalization;

namespace TransnationalReferral.ServiceDefaults;

/// <summary>
/// A number set per jurisdiction: <c>{key}:{ISO}</c> when present, else <c>{key}</c>, else the default.
/// (<c>GetValue</c> on <c>{key}</c> fails once the key has per-jurisdiction children, hence this one place.)
/// </summary>
public static class JurisdictionSettings
{
    public static double PerJurisdiction(this IConfiguration configuration, string key, string jurisdiction, double fallback) =>
        Parse(configuration[$"{key}:{jurisdiction}"], $"{key}:{jurisdiction}") ?? Parse(configuration[key], key) ?? fallback;

    private static double? Parse(string? value, string key) =>
        string.IsNullOrWhiteSpace(value) ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed
        : throw new InvalidOperationException($"{key} must be a non-negative number; it is '{value}'.");
}
