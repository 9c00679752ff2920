using System.Security.Claims;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>
/// Where the caller's <c>role</c>, <c>organisation</c> and <c>jurisdiction</c> come from in a provider's token
/// (<c>Auth:Claims:*</c>): a real provider (Keycloak, Entra ID) rarely issues claims of exactly those names. Each comes
/// either from a claim (<c>Auth:Claims:Role</c> = its name, default <c>role</c>) or from a groups-style claim with a
/// prefix (<c>Auth:Claims:RoleFromGroups</c> = <c>groups</c>, <c>Auth:Claims:RoleGroupPrefix</c> = <c>/trm/roles/</c>);
/// likewise Organisation and Jurisdiction; <c>Auth:Claims:Subject</c> names the subject claim (default <c>sub</c>).
/// <para>After the token is validated the principal carries the canonical claims. Ambiguous or invalid input — two
/// values, an unknown role, an invalid jurisdiction code or organisation code — fails authentication with its reason:
/// never a default, never the first of several. Without any <c>Auth:Claims</c> setting the token's own claims are used
/// as they are (the test and development tokens).</para>
/// </summary>
public sealed class ProviderClaims
{
    private static readonly string[] Keys =
    [
        "Subject", "Role", "RoleFromGroups", "RoleGroupPrefix", "Organisation", "OrganisationFromGroups", "OrganisationGroupPrefix",
        "Jurisdiction", "JurisdictionFromGroups", "JurisdictionGroupPrefix",
    ];

    private readonly string _subject;
    private readonly Source _role, _organisation, _jurisdiction;

    /// <summary>Whether any mapping is configured (otherwise the token's claims are taken as they are).</summary>
    public bool Configured { get; }

    private sealed record Source(string Canonical, string Claim, string? Prefix, Func<string, bool> IsValid, string Expected);

    private ProviderClaims(string subject, Source role, Source organisation, Source jurisdiction, bool configured) =>
        (_subject, _role, _organisation, _jurisdiction, Configured) = (subject, role, organisation, jurisdiction, configured);

    /// <summary>Reads <c>Auth:Claims</c>; an unknown key or an incomplete group mapping refuses the start.</summary>
    public static ProviderClaims From(IConfigurationSection claims)
    {
        var unknown = claims.GetChildren().Select(c => c.Key).Where(k => !Keys.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"Auth:Claims has unknown setting(s) {string.Join(", ", unknown)}: the known ones are {string.Join(", ", Keys)}. Refusing to start.");
        return new ProviderClaims(
            Value(claims, "Subject") ?? TrmClaims.Subject,
            SourceOf(claims, "Role", TrmClaims.Role, Roles.All.Contains, $"one of {string.Join(", ", Roles.All.Order())}"),
            SourceOf(claims, "Organisation", TrmClaims.Organisation, OrganisationCodes.IsValid, OrganisationCodes.Format),
            SourceOf(claims, "Jurisdiction", TrmClaims.Jurisdiction, Jurisdictions.IsValid, "an ISO 3166-1 alpha-2 code such as NL"),
            claims.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value)));
    }

    private static string? Value(IConfigurationSection claims, string key) => claims[key] is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static Source SourceOf(IConfigurationSection claims, string name, string canonical, Func<string, bool> isValid, string expected)
    {
        var claim = Value(claims, name);
        var groups = Value(claims, $"{name}FromGroups");
        var prefix = Value(claims, $"{name}GroupPrefix");
        if (claim is not null && groups is not null)
            throw new InvalidOperationException($"Auth:Claims:{name} and Auth:Claims:{name}FromGroups are both set: the {canonical} comes from one place. Refusing to start.");
        if ((groups is null) != (prefix is null))
            throw new InvalidOperationException($"Auth:Claims:{name}FromGroups and Auth:Claims:{name}GroupPrefix go together (e.g. groups and /trm/{canonical}/). Refusing to start.");
        return new Source(canonical, groups ?? claim ?? canonical, prefix, isValid, expected);
    }

    /// <summary>
    /// The principal with the canonical claims (sub, role, organisation, jurisdiction) in place of the provider's, or the
    /// reason the token does not name the caller unambiguously.
    /// </summary>
    public (ClaimsPrincipal? Principal, string? Failure) Map(ClaimsPrincipal principal)
    {
        var failures = new List<string>();
        var canonical = new List<Claim>();
        var subjects = Values(principal, _subject).ToList();
        if (subjects.Count > 1) failures.Add($"the token has {subjects.Count} {_subject} claims");
        else if (subjects.Count == 1) canonical.Add(new Claim(TrmClaims.Subject, subjects[0]));
        foreach (var source in new[] { _role, _organisation, _jurisdiction })
        {
            var (value, failure) = Resolve(principal, source);
            if (failure is not null) failures.Add(failure);
            else if (value is not null) canonical.Add(new Claim(source.Canonical, value));
        }
        if (failures.Count > 0) return (null, $"The token does not name the caller unambiguously: {string.Join("; ", failures)}.");

        var replaced = new HashSet<string>([TrmClaims.Subject, TrmClaims.Role, TrmClaims.Organisation, TrmClaims.Jurisdiction], StringComparer.Ordinal);
        var identity = new ClaimsIdentity(
            principal.Claims.Where(c => !replaced.Contains(c.Type)).Concat(canonical),
            principal.Identity?.AuthenticationType, TrmClaims.Subject, TrmClaims.Role);
        return (new ClaimsPrincipal(identity), null);
    }

    private static IEnumerable<string> Values(ClaimsPrincipal principal, string claim) =>
        principal.FindAll(claim).Select(c => c.Value.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal);

    private static (string? Value, string? Failure) Resolve(ClaimsPrincipal principal, Source source)
    {
        List<string> values;
        string where;
        if (source.Prefix is null)
        {
            values = Values(principal, source.Claim).ToList();
            where = $"claim {source.Claim}";
            if (values.Count == 0) return (null, null); // missing: RequireCallerClaims names it
        }
        else
        {
            values = Values(principal, source.Claim).Where(g => g.StartsWith(source.Prefix, StringComparison.Ordinal))
                .Select(g => g[source.Prefix.Length..]).Distinct(StringComparer.Ordinal).ToList();
            where = $"groups under {source.Prefix} in claim {source.Claim}";
            if (values.Count == 0) return (null, $"no {source.Canonical}: the token has no {where}");
        }
        if (values.Count > 1) return (null, $"{values.Count} values for the {source.Canonical} ({string.Join(", ", values)}) from {where}: exactly one is allowed");
        var value = values[0];
        if (!source.IsValid(value)) return (null, $"the {source.Canonical} '{value}' from {where} is not {source.Expected}");
        return (value, null);
    }
}
