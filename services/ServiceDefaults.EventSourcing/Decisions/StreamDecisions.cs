using System.Collections.Concurrent;
using System.Reflection;

namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>The one write path: load at the version the caller saw, decide (pure), append with the decision's basis.</summary>
public static class StreamDecisions
{
    /// <summary>
    /// A decision on an existing case: If-Match names the version the caller decided on (428 without it,
    /// 409 when stale), <paramref name="decide"/> returns events or a refusal, and the events are appended
    /// with an optimistic check at commit (the decision filter commits). <paramref name="whenAccepted"/> adds
    /// what the accepted decision implies to the same transaction (a deadline, a vault write).
    /// </summary>
    public static async Task<IResult> DecideAsync<TState>(
        this IDocumentSession session, Guid caseId, HttpContext http,
        Func<TState, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null)
        where TState : class, ICaseState
    {
        if (!http.Request.TryGetExpectedVersion(out var expected, out var precondition)) return precondition!;
        if (DecisionReasons.TooLong(basis.Reasons) is { } tooLong) return tooLong; // reasons put together by the slice (the command's are checked before)

        var actor = http.Actor();
        var stream = await session.Events.FetchForWriting<TState>(caseId, ct);
        if (stream.Aggregate is not { } state) return Problems.NotFound("The case");
        if (stream.CurrentVersion != expected)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case has changed since you read it",
                detail: $"You decided on version {expected}, the case is at version {stream.CurrentVersion}. Read the case again and retry with its current ETag.");

        var decision = decide(state, new DecisionContext(actor, http.Now()));
        if (decision.Refusal is { } refusal) return refusal.ToProblem();

        stream.AppendMany(decision.Events);
        session.Record(basis);
        if (whenAccepted is not null) await whenAccepted(decision.Events); // effects in the same transaction (deadlines, vault)
        var version = expected + decision.Events.Count;
        return DecisionResult.Ok(new DecisionAccepted(caseId, version), version);
    }
}

/// <summary>The body of an accepted decision on an existing case.</summary>
public sealed record DecisionAccepted(Guid CaseId, long Version);

/// <summary>
/// The command of a decision that must say why: before the handler runs, the decision filter answers 400 naming the
/// field (<c>reasons</c>, or <see cref="Property"/> in camelCase) with <see cref="Explanation"/> when it is missing or
/// blank. <c>[Reasons("why the claim closes.")] public sealed record CloseClaim(string Reasons, …)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReasonsAttribute(string explanation) : Attribute
{
    /// <summary>What the reasons must say, as the 400 answers it (e.g. <c>why the claim closes.</c>).</summary>
    public string Explanation { get; } = explanation;

    /// <summary>The property holding the reasons: <c>Reasons</c> unless the command names them otherwise.</summary>
    public string Property { get; init; } = "Reasons";
}

/// <summary>
/// A command field that names an organisation: before the handler runs, the decision filter answers 400 naming the
/// field with <see cref="Whose"/> and the code format when it is not an organisation code.
/// <c>public sealed record ArrangeEscort([property: OrganisationCode("the escorting organisation's code")] string EscortOrganisation, …)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OrganisationCodeAttribute(string whose) : Attribute
{
    /// <summary>What the code is of, as the 400 answers it (e.g. <c>the consulate's organisation code</c>).</summary>
    public string Whose { get; } = whose;
}

/// <summary>
/// The reasons a decision's command carries, checked once for every decision: required where the command is marked
/// <see cref="ReasonsAttribute"/>, and never longer than <see cref="DecisionBasis.MaxReasonsLength"/> wherever a
/// command has them.
/// </summary>
public static class DecisionReasons
{
    private sealed record Reader(PropertyInfo? Property, string Field, string? Required, (PropertyInfo Property, string Field, string Whose)[] Organisations);

    private static readonly ConcurrentDictionary<Type, Reader?> Readers = new();

    /// <summary>The reasons of a command (its <c>Reasons</c>, or the property its <see cref="ReasonsAttribute"/> names); null when it has none.</summary>
    public static string? Of(object command) => ReaderOf(command.GetType())?.Property?.GetValue(command) as string;

    /// <summary>400 naming <paramref name="field"/> when the reasons are longer than a decision records.</summary>
    public static IResult? TooLong(string? reasons, string field = "reasons") =>
        reasons is { Length: > DecisionBasis.MaxReasonsLength } ? Problems.Invalid(field, $"at most {DecisionBasis.MaxReasonsLength} characters.") : null;

    /// <summary>The endpoint filter: finds the handler's command (the argument whose type has reasons) once, when the endpoint is built.</summary>
    internal static EndpointFilterDelegate Filter(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var commands = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => (Index: index, Reader: ReaderOf(parameter.ParameterType)))
            .Where(c => c.Reader is not null)
            .ToArray();
        if (commands.Length == 0) return next;
        return context =>
        {
            foreach (var (index, reader) in commands)
                if (context.Arguments[index] is { } command && Check(reader!, command) is { } problem) return ValueTask.FromResult<object?>(problem);
            return next(context);
        };
    }

    private static IResult? Check(Reader reader, object command)
    {
        foreach (var (property, field, whose) in reader.Organisations)
            if (!OrganisationCodes.IsValid(property.GetValue(command) as string)) return Problems.Invalid(field, $"{whose}: {OrganisationCodes.Format}.");
        if (reader.Property is null) return null;
        var reasons = reader.Property.GetValue(command) as string;
        if (reader.Required is not null && string.IsNullOrWhiteSpace(reasons)) return Problems.Invalid(reader.Field, reader.Required);
        return TooLong(reasons, reader.Field);
    }

    private static Reader? ReaderOf(Type type) => Readers.GetOrAdd(type, static type =>
    {
        if (!type.IsClass || type == typeof(string) || type.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) == true || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return null;
        var marked = type.GetCustomAttribute<ReasonsAttribute>();
        var property = type.GetProperty(marked?.Property ?? "Reasons", BindingFlags.Public | BindingFlags.Instance);
        if (property?.PropertyType != typeof(string))
        {
            if (marked is not null) throw new InvalidOperationException($"{type.Name} is marked [Reasons] but has no string property {marked.Property}.");
            property = null;
        }
        var organisations = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Marked: p.GetCustomAttribute<OrganisationCodeAttribute>()))
            .Where(p => p.Marked is not null)
            .Select(p => (p.Property, JsonNamingPolicy.CamelCase.ConvertName(p.Property.Name), p.Marked!.Whose))
            .ToArray();
        if (property is null && organisations.Length == 0) return null;
        return new Reader(property, property is null ? "reasons" : JsonNamingPolicy.CamelCase.ConvertName(property.Name), marked?.Explanation, organisations);
    });
}
