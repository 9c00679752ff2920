namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>Enum values as the string codes used in the API and in contracts (kebab-case or their JSON names).</summary>
public static class Codes
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        HttpDefaults.ConfigureJson(options);
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

    /// <summary>
    /// A code from another service read leniently, as the contracts promise: an unknown value (a newer sender, say) is
    /// read as <paramref name="whenUnknown"/> — for a child status the protective reading, a presumed child (CETS 197
    /// art. 10(3)) — and <paramref name="note"/> says so for the decision's reasons (empty when the code was known).
    /// </summary>
    public static TEnum ReadOr<TEnum>(string? code, TEnum whenUnknown, out string note) where TEnum : struct, Enum
    {
        if (TryParse<TEnum>(code, out var value))
        {
            note = "";
            return value;
        }
        note = $" The {typeof(TEnum).Name} code '{code}' is not known here: read as {Of(whenUnknown)}.";
        return whenUnknown;
    }
}
