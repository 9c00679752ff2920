using System.Net;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>One rule of the production checklist (docs/production-checklist.md lists every one, by <see cref="Id"/>).</summary>
/// <param name="Id">Its name in refusals and in the checklist.</param>
/// <param name="Key">The configuration key(s) it is about.</param>
/// <param name="Where">Which processes and environments it applies to.</param>
public sealed record ChecklistRule(string Id, string Key, string Where);

/// <summary>
/// Settings that make a local node work out of the box and must never reach a real one, and the production checklist
/// (docs/production-checklist.md). Any process without a valid <c>Node:Jurisdiction</c> refuses to start; outside
/// Development so does one with a development token key or the well-known development vault master key; and in
/// Production one that misses any other rule of the checklist (<see cref="Rules"/>). Each refusal names its rule
/// (<c>[rule-id]</c>) and says what to set; every reason is given at once (<see cref="Refuse"/>). Development and
/// Testing keep working as they are.
/// </summary>
public static class UnsafeDefaults
{
    /// <summary>The development vault master key shipped in Identification's appsettings.Development.json (published, so not a secret).</summary>
    public const string DevelopmentVaultMasterKey = "dHJtLWRldmVsb3BtZW50LW1hc3Rlci1rZXktMzJieXQ=";

    /// <summary>Passwords of the local node (deploy/local/infra.sh, Devtool) and RabbitMQ's default user: well known, so never a production credential.</summary>
    public static readonly string[] DevelopmentPasswords = ["dev-password", "dev_password", "guest:guest@"];

    public static readonly ChecklistRule Jurisdiction_ = new("jurisdiction", "Node:Jurisdiction", "every process, every environment");
    public static readonly ChecklistRule DevelopmentTokenKey = new("development-token-key", "Auth:DevelopmentSigningKey", "every process outside Development");
    public static readonly ChecklistRule DevelopmentVaultKey = new("development-vault-key", "Vault:MasterKeys:{id}", "every process outside Development");
    public static readonly ChecklistRule DevelopmentPassword = new("development-password", "ConnectionStrings:*, RabbitMq:*, any key naming a password", "every process in Production");
    public static readonly ChecklistRule AuthorityHttps = new("authority-https", "Auth:Authority", "every process in Production");
    public static readonly ChecklistRule MetricsToken = new("metrics-token", "Metrics:Token", "every process in Production");
    public static readonly ChecklistRule ForwardedHeadersTrustAll = new("forwarded-headers-trust-all", "ForwardedHeaders:KnownNetworks, ForwardedHeaders:KnownProxies", "every process in Production");
    public static readonly ChecklistRule VaultMasterKey = new("vault-master-key", "Vault:CurrentKeyId, Vault:MasterKeys:{id}", "services in Production");
    public static readonly ChecklistRule CheckpointKey = new("checkpoint-key", "Audit:CheckpointKey", "services in Production");
    public static readonly ChecklistRule SchemaAtStartup = new("schema-at-startup", "EventStore:ApplySchemaAtStartup", "services in Production");

    /// <summary>Every rule this class enforces (a test holds docs/production-checklist.md to it).</summary>
    public static IReadOnlyList<ChecklistRule> Rules { get; } =
        [Jurisdiction_, DevelopmentTokenKey, DevelopmentVaultKey, DevelopmentPassword, AuthorityHttps, MetricsToken, ForwardedHeadersTrustAll, VaultMasterKey, CheckpointKey, SchemaAtStartup];

    /// <summary>Every reason this configuration must not run in <paramref name="environment"/> (empty: none).</summary>
    /// <param name="service">False for the gateway: the rules about a service's database, vault and checkpoints do not apply to it.</param>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment, bool service = true)
    {
        var reasons = new List<string>();
        void Refused(ChecklistRule rule, string reason) => reasons.Add($"[{rule.Id}] {reason}");
        if (JurisdictionProblem(configuration) is { } jurisdiction) reasons.Add(jurisdiction);
        if (environment.IsDevelopment()) return reasons;

        if (!string.IsNullOrWhiteSpace(configuration["Auth:DevelopmentSigningKey"]))
            Refused(DevelopmentTokenKey, "Auth:DevelopmentSigningKey is set, but development tokens are accepted only in Development: remove it and configure Auth:Authority (OIDC) or Auth:Issuer with Auth:SigningKeys.");
        foreach (var key in configuration.GetSection("Vault:MasterKeys").GetChildren())
            if (key.Value?.Trim() == DevelopmentVaultMasterKey)
                Refused(DevelopmentVaultKey, $"Vault:MasterKeys:{key.Key} is the well-known development vault master key (published in the repository): give a master key from a secret store or KMS.");
        if (!environment.IsProduction()) return reasons;

        // Only key names are ever written, never a value.
        var withDevelopmentPasswords = configuration.AsEnumerable()
            .Where(s => s.Key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) || s.Key.StartsWith("RabbitMq:", StringComparison.OrdinalIgnoreCase)
                        || s.Key.Contains("Password", StringComparison.OrdinalIgnoreCase))
            .Where(s => s.Value is { } value && DevelopmentPasswords.Any(p => value.Contains(p, StringComparison.OrdinalIgnoreCase)))
            .Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        if (withDevelopmentPasswords.Count > 0)
            Refused(DevelopmentPassword, $"{string.Join(", ", withDevelopmentPasswords)} {(withDevelopmentPasswords.Count == 1 ? "holds" : "hold")} a well-known development password (dev-password, dev_password, guest:guest): give each service its own credentials from a secret store (Secrets:Directory).");
        if (configuration["Auth:Authority"] is { Length: > 0 } authority && !authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            Refused(AuthorityHttps, "Auth:Authority is not an https:// address: tokens' signing keys would be fetched over a connection anyone on the path can change.");
        if (string.IsNullOrWhiteSpace(configuration["Metrics:Token"]))
            Refused(MetricsToken, "Metrics:Token is not set: give the monitoring system's scrape token (without it /metrics is not served and the node is not monitored).");
        if (TrustsEveryone(configuration))
            Refused(ForwardedHeadersTrustAll, "ForwardedHeaders:KnownNetworks or ForwardedHeaders:KnownProxies trusts every address: list only the ingress' or load balancer's addresses, or any caller can claim any client address.");
        if (!service) return reasons;

        var currentKey = configuration["Vault:CurrentKeyId"];
        if (string.IsNullOrWhiteSpace(currentKey) || string.IsNullOrWhiteSpace(configuration[$"Vault:MasterKeys:{currentKey}"]))
            Refused(VaultMasterKey, "Vault:CurrentKeyId does not name a master key under Vault:MasterKeys: give the vault master keys (32 bytes, base64) from a secret store or KMS.");
        if (string.IsNullOrWhiteSpace(configuration["Audit:CheckpointKey"]))
            Refused(CheckpointKey, "Audit:CheckpointKey is not set: give the service's checkpoint signing key (ECDSA P-256 private key, PEM) from a secret store.");
        if (configuration["EventStore:ApplySchemaAtStartup"] is { } apply && bool.TryParse(apply, out var applies) && applies)
            Refused(SchemaAtStartup, "EventStore:ApplySchemaAtStartup is true: in Production the schema is applied deliberately at deploy time (dotnet <service>.dll migrate, the migration Job); remove the setting.");
        return reasons;
    }

    private static bool TrustsEveryone(IConfiguration configuration)
    {
        foreach (var value in Values(configuration, "ForwardedHeaders:KnownNetworks"))
            if (value is "0.0.0.0/0" or "::/0" || (System.Net.IPNetwork.TryParse(value, out var network) && network.PrefixLength == 0)) return true;
        return Values(configuration, "ForwardedHeaders:KnownProxies").Any(v => v is "*" or "0.0.0.0" or "::");
    }

    /// <summary>A list setting given as children (<c>Key:0</c>, <c>Key:1</c>) or as one comma-separated value.</summary>
    public static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return items.Where(v => !string.IsNullOrWhiteSpace(v)).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Throws, naming every reason, when <see cref="Find"/> finds any: the process does not start.</summary>
    public static void Refuse(IConfiguration configuration, IHostEnvironment environment, bool service = true)
    {
        var reasons = Find(configuration, environment, service);
        if (reasons.Count > 0)
            throw new InvalidOperationException($"Refusing to start in environment '{environment.EnvironmentName}': {string.Join(" ", reasons)} (docs/production-checklist.md)");
    }

    /// <summary>The node's jurisdiction, set explicitly as an ISO 3166-1 alpha-2 code (never defaulted).</summary>
    public static string Jurisdiction(IConfiguration configuration) =>
        JurisdictionProblem(configuration) is { } problem ? throw new InvalidOperationException($"Refusing to start: {problem}") : configuration["Node:Jurisdiction"]!;

    private static string? JurisdictionProblem(IConfiguration configuration) => configuration["Node:Jurisdiction"] switch
    {
        null or "" => $"[{Jurisdiction_.Id}] Node:Jurisdiction is not set: every node names its jurisdiction explicitly (an ISO 3166-1 alpha-2 code such as NL); there is no default.",
        var code when !Jurisdictions.IsValid(code) => $"[{Jurisdiction_.Id}] Node:Jurisdiction '{code}' is not an ISO 3166-1 alpha-2 code.",
        _ => null,
    };
}
