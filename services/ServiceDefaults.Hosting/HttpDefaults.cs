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
    /// Strict JSON for requests: enums as kebab-case strings (no numbers; an unknown one answered with the allowed
    /// codes), dates only in ISO 8601 (an instant with an offset or Z, a date as yyyy-MM-dd), unknown properties
    /// rejected (no mass assignment), missing required members and nulls in non-nullable members rejected.
    /// Only the HTTP API's options: stored events and bus messages keep their own serializers.
    /// </summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Enums keep the built-in converter (the OpenAPI documents list its codes); an unknown code is answered with
        // every code of the field's enum by the exception handler (InputProblems), which finds the enum from the path.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new Http.IsoDates.InstantConverter());
        options.Converters.Add(new Http.IsoDates.DateTimeConverter());
        options.Converters.Add(new Http.IsoDates.DateConverter());
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
    }
}
