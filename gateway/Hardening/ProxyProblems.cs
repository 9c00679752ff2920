using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
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
/// <item>a service that cannot be reached (down, refusing, resetting, timing out) is 502 (504 for a timeout) with
/// title "The service is not available" and the trace id; the exception stays in YARP's log, never in the answer.</item>
/// </list>
/// </summary>
public sealed class ProxyProblems(RequestDelegate next, IProblemDetailsService problems)
{
    public const string UnavailableTitle = "The service is not available";

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && http.Request.ContentLength > max)
        {
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
            await WriteAsync(http, timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway, UnavailableTitle,
                timedOut
                    ? $"The {service} service did not answer in time. Try again later; the trace id identifies this failure in the gateway's log."
                    : $"The {service} service could not be reached. Try again later; the trace id identifies this failure in the gateway's log.");
        }
    }

    private Task WriteAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
