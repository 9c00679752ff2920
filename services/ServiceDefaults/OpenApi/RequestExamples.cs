using System.Reflection;

namespace TransnationalReferral.ServiceDefaults.OpenApi;

/// <summary>
/// A service's examples of its request bodies (its <c>OpenApiExamples.cs</c>, found in its assembly by
/// <see cref="ReferralServiceExtensions.AddReferralService"/>): one realistic instance per command or request type — a
/// decision a focal point would take, codes as the API speaks them, ISO 8601 dates in UTC, reasons that name no person.
/// The OpenAPI document shows each, serialized with the API's JSON options, on every operation whose body is that type.
/// </summary>
public abstract class RequestExamples
{
    private Dictionary<Type, object>? byType;

    /// <summary>One instance per request type (the instance's type is the key).</summary>
    public abstract IEnumerable<object> Examples { get; }

    /// <summary>An instant in UTC as the API writes it (ISO 8601 with <c>Z</c>).</summary>
    protected static DateTimeOffset At(string iso8601) => DateTimeOffset.Parse(iso8601, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An id of something the example refers to (a case, an asset, an attachment).</summary>
    protected static Guid Id(string uuid) => Guid.Parse(uuid);

    public IReadOnlyDictionary<Type, object> ByType => byType ??= Examples.ToDictionary(e => e.GetType());

    public object? For(Type type) => ByType.GetValueOrDefault(type);

    /// <summary>The service assembly's examples (none when it has no <c>OpenApiExamples</c>).</summary>
    public static RequestExamples? Of(Assembly assembly) => assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(RequestExamples).IsAssignableFrom(t))
        .Select(t => (RequestExamples)Activator.CreateInstance(t)!)
        .SingleOrDefault();
}
