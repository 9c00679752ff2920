using System.Text.RegularExpressions;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>Organisation codes (e.g. <c>nl-focal-point</c>): lower-case letters, digits and hyphens, 2 to 100 characters.</summary>
public static partial class OrganisationCodes
{
    public const string Format = "lower-case letters, digits and hyphens, 2 to 100 characters (e.g. nl-focal-point)";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,99}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);
}
