using System.Collections;
using System.Reflection;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// Checks a partner's body before any handler sees it, so that what can never be applied is rejected once (to the error
/// queue with a stable reason) instead of failing in a handler and being retried on the consumer every partner shares.
/// Contracts carry ids and codes only: a string or list member that is null or missing, a null list element, or a control
/// character (<c>\u0000</c>, which PostgreSQL's jsonb refuses, included) in any string is no valid message.
/// </summary>
public static class IncomingValidation
{
    /// <summary>A missing or null member (the receiver's reason code).</summary>
    public const string MissingField = "missing-field";

    /// <summary>A control character in a string member.</summary>
    public const string InvalidCharacters = "invalid-characters";

    /// <summary>The body read as <paramref name="type"/>, or the reason it is refused and the member at fault (a name, never a value).</summary>
    public static (object? Message, string? Reason, string? Member) Read(byte[] body, Type type)
    {
        object? message;
        try
        {
            message = JsonSerializer.Deserialize(body, type, CrossBorderJson.Incoming);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Readable when null and missing members are let through: it is a missing or null member, not bad JSON.
            return Lenient(body, type) ? (null, MissingField, (e as JsonException)?.Path) : (null, "malformed", (e as JsonException)?.Path);
        }
        if (message is null) return (null, "malformed", "$");
        if (MissingMember(body, type) is { } missing) return (null, MissingField, missing);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            switch (property.GetValue(message))
            {
                case string text when HasControl(text):
                    return (null, InvalidCharacters, property.Name);
                case IEnumerable list and not string:
                    foreach (var item in list)
                    {
                        if (item is null) return (null, MissingField, property.Name);
                        if (item is string text && HasControl(text)) return (null, InvalidCharacters, property.Name);
                        if (item is CrossBorderAttachment attachment && new[] { attachment.Reference, attachment.Classification, attachment.HandlingCode, attachment.Redaction, attachment.FullVersionLegalBasis }
                            .Any(t => t is not null && HasControl(t)))
                            return (null, InvalidCharacters, property.Name);
                    }
                    break;
            }
        }
        return (message, null, null);
    }

    /// <summary>The first constructor parameter that is neither nullable nor defaulted and that the body does not name.</summary>
    private static string? MissingMember(byte[] body, Type type)
    {
        using var json = JsonDocument.Parse(body);
        if (json.RootElement.ValueKind != JsonValueKind.Object) return "$";
        var present = json.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nullability = new NullabilityInfoContext();   // not thread-safe: one per call
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.HasDefaultValue || Nullable.GetUnderlyingType(parameter.ParameterType) is not null) continue;
            if (!parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable) continue;
            if (!present.Contains(parameter.Name!)) return parameter.Name;
        }
        return null;
    }

    private static bool HasControl(string text) => text.Any(char.IsControl);

    private static bool Lenient(byte[] body, Type type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type, CrossBorderJson.Options) is not null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
