using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TransnationalReferral.ServiceDefaults.Http;

public static class Problems
{
    /// <summary>
    /// A refusal as ProblemDetails: 422 for a broken rule, 409 for a state conflict; <c>type</c> is the rule id, extensions
    /// <c>rule</c>, <c>legalSource</c> and <c>next</c> (the decision that resolves it, its route values filled in).
    /// </summary>
    public static IResult ToProblem(this Refusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["rule"] = refusal.Rule };
        if (refusal.LegalSource is not null) extensions["legalSource"] = refusal.LegalSource;
        if (refusal.Next is not null) extensions["next"] = refusal.Next;
        return new RefusalProblem(TypedResults.Problem(
            detail: refusal.Detail,
            statusCode: refusal.Kind == RefusalKind.StateConflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: refusal.Kind == RefusalKind.StateConflict ? "The case is not in a state that allows this decision" : "The decision breaks a rule",
            type: refusal.Rule,
            extensions: extensions), refusal.Next);
    }

    public static IResult NotFound(string what) =>
        TypedResults.Problem(detail: $"{what} was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}");
}

/// <summary>
/// Every exception becomes ProblemDetails without internals: bad input is a 4xx naming what was wrong,
/// a stale version is 409, anything else is a 500 that says only that, with the trace id.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title, detail, errors) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BodyNotValid(http, json),
            BadHttpRequestException { StatusCode: 413 } bad => (413, "The request body is too large", bad.Message, null),
            BadHttpRequestException { StatusCode: 415 } bad => Input(415, "The request body is not JSON", InputProblems.FromBinding(bad.Message, null)),
            BadHttpRequestException bad => Input(bad.StatusCode, "The request is not valid", InputProblems.FromBinding(bad.Message, Failed(http)?.Metadata.GetMetadata<System.Reflection.MethodInfo>())),
            JsonException json => BodyNotValid(http, json),
            ConcurrencyException or EventStreamUnexpectedMaxEventIdException or AggregateException { InnerException: ConcurrencyException or EventStreamUnexpectedMaxEventIdException } => (409, $"The {http.ResourceName()} has changed since you read it", $"Another decision was recorded on this {http.ResourceName()} after the version you sent in If-Match. Read the {http.ResourceName()} again and retry with its current ETag.", null),
            ExistingStreamIdCollisionException => (409, "The case already exists", "A case with this id already exists.", null),
            _ when DatabaseOutage.IsUnavailable(exception) => (503, "The service is temporarily unavailable", $"The database does not answer, so the request may not have been carried out. Retry after {DatabaseOutage.RetryAfterSeconds} seconds (with the same Idempotency-Key for a decision).", null),
            _ => (500, "An unexpected error occurred", "The error was logged with the trace id below.", (Dictionary<string, string[]>?)null),
        };
        if (status == 503)
        {
            logger.LogWarning("Database unavailable on {Method} {Path}: {Error}", http.Request.Method, http.Request.Path, exception.GetType().Name);
            http.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status >= 500) logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        else logger.LogInformation("Request refused with {Status}: {Title}", status, title);

        http.Response.StatusCode = status;
        var problem = errors is null
            ? new ProblemDetails { Status = status, Title = title, Detail = detail, Type = status == 503 ? DatabaseOutage.Rule : null }
            : new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = detail };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static (int, string, string, Dictionary<string, string[]>?) BodyNotValid(HttpContext http, JsonException json)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = Failed(http)?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        return Input(400, "The request body is not valid", InputProblems.FromJson(json, body, options));
    }

    /// <summary>The endpoint that failed (the exception handler runs with the endpoint cleared; the feature keeps it).</summary>
    private static Endpoint? Failed(HttpContext http) => http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();

    private static (int, string, string, Dictionary<string, string[]>?) Input(int status, string title, params IReadOnlyList<InputProblems.FieldProblem> problems) =>
        (status, title, InputProblems.Detail(problems), InputProblems.Errors(problems));
}

public static class ProblemDetailsDefaults
{
    public static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            context.ProblemDetails.Detail ??= $"The request body is too large: at most {HttpDefaults.MaxRequestBodyBytes / 1024} KiB is accepted.";
        // The answers routing and the status-code pages give without a body of their own say what to do too.
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with the header Content-Type: application/json.",
            StatusCodes.Status404NotFound => $"There is no {context.HttpContext.Request.Path} here: the paths this node serves are in its OpenAPI documents (/docs).",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}: the OpenAPI documents (/docs) list the methods of each path.",
            _ => null,
        };
        context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
    }
}

/// <summary>Recognises the database being unreachable (the cause of an exception, however Marten wraps it): answered 503 with Retry-After.</summary>
public static class DatabaseOutage
{
    public const string Rule = "database-unavailable";
    public const int RetryAfterSeconds = 10;

    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsUnavailable):
                case Npgsql.PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03":
                case Npgsql.PostgresException { SqlState: "25006" }:   // read-only transaction: a connection to a primary just demoted (failover)
                case Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException && (npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException
                                                        || NoPrimaryYet(npgsql)):
                case System.Net.Sockets.SocketException:
                // Marten checking a table's schema at its first use (where the service applies its schema itself) while
                // another request of this process holds the check: busy, not broken (seen on a restarted instance under load).
                case TimeoutException when e.TargetSite?.DeclaringType?.Namespace == "Weasel.Core.Migrations":
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A multi-host connection string (<c>Target Session Attributes=primary</c>) while no member is primary — the standby
    /// not yet promoted during a failover — fails with this exception of Npgsql's and no inner exception (with one, the
    /// hosts' own errors are judged). Found by the chaos run: 3,072 answers 500 during one failover before it was recognised.
    /// </summary>
    private static bool NoPrimaryYet(Npgsql.NpgsqlException exception) =>
        exception.InnerException is null && exception.Message.StartsWith("No suitable host was found", StringComparison.Ordinal);
}
