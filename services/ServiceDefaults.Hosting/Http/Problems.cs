using System.Diagnostics;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TransnationalReferral.ServiceDefaults.Http;

public static class Problems
{
    /// <summary>A refusal as ProblemDetails: 422 for a broken rule, 409 for a state conflict; <c>type</c> is the rule id.</summary>
    public static IResult ToProblem(this Refusal refusal)
    {
        var extensions = new Dictionary<string, object?> { ["rule"] = refusal.Rule };
        if (refusal.LegalSource is not null) extensions["legalSource"] = refusal.LegalSource;
        return TypedResults.Problem(
            detail: refusal.Detail,
            statusCode: refusal.Kind == RefusalKind.StateConflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: refusal.Kind == RefusalKind.StateConflict ? "The case is not in a state that allows this decision" : "The decision breaks a rule",
            type: refusal.Rule,
            extensions: extensions);
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
            BadHttpRequestException { InnerException: JsonException json } => (400, "The request body is not valid", Describe(json), FieldErrors(json)),
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == 413 ? "The request body is too large" : "The request is not valid", bad.Message, null),
            JsonException json => (400, "The request body is not valid", Describe(json), FieldErrors(json)),
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

    private static string Describe(JsonException json)
    {
        var field = Field(json);
        var message = json.Message.Split(" Path:", 2)[0];
        return field is null ? $"Malformed JSON: {message}" : $"Invalid value for '{field}': {message}";
    }

    private static Dictionary<string, string[]> FieldErrors(JsonException json) =>
        new() { [Field(json) ?? "body"] = [json.Message.Split(" Path:", 2)[0]] };

    private static string? Field(JsonException json)
    {
        if (!string.IsNullOrEmpty(json.Path) && json.Path != "$") return json.Path.TrimStart('$', '.');
        // Missing required properties: "... was missing required properties including: 'source'."
        var marker = "including: ";
        var i = json.Message.IndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? null : json.Message[(i + marker.Length)..].Trim().TrimEnd('.').Replace("'", "");
    }
}

public static class ProblemDetailsDefaults
{
    public static void AddTraceId(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            context.ProblemDetails.Detail ??= $"The request body is too large: at most {HttpDefaults.MaxRequestBodyBytes / 1024} KiB is accepted.";
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
                case Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException && (npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException):
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }
        return false;
    }
}
