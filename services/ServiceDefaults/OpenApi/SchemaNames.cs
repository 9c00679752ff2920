using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace TransnationalReferral.ServiceDefaults.OpenApi;

/// <summary>
/// Schema names unique across the five documents: the framework's name (the type's own name), except for a type of
/// this system whose name another of its types also has (e.g. two <c>Request</c> records nested in different
/// decisions): that one is named with its declaring type or namespace first (<c>OpeningCaseOpenCaseRequest</c>).
/// The gateway's documents test (OpenApiDocumentTests) fails when one name stands for two different schemas.
/// </summary>
public static class SchemaNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, HashSet<string>> Ambiguous = new();

    /// <summary>Names two public types share in the type's assembly and the system's assemblies it references (deterministic: not what happens to be loaded).</summary>
    private static HashSet<string> AmbiguousFrom(Assembly assembly) => Ambiguous.GetOrAdd(assembly, a => Ours(a)
        .SelectMany(PublicTypes)
        .GroupBy(t => t.Name)
        .Where(g => g.Count() > 1)
        .Select(g => g.Key)
        .ToHashSet());

    private static IEnumerable<Assembly> Ours(Assembly root)
    {
        var seen = new Dictionary<string, Assembly>();
        var queue = new Queue<Assembly>([root]);
        while (queue.TryDequeue(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly)) continue;
            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name?.StartsWith("TransnationalReferral", StringComparison.Ordinal) == true))
                queue.Enqueue(Assembly.Load(reference));
        }
        return seen.Values;
    }

    private static Type[] PublicTypes(Assembly assembly)
    {
        try { return assembly.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).ToArray(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>().Where(t => t.IsPublic || t.IsNestedPublic).ToArray(); }
    }

    /// <summary>
    /// Types of different services that share a name (their documents would name two schemas alike): each named for
    /// what it is. Protection's age groups served by a provider are not Identification's age band of a person.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Renamed = new Dictionary<string, string>
    {
        ["TransnationalReferral.Protection.Providers.AgeGroup"] = "AgeGroupServed",
        ["TransnationalReferral.Protection.Cases.ReflectionPeriod"] = "ReflectionPeriodAsHeard",
        ["TransnationalReferral.Return.Cases.AssessingReturnRisk+AssessRisk"] = "AssessReturnRisk",
        ["TransnationalReferral.Protection.Incoming.IncomingStage"] = "IncomingProtectionStage",
        ["TransnationalReferral.Return.Reintegration.IncomingStage"] = "IncomingReturnStage",
        ["TransnationalReferral.Identification.Cases.DecidingConclusiveGrounds+Outcome"] = "ConclusiveGroundsOutcome",
        ["TransnationalReferral.Remedies.Claims.RecordingClaimDecision+Outcome"] = "ClaimOutcome",
        ["TransnationalReferral.Remedies.Claims.ProvidingRemedyInformation+ProvideInformation"] = "ProvideRemedyInformation",
        ["TransnationalReferral.Return.Cases.ProvidingReturnInformation+ProvideInformation"] = "ProvideReturnInformation",
        ["TransnationalReferral.Identification.Assistance.AnsweringIdentificationAssistance+Answer"] = "IdentificationAssistanceAnswer",
        ["TransnationalReferral.JudicialCooperation.Requests.AnsweringProceedsReturn+Answer"] = "ProceedsReturnAnswer",
    };

    public static string? Of(JsonTypeInfo type)
    {
        if (type.Type.FullName is { } fullName && Renamed.TryGetValue(fullName, out var renamed)) return renamed;
        var name = OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        var clr = type.Type;
        if (name is null || clr.Namespace?.StartsWith("TransnationalReferral", StringComparison.Ordinal) != true || clr.IsGenericType || !AmbiguousFrom(clr.Assembly).Contains(clr.Name)) return name;
        var qualifier = clr.DeclaringType?.Name ?? clr.Namespace.Split('.')[^1];
        return qualifier + name;
    }
}
