using System.Reflection;
using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// A name an enum member was stored under before it was renamed (events and documents are never rewritten): the store
/// reads it as this member, and writes the member's own name from then on. E.g. <c>[FormerlyStoredAs("Women")] Female</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true)]
public sealed class FormerlyStoredAsAttribute(string name) : Attribute
{
    public string Name => name;
}

/// <summary>
/// A member that only reads what was stored under a former name (e.g. a renamed property): the OpenAPI documents leave it out.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StoredOnlyAttribute : Attribute;

/// <summary>
/// The store's enum converter for enums with <see cref="FormerlyStoredAsAttribute"/> members: reads the former names,
/// otherwise reads and writes exactly as the store's string enums (<see cref="JsonStringEnumConverter"/>).
/// </summary>
public sealed class FormerEnumNames : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsDefined(typeof(FormerlyStoredAsAttribute)));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), options)!;

    private sealed class Converter<T>(JsonSerializerOptions options) : JsonConverter<T> where T : struct, Enum
    {
        private readonly Dictionary<string, T> former = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .SelectMany(f => f.GetCustomAttributes<FormerlyStoredAsAttribute>().Select(a => (a.Name, Value: (T)f.GetValue(null)!)))
            .ToDictionary(x => x.Name, x => x.Value, StringComparer.OrdinalIgnoreCase);

        private readonly JsonConverter<T> current = (JsonConverter<T>)new JsonStringEnumConverter().CreateConverter(typeof(T), options);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && former.TryGetValue(reader.GetString()!, out var value) ? value : current.Read(ref reader, typeToConvert, options);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => current.Write(writer, value, options);
    }
}
