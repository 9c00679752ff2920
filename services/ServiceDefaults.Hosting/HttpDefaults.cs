using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults;

/// <summary>Which service this process is, and the jurisdiction of the national node it belongs to.</summary>
public sealed record ServiceIdentity(string Name, string Jurisdiction);

/// <summary>What every service's HTTP requests share: the body limit and strict JSON.</summary>
public static class HttpDefaults
{
    /// <summary>Largest request body a service accepts (decisions are small; documents never travel in them).</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>
    /// Strict JSON for requests: enums as kebab-case strings (no numbers), unknown properties rejected
    /// (no mass assignment), missing required members and nulls in non-nullable members rejected.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }
}
