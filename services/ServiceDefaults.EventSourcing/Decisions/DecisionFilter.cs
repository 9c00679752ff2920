using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;

namespace TransnationalReferral.ServiceDefaults.Decisions;

public static class DecisionEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key", ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Marks a write endpoint as a decision: the slice fetches, decides and appends; this commits the session
    /// once the decision is accepted, in the same transaction as the <c>Idempotency-Key</c> record, so a
    /// retried request gets the first answer and nothing is appended twice. The command's reasons are checked
    /// before the handler runs (<see cref="ReasonsAttribute"/>).
    /// </summary>
    public static RouteHandlerBuilder WithDecision(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter(DecisionFilter.InvokeAsync)
        .AddEndpointFilterFactory(DecisionReasons.Filter)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .WithMetadata(new DecisionMetadata(OnExisting: false));

    /// <summary>What every decision on an existing case says in its OpenAPI summary, once, instead of in each of them.</summary>
    public const string IfMatchSentence = "Needs If-Match: the ETag of what it decides on, as last read (428 without it, 409 when stale).";

    /// <summary>
    /// A decision on a case that exists: the OpenAPI document says If-Match is required (the header parameter,
    /// the 428 and 409 problems, 404 for an unknown case, the new <c>ETag</c> on success) and the summary ends
    /// with <see cref="IfMatchSentence"/> (written by the shared operation transformer, ServiceDefaults' OpenApiDocuments, from <see cref="DecisionMetadata"/>). <see cref="StreamDecisions.DecideAsync{TState}"/> enforces it.
    /// </summary>
    public static RouteHandlerBuilder RequiresIfMatch(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired)
        .WithMetadata(new DecisionMetadata(OnExisting: true));

    /// <summary>
    /// A decision on an existing case: <c>POST {pattern}</c> with the decision filter, its one permission, a
    /// name and a summary for the OpenAPI document (the If-Match sentence is added), answering
    /// <see cref="DecisionAccepted"/> with the new ETag, or ProblemDetails (400, 404, 409, 422, 428).
    /// </summary>
    public static RouteHandlerBuilder MapDecision(this IEndpointRouteBuilder cases, string pattern, Delegate handler, string permission, string name, string summary) =>
        cases.MapPost(pattern, handler)
            .WithDecision()
            .RequiresIfMatch()
            .RequireAuthorization(permission)
            .WithName(name)
            .WithSummary(summary)
            .Produces<DecisionAccepted>();

    /// <summary>
    /// The common decision on an existing case (<c>{caseId:guid}</c> in <paramref name="pattern"/>): the body is the
    /// command, <paramref name="decide"/> its pure Decide, recorded under <paramref name="legalBasis"/> with the
    /// command's reasons; the case's deadlines named in <paramref name="cancels"/> are cancelled when it is accepted.
    /// A decision that reads more, or implies more when accepted, maps its own handler.
    /// </summary>
    public static RouteHandlerBuilder MapDecision<TState, TCommand>(this IEndpointRouteBuilder cases, string pattern,
        Func<TState, TCommand, DecisionContext, Decision> decide, string legalBasis, string permission, string name, string summary, IReadOnlyList<string>? cancels = null)
        where TState : class, ICaseState where TCommand : class =>
        cases.MapDecision(pattern, (Guid caseId, TCommand command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                session.DecideAsync<TState>(caseId, http, (state, context) => decide(state, command, context), new DecisionBasis(legalBasis, DecisionReasons.Of(command)), ct,
                    whenAccepted: cancels is not { Count: > 0 } ? null : _ =>
                    {
                        foreach (var deadline in cancels) Deadlines.DeadlineSchedule.Cancel(session, caseId, deadline);
                        return Task.CompletedTask;
                    }),
            permission, name, summary);

    /// <summary>Lets the decision filter fingerprint the body of a request that carries an Idempotency-Key.</summary>
    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader)) http.Request.EnableBuffering();
        return next(http);
    });

    /// <summary>Updates name the version they decide on: If-Match is required (428 without it).</summary>
    public static bool TryGetExpectedVersion(this HttpRequest request, out long version, out IResult? problem)
    {
        version = request.ExpectedVersion() ?? 0;
        problem = version > 0 ? null : TypedResults.Problem(
            statusCode: StatusCodes.Status428PreconditionRequired,
            title: "If-Match is required",
            detail: $"Send the {request.HttpContext.ResourceName()}'s current ETag in If-Match, so that a decision is never taken on a version of the {request.HttpContext.ResourceName()} you have not seen.");
        return problem is null;
    }
}

/// <summary>
/// What the OpenAPI documents read from a decision endpoint: it is a decision (Idempotency-Key, 404, 409, 422) and, when
/// <paramref name="OnExisting"/>, one on something that exists (If-Match required, 428, the new ETag).
/// </summary>
public sealed record DecisionMetadata(bool OnExisting);

internal static class DecisionFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = http.RequestServices.GetRequiredService<IDocumentSession>();
        var ct = http.RequestAborted;

        string? recordId = null, fingerprint = null;
        if (http.Request.Headers.TryGetValue(DecisionEndpoints.IdempotencyKeyHeader, out var keyValues))
        {
            var key = keyValues.ToString();
            if (key.Length is 0 or > 128 || key.Any(char.IsControl))
                return Problems.Invalid(DecisionEndpoints.IdempotencyKeyHeader, "must be 1 to 128 printable characters (a UUID is a good choice).");
            recordId = Hash($"{http.User.FindFirst("sub")?.Value}\n{http.Request.Method} {http.Request.Path}\n{key}");
            fingerprint = await FingerprintAsync(http.Request, ct);

            var earlier = await session.LoadAsync<IdempotencyRecord>(recordId, ct);
            if (earlier is not null) return Replay(earlier, fingerprint);
        }

        var result = await next(context);
        var metrics = http.RequestServices.GetService<OpsMetrics>();
        if (result is not DecisionResult accepted) // refused or invalid: nothing to commit
        {
            if (result is IStatusCodeHttpResult { StatusCode: 409 or 422 } and IValueHttpResult { Value: ProblemDetails { Type: { } rule } }
                && !rule.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                metrics?.DecisionRefused(rule);
            return result;
        }

        if (recordId is not null)
        {
            var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            session.Insert(new IdempotencyRecord(recordId, fingerprint!, accepted.StatusCode,
                JsonSerializer.Serialize(accepted.Body, accepted.Body.GetType(), json), accepted.Location, accepted.ETag, http.Now()));
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (DocumentAlreadyExistsException) when (recordId is not null)
        {
            // A concurrent request with the same key committed first; this one appended nothing. Answer as it did.
            await using var fresh = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            var winner = await fresh.LoadAsync<IdempotencyRecord>(recordId, ct);
            return winner is null ? throw new InvalidOperationException("Idempotency record vanished") : Replay(winner, fingerprint!);
        }
        if (metrics is not null)
        {
            metrics.DecisionCommitted(http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unnamed");
            AfterCommit.Run(http, metrics);
        }
        return accepted;
    }

    private static IResult Replay(IdempotencyRecord earlier, string fingerprint)
    {
        if (earlier.Fingerprint != fingerprint)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: "idempotency-key-reused",
                title: "Idempotency-Key reused for a different request",
                detail: "This Idempotency-Key was already used for a different request body. Use a new key for a new decision.");
        return new ReplayedResult(earlier);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken ct)
    {
        var body = "";
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync(ct);
            request.Body.Position = 0;
        }
        return Hash($"{request.Headers.IfMatch}\n{body}");
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private sealed class ReplayedResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = record.StatusCode;
            http.Response.Headers[DecisionEndpoints.ReplayedHeader] = "true";
            if (record.ETag is not null) http.Response.Headers.ETag = record.ETag;
            if (record.Location is not null) http.Response.Headers.Location = record.Location;
            if (record.Body is not null)
            {
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.WriteAsync(record.Body);
            }
        }
    }
}
