namespace TransnationalReferral.Gateway.Balancing;

/// <summary>
/// Where a service's instances run, from <c>Services:{name}</c>: one address (<c>http://127.0.0.1:5101</c>), several in one
/// string separated by commas, semicolons or spaces (<c>http://127.0.0.1:5101,http://127.0.0.1:5111</c>, handy in one
/// environment variable), or an array (<c>Services:{name}:0</c>, <c>:1</c>, … — <c>Services__identification__0</c> as
/// environment variables). Each address becomes one YARP destination of the service's cluster, named
/// <c>{name}-1</c>, <c>{name}-2</c>, … in the configured order.
/// </summary>
public static class ServiceAddresses
{
    private static readonly char[] Separators = [',', ';', ' ', '\t', '\n', '\r'];

    /// <summary>The service's instance addresses (without a trailing slash), in order; throws when none is configured or one is not an absolute http(s) address.</summary>
    public static IReadOnlyList<string> Of(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection($"Services:{name}");
        var listed = (section.Value ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(section.GetChildren().OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0))
            .ToList();
        if (listed.Count == 0) throw new InvalidOperationException($"Services:{name} (the {name} service's address, or several) is not configured.");
        var addresses = new List<string>();
        foreach (var address in listed)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"Services:{name} lists '{address}', which is not an absolute http(s) address.");
            var normalised = address.TrimEnd('/');
            if (!addresses.Contains(normalised, StringComparer.OrdinalIgnoreCase)) addresses.Add(normalised);
        }
        return addresses;
    }

    /// <summary>The destination id of the service's <paramref name="index"/>-th address (0-based): <c>{name}-1</c>, <c>{name}-2</c>, …</summary>
    public static string DestinationId(string name, int index) => $"{name}-{index + 1}";
}
