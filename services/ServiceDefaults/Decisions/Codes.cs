using System.Text.Json;

namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>Enum values as the string codes used in the API and in contracts (kebab-case or their JSON names).</summary>
public static class Codes
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        Extensions.ConfigureJson(options);
        return options;
    }

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonSerializer.Serialize(value, Json).Trim('"');

    public static bool TryParse<TEnum>(string? code, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(code)) return false;
        try
        {
            value = JsonSerializer.Deserialize<TEnum>($"\"{code}\"", Json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
