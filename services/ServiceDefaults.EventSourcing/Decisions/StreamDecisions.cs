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
    /// what the accepted decision implies to the same transaction (a deadline, a vault write). A decision that
    /// creates something names it in <paramref name="creates"/>: accepted, it answers 201 with its Location.
    /// </summary>
    public static Task<IResult> DecideAsync<TState>(
        this IDocumentSession session, Guid caseId, HttpContext http,
        Func<TState, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null, Creates? creates = null)
        where TState : class, ICaseState =>
        DecideCoreAsync(session, caseId, http, part: null, decide, basis, ct, whenAccepted, creates);

    /// <summary>
    /// A decision on a part of a case that has its own version (a referral, which a provider acts on without seeing
    /// the case): If-Match is checked against <see cref="CasePart{TState}.VersionOf"/> rather than the case's version,
    /// so that what moves only the rest of the case (a fact heard from Identification, another referral) never makes
    /// the caller's ETag stale; the answer's ETag is the part's new version. The append still carries Marten's
    /// optimistic check on the whole stream at commit, so two concurrent decisions never both pass (the loser gets 409).
    /// Such a decision appends only events about the part: its new version is the old one plus the events appended.
    /// </summary>
    public static Task<IResult> DecideOnPartAsync<TState>(
        this IDocumentSession session, Guid caseId, CasePart<TState> part, HttpContext http,
        Func<TState, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted = null)
        where TState : class, ICaseState =>
        DecideCoreAsync(session, caseId, http, part, decide, basis, ct, whenAccepted, creates: null);

    private static async Task<IResult> DecideCoreAsync<TState>(
        IDocumentSession session, Guid caseId, HttpContext http, CasePart<TState>? part,
        Func<TState, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct,
        Func<IReadOnlyList<object>, Task>? whenAccepted, Creates? creates)
        where TState : class, ICaseState
    {
        if (!http.Request.TryGetExpectedVersion(out var expected, out var precondition)) return precondition!;
        if (DecisionReasons.TooLong(basis.Reasons) is { } tooLong) return tooLong; // reasons put together by the slice (the command's are checked before)

        var actor = http.Actor();
        var name = http.ResourceName();
        // Without an expected version, FetchForWriting still makes the commit check that the stream is where it was read.
        var stream = await session.Events.FetchForWriting<TState>(caseId, ct);
        if (stream.Aggregate is not { } state) return Problems.NotFound($"The {name}");
        var current = part is null ? stream.CurrentVersion : part.VersionOf(state);
        if (current is null) return Problems.NotFound($"The {name}");
        if (current != expected)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The {name} has changed since you read it",
                detail: $"You decided on version {expected}, the {name} is at version {current}. Read the {name} again and retry with its current ETag.");

        var decision = decide(state, new DecisionContext(actor, http.Now()));
        if (decision.Refusal is { } refusal) return refusal.ToProblem();

        stream.AppendMany(decision.Events);
        session.Record(basis);
        if (whenAccepted is not null) await whenAccepted(decision.Events); // effects in the same transaction (deadlines, vault)
        var version = current.Value + decision.Events.Count;
        if (part is not null) return DecisionResult.Ok(part.Accepted(version), version);
        return creates is not null && decision.Events.Count > 0
            ? DecisionResult.Created(creates.Location, creates.Body(version), version)
            : DecisionResult.Ok(new DecisionAccepted(caseId, version), version);
    }
}

/// <summary>The body of an accepted decision on an existing case.</summary>
public sealed record DecisionAccepted(Guid CaseId, long Version);

/// <summary>
/// What a decision creates: the gateway path of the new thing (answered as <c>Location</c>, where a GET reads it) and
/// the answer's body given the case's new version — a record naming the new id for what it is
/// (<c>{caseId, consentId, version}</c>), so that the OpenAPI document says <c>consentId</c>.
/// </summary>
public sealed record Creates(string Location, Func<long, object> Body);

/// <summary>
/// A part of a case with its own version (see <see cref="StreamDecisions.DecideOnPartAsync{TState}"/>): its version in
/// the case's state (null when the case has no such part: 404), and the body of an accepted decision on it given its
/// new version.
/// </summary>
public sealed record CasePart<TState>(Func<TState, long?> VersionOf, Func<long, object> Accepted);

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
