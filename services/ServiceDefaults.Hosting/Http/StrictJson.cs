using System.Globalization;
using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>
/// A value the request sent that this API does not accept, said in the caller's words (e.g. <c>not an ISO 8601 date</c>):
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
