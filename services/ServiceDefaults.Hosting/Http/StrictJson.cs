using System.Globalization;
using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>
/// A value the request sent that this API does not accept, said in the caller's words (e.g. <c>not one of: a, b</c>):
/// thrown by the request converters below, answered 400 naming the field (the path System.Text.Json adds).
/// </summary>
public sealed class InputProblemException(string problem) : JsonException(problem)
{
    public string Problem { get; } = problem;
}

/// <summary>Dates only in ISO 8601: an instant with an offset or <c>Z</c>, a date as <c>yyyy-MM-dd</c>. Nothing ambiguous (06.12.2026, 12-31-2026) is read.</summary>
public static class IsoDates
{
    public const string InstantProblem = "not an ISO 8601 date-time with an offset, e.g. 2026-12-06T09:00:00Z";
    public const string DateProblem = "not an ISO 8601 date (yyyy-MM-dd), e.g. 2026-12-06";

    private static readonly string[] Offsets =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public static bool TryParseInstant(string? text, out DateTimeOffset value)
    {
        value = default;
        // The exact formats below would let a one-digit offset hour through; ISO 8601 has two digits.
        if (text is null || text.Length < 17 || !(text.EndsWith('Z') || text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':')) return false;
        return DateTimeOffset.TryParseExact(text, Offsets, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    public static bool TryParseDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>What is wrong with <paramref name="text"/> for a value of <paramref name="type"/> (nullable or not), or null when it reads (or the type is no date).</summary>
    public static string? Problem(Type type, string? text)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime)) return TryParseInstant(text, out _) ? null : InstantProblem;
        if (t == typeof(DateOnly)) return TryParseDate(text, out _) ? null : DateProblem;
        return null;
    }

    public static bool IsDate(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(DateOnly));

    internal sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TryParseInstant(reader.GetString(), out var value) ? value : throw new InputProblemException(InstantProblem);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    internal sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TryParseInstant(reader.GetString(), out var value) ? value.UtcDateTime : throw new InputProblemException(InstantProblem);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    internal sealed class DateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && TryParseDate(reader.GetString(), out var value) ? value : throw new InputProblemException(DateProblem);

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Enums as kebab-case codes (no numbers), as <see cref="JsonStringEnumConverter"/> reads and writes them, except that a
/// value it does not know is refused with every code it would accept: <c>not one of: police, ngo, …</c>.
/// </summary>
public sealed class EnumCodesConverter : JsonConverterFactory
{
    private readonly JsonStringEnumConverter _codes = new(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Codes<>).MakeGenericType(typeToConvert), _codes.CreateConverter(typeToConvert, options))!;

    /// <summary>The codes an enum is written as (and the only ones read), in declaration order.</summary>
    public static IReadOnlyList<string> Allowed(Type enumType, JsonSerializerOptions options)
    {
        var allowed = new List<string>();
        foreach (var value in Enum.GetValues(enumType))
        {
            var code = JsonSerializer.Serialize(value, enumType, options).Trim('"');
            if (!allowed.Contains(code)) allowed.Add(code);
        }
        return allowed;
    }

    public static string NotOneOf(IEnumerable<string> allowed) => $"not one of: {string.Join(", ", allowed)}";

    private sealed class Codes<T>(JsonConverter codes) : JsonConverter<T> where T : struct, Enum
    {
        private readonly JsonConverter<T> _codes = (JsonConverter<T>)codes;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                try
                {
                    return _codes.Read(ref reader, typeToConvert, options);
                }
                catch (JsonException)
                {
                    // refused below with the codes it would have accepted
                }
            }
            throw new InputProblemException(NotOneOf(Allowed(typeof(T), options)));
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _codes.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return _codes.ReadAsPropertyName(ref reader, typeToConvert, options);
            }
            catch (JsonException)
            {
                throw new InputProblemException(NotOneOf(Allowed(typeof(T), options)));
            }
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _codes.WriteAsPropertyName(writer, value, options);
    }
}
