namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// One canonical text for a JSON value, the same whether it is computed from what the serializer is about to store or from
/// what PostgreSQL's <c>jsonb</c> gives back: members sorted by name (ordinal), no insignificant whitespace, strings
/// escaped one way, numbers written as <c>numeric</c> stores them (exponent expanded, scale kept, no negative zero),
/// and for a repeated member the last one (as <c>jsonb</c> keeps). Every stored member is in it, so a member added to a
/// stored row changes it.
/// </summary>
public static class CanonicalJson
{
    public static string Of(string json, params string[] omitTopLevel)
    {
        using var document = JsonDocument.Parse(json);
        var builder = new StringBuilder(json.Length);
        Write(builder, document.RootElement, omitTopLevel);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement element, IReadOnlyCollection<string>? omit = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                    if (omit is null || !omit.Contains(member.Name)) members[member.Name] = member.Value;
                builder.Append('{');
                var first = true;
                foreach (var name in members.Keys.Order(StringComparer.Ordinal))
                {
                    if (!first) builder.Append(',');
                    first = false;
                    String(builder, name);
                    builder.Append(':');
                    Write(builder, members[name]);
                }
                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (i++ > 0) builder.Append(',');
                    Write(builder, item);
                }
                builder.Append(']');
                break;
            case JsonValueKind.String: String(builder, element.GetString()!); break;
            case JsonValueKind.Number: builder.Append(Number(element.GetRawText())); break;
            case JsonValueKind.True: builder.Append("true"); break;
            case JsonValueKind.False: builder.Append("false"); break;
            default: builder.Append("null"); break;
        }
    }

    private static void String(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case < ' ': builder.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }

    /// <summary>A JSON number as PostgreSQL's <c>numeric</c> prints it: plain notation, as many fraction digits as written
    /// minus the exponent (never fewer than none), leading zeros dropped, no sign on zero.</summary>
    public static string Number(string raw)
    {
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var e = body.IndexOfAny(['e', 'E']);
        var exponent = e < 0 ? 0 : int.Parse(body[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? body : body[..e];
        var point = mantissa.IndexOf('.');
        var integer = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = integer + fraction;
        var scale = Math.Max(0, fraction.Length - exponent);
        var pointAt = integer.Length + exponent; // where the decimal point falls in digits
        string whole, frac;
        if (pointAt <= 0) { whole = "0"; frac = new string('0', -pointAt) + digits; }
        else if (pointAt >= digits.Length) { whole = digits + new string('0', pointAt - digits.Length); frac = ""; }
        else { whole = digits[..pointAt]; frac = digits[pointAt..]; }
        frac = frac.Length >= scale ? frac[..scale] : frac + new string('0', scale - frac.Length);
        whole = whole.TrimStart('0');
        if (whole.Length == 0) whole = "0";
        var zero = whole == "0" && frac.All(ch => ch == '0');
        return (negative && !zero ? "-" : "") + whole + (scale > 0 ? "." + frac : "");
    }
}
