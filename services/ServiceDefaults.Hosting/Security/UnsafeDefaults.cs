namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>
/// Settings that make a local node work out of the box and must never reach a real one. Outside Development a process
/// with a development token key, the well-known development vault master key, or no explicit jurisdiction refuses to
/// start and says why (<see cref="Refuse"/>); so does any process without a valid <c>Node:Jurisdiction</c>.
/// </summary>
public static class UnsafeDefaults
{
    /// <summary>The development vault master key shipped in Identification's appsettings.Development.json (published, so not a secret).</summary>
    public const string DevelopmentVaultMasterKey = "dHJtLWRldmVsb3BtZW50LW1hc3Rlci1rZXktMzJieXQ=";

    /// <summary>Every reason this configuration must not run in <paramref name="environment"/> (empty: none).</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment)
    {
        var reasons = new List<string>();
        if (JurisdictionProblem(configuration) is { } jurisdiction) reasons.Add(jurisdiction);
        if (environment.IsDevelopment()) return reasons;

        if (!string.IsNullOrWhiteSpace(configuration["Auth:DevelopmentSigningKey"]))
            reasons.Add("Auth:DevelopmentSigningKey is set, but development tokens are accepted only in Development: remove it and configure Auth:Authority (OIDC) or Auth:Issuer with Auth:SigningKeys.");
        foreach (var key in configuration.GetSection("Vault:MasterKeys").GetChildren())
            if (key.Value?.Trim() == DevelopmentVaultMasterKey)
                reasons.Add($"Vault:MasterKeys:{key.Key} is the well-known development vault master key (published in the repository): give a master key from a secret store or KMS.");
        return reasons;
    }

    /// <summary>Throws, naming every reason, when <see cref="Find"/> finds any: the process does not start.</summary>
    public static void Refuse(IConfiguration configuration, IHostEnvironment environment)
    {
        var reasons = Find(configuration, environment);
        if (reasons.Count > 0)
            throw new InvalidOperationException($"Refusing to start in environment '{environment.EnvironmentName}': {string.Join(" ", reasons)}");
    }

    /// <summary>The node's jurisdiction, set explicitly as an ISO 3166-1 alpha-2 code (never defaulted).</summary>
    public static string Jurisdiction(IConfiguration configuration) =>
        JurisdictionProblem(configuration) is { } problem ? throw new InvalidOperationException($"Refusing to start: {problem}") : configuration["Node:Jurisdiction"]!;

    private static string? JurisdictionProblem(IConfiguration configuration) => configuration["Node:Jurisdiction"] switch
    {
        null or "" => "Node:Jurisdiction is not set: every node names its jurisdiction explicitly (an ISO 3166-1 alpha-2 code such as NL); there is no default.",
        var code when !Jurisdictions.IsValid(code) => $"Node:Jurisdiction '{code}' is not an ISO 3166-1 alpha-2 code.",
        _ => null,
    };
}
