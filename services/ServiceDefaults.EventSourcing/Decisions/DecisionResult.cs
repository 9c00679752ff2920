using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>
/// The answer to an accepted decision: status, body, Location for a new case, and the stream's new version
/// as ETag. The decision filter commits the session before it is written, and can replay it for a
/// repeated <c>Idempotency-Key</c>.
/// </summary>
public sealed class DecisionResult(int statusCode, object body, long version, string? location = null) : IResult, IStatusCodeHttpResult, IValueHttpResult
{
    public int StatusCode { get; } = statusCode;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;
    public object Body { get; } = body;
    object? IValueHttpResult.Value => Body;
    public long Version { get; } = version;
    public string? Location { get; } = location;
    public string ETag => ETags.Format(Version);

    public static DecisionResult Created(string location, object body, long version) => new(StatusCodes.Status201Created, body, version, location);
    public static DecisionResult Ok(object body, long version) => new(StatusCodes.Status200OK, body, version);

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCode;
        http.Response.Headers.ETag = ETag;
        if (Location is not null) http.Response.Headers.Location = Location;
        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await http.Response.WriteAsJsonAsync(Body, Body.GetType(), json);
    }
}

public static class ETags
{
    public static string Format(long version) => $"\"{version}\"";

    /// <summary>The expected stream version from <c>If-Match</c> (<c>"3"</c> or <c>W/"3"</c>); null when absent or unreadable.</summary>
    public static long? ExpectedVersion(this HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return long.TryParse(value.Trim('"'), out var version) && version > 0 ? version : null;
    }
}
