using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization.Metadata;

namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>
/// Bad input said in the caller's words: each error names the field as the JSON (or the query) spells it —
/// <c>reasons</c>, <c>plan.items[0].kind</c>, <c>from</c> — and says what is wrong: <c>missing</c>,
/// <c>not one of: a, b, c</c>, <c>must be a number</c>, <c>not a field of this request</c>. Never a .NET type or
/// member name: the messages of System.Text.Json and of parameter binding are read here and not passed on.
/// </summary>
public static class InputProblems
{
    public const string Missing = "missing";
    public const string NotAField = "not a field of this request";
    public const string Body = "body";

    /// <summary>One field and what is wrong with it.</summary>
    public readonly record struct FieldProblem(string Field, string Problem);

    /// <summary>The fields a request body could not be read for; <paramref name="bodyType"/> (the endpoint's body) lets the expected types be named.</summary>
    public static IReadOnlyList<FieldProblem> FromJson(JsonException json, Type? bodyType, JsonSerializerOptions options)
    {
        var path = PathOf(json);
        if (json is InputProblemException input) return [new(path ?? Body, input.Problem)];
        var message = json.Message.Split(" Path:", 2)[0];

        // "JSON deserialization for type '…' was missing required properties including: 'source', 'sex'."
        const string including = "including: ";
        if (message.Contains("missing required properties", StringComparison.Ordinal) && message.IndexOf(including, StringComparison.Ordinal) is var i and >= 0)
        {
            var names = message[(i + including.Length)..].TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => n.Trim('\''));
            return names.Select(n => new FieldProblem(path is null ? n : $"{path}.{n}", Missing)).ToList();
        }
        if (message.Contains("could not be mapped to any", StringComparison.Ordinal))
        {
            var fields = path is null ? null : FieldsOf(Parent(path), bodyType, options);
            return [new(path ?? Body, fields is { Count: > 0 } ? $"{NotAField}; its fields are: {string.Join(", ", fields)}" : NotAField)];
        }
        if (message.Contains("null values", StringComparison.Ordinal)) return [new(path ?? Body, "must not be null")];
        // A syntax error the reader found (an unquoted value, a missing comma, a body cut short): where it is.
        if (json.InnerException is JsonException || path is null)
            return [new(Body, $"malformed JSON at line {(json.LineNumber ?? 0) + 1}, position {(json.BytePositionInLine ?? 0) + 1}: {Plain(json.InnerException?.Message ?? message)}")];
        var type = TypeAt(path, bodyType, options);
        return [new(path, type is null ? "has a value of the wrong type" : Expected(type, options))];
    }

    /// <summary>A query, route or header value that did not bind, or a body that was not sent (the messages of minimal API binding).</summary>
    public static FieldProblem FromBinding(string message, MethodInfo? handler)
    {
        if (Regex.Match(message, "^Failed to bind parameter \"(?<type>.+) (?<name>[^ \"]+)\" from \"(?<value>.*)\"") is { Success: true } failed)
        {
            var name = failed.Groups["name"].Value;
            var type = handler?.GetParameters().FirstOrDefault(p => p.Name == name)?.ParameterType;
            return new(name, type is null ? $"\"{failed.Groups["value"].Value}\" could not be read" : ExpectedText(type));
        }
        if (Regex.Match(message, "^Required parameter \"(?<type>.+) (?<name>[^ \"]+)\" was not provided from (?<source>[a-z ]+)") is { Success: true } required)
            return required.Groups["source"].Value.Trim() == "body" ? new(Body, $"{Missing}: send a JSON object") : new(required.Groups["name"].Value, Missing);
        if (message.StartsWith("Implicit body inferred", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal))
            return new(Body, $"{Missing}: send a JSON object");
        if (message.StartsWith("Expected a supported JSON media type", StringComparison.Ordinal))
            return new("Content-Type", "send the body as JSON with Content-Type: application/json");
        return new(Body, "could not be read");
    }

    /// <summary>The answer's detail: <c>source is missing.</c>, <c>kind: not one of: a, b.</c></summary>
    public static string Detail(IReadOnlyList<FieldProblem> problems) => string.Join(" ", problems.Select(p =>
        p.Problem == Missing ? $"{p.Field} is missing." : $"{p.Field}: {p.Problem.TrimEnd('.')}."));

    public static Dictionary<string, string[]> Errors(IReadOnlyList<FieldProblem> problems) =>
        problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Problem).ToArray());

    /// <summary>What a value of <paramref name="type"/> must look like in JSON.</summary>
    public static string Expected(Type type, JsonSerializerOptions options)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return NotOneOf(Codes(t, options));
        if (IsoDates.IsDate(t)) return IsoDates.Problem(t, null)!;
        if (t == typeof(string)) return "must be a string";
        if (t == typeof(bool)) return "must be true or false";
        if (t == typeof(Guid)) return "must be a UUID, e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6";
        if (IsNumber(t)) return "must be a number";
        if (typeof(IEnumerable).IsAssignableFrom(t)) return "must be an array";
        return "must be an object";
    }

    /// <summary>What a query or route value of <paramref name="type"/> must look like.</summary>
    public static string ExpectedText(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return NotOneOf(Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        if (IsoDates.IsDate(t)) return IsoDates.Problem(t, null)!;
        if (t == typeof(bool)) return "not true or false";
        if (t == typeof(Guid)) return "not a UUID, e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6";
        if (t == typeof(int) || t == typeof(long) || t == typeof(short)) return "not a whole number";
        if (IsNumber(t)) return "not a number";
        return "could not be read";
    }

    /// <summary>The codes an enum is written as in JSON (and the only ones read), in declaration order.</summary>
    public static IReadOnlyList<string> Codes(Type enumType, JsonSerializerOptions options)
    {
        var codes = new List<string>();
        foreach (var value in Enum.GetValues(enumType))
        {
            var code = JsonSerializer.Serialize(value, enumType, options).Trim('"');
            if (!codes.Contains(code)) codes.Add(code);
        }
        return codes;
    }

    private static string NotOneOf(IEnumerable<string> allowed) => $"not one of: {string.Join(", ", allowed)}";

    private static bool IsNumber(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong)
        || t == typeof(decimal) || t == typeof(double) || t == typeof(float);

    /// <summary>The JSON path without <c>$.</c> (<c>plan.items[0].kind</c>); null for the whole body.</summary>
    private static string? PathOf(JsonException json) =>
        string.IsNullOrEmpty(json.Path) || json.Path == "$" ? null : json.Path.TrimStart('$', '.');

    private static string? Parent(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? null : path[..dot];
    }

    /// <summary>The type the body declares at a JSON path (array indexes step into the element type), or null when it cannot be followed.</summary>
    private static Type? TypeAt(string? path, Type? bodyType, JsonSerializerOptions options)
    {
        if (bodyType is null) return null;
        var type = bodyType;
        foreach (var segment in (path ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            var info = Info(type, options);
            if (info is null) return null;
            if (name.Length > 0)
            {
                if (info.Kind != JsonTypeInfoKind.Object) return null;
                var property = info.Properties.FirstOrDefault(p => p.Name == name);
                if (property is null) return null;
                type = property.PropertyType;
            }
            for (var k = bracket < 0 ? 0 : segment.Count(c => c == '['); k > 0; k--)
            {
                var element = Info(type, options)?.ElementType;
                if (element is null) return null;
                type = element;
            }
        }
        return type;
    }

    /// <summary>The JSON names of the fields the object at <paramref name="path"/> accepts.</summary>
    private static IReadOnlyList<string>? FieldsOf(string? path, Type? bodyType, JsonSerializerOptions options) =>
        TypeAt(path, bodyType, options) is { } type && Info(type, options) is { Kind: JsonTypeInfoKind.Object } info
            ? info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name).ToList()
            : null;

    private static JsonTypeInfo? Info(Type type, JsonSerializerOptions options)
    {
        try
        {
            options.MakeReadOnly(populateMissingResolver: true);
            return options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A reader's message without its position suffix (it names no type).</summary>
    private static string Plain(string message) => message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].Trim().TrimEnd('.', ' ', '|');
}
