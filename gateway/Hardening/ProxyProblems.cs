using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using TransnationalReferral.Gateway.Balancing;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace TransnationalReferral.Gateway.Hardening;

/// <summary>
/// Middleware in the proxy pipeline (proxied routes only) that keeps every gateway-made answer a ProblemDetails
/// without internals:
/// <list type="bullet">
/// <item>a body larger than the request body limit is refused with 413 by its Content-Length before a service is
/// contacted (a chunked body that outgrows the limit while streaming is answered 413 by YARP, and the status code
/// pages of the service defaults make that a ProblemDetails);</item>
/// <item>a service none of whose instances can be reached (down, refusing, resetting; or no instance configured in
/// rotation) is 503, a timeout 504, both with title "The service is not available", the trace id and <c>Retry-After</c>
/// (<see cref="BalancingSettings.RetryAfterSeconds"/>: by then the health checks have taken a dead instance out of
/// rotation); the exception stays in YARP's log, never in the answer. A GET or HEAD was already tried on every other
/// instance (<see cref="RetryElsewhere"/>); a decision was not, and is retried by the client with its Idempotency-Key.</item>
/// </list>
/// </summary>
public sealed class ProxyProblems(RequestDelegate next, IProblemDetailsService problems, BalancingSettings balancing)
{
    public const string UnavailableTitle = "The service is not available";

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && http.Request.ContentLength > max)
        {
            http.Response.Clear();
            await WriteAsync(http, StatusCodes.Status413PayloadTooLarge, "The request body is too large",
                $"The request body is too large: at most {max / 1024} KiB is accepted.");
            return;
        }

        await next(http);

        var error = http.GetForwarderErrorFeature();
        if (error is null || http.Response.HasStarted || error.Error == ForwarderError.RequestCanceled) return;

        var service = http.GetReverseProxyFeature()?.Cluster?.Config.ClusterId ?? "requested";
        if (http.Response.StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout)
        {
            var timedOut = error.Error == ForwarderError.RequestTimedOut;
            http.Response.Clear();
            http.Response.Headers.RetryAfter = balancing.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            await WriteAsync(http, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status503ServiceUnavailable, UnavailableTitle,
                timedOut
                    ? $"The {service} service did not answer in time. Try again later; the trace id identifies this failure in the gateway's log."
                    : $"The {service} service could not be reached. Try again later; the trace id identifies this failure in the gateway's log.");
        }
    }

    private Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
