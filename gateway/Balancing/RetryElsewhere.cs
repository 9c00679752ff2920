using System.Net.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace TransnationalReferral.Gateway.Balancing;

/// <summary>
/// Middleware in the proxy pipeline (before load balancing): a GET or HEAD whose instance refused the connection is sent
/// to another available instance of the service, once per instance, so a read never fails because one instance has just
/// died. Only when no connection could be made (<see cref="HttpRequestError.ConnectionError"/>): the instance then saw
/// nothing of the request. Decisions (POST, PUT, …) are never repeated by the gateway, even then: the client retries
/// them with the same <c>Idempotency-Key</c> after the 503 and its <c>Retry-After</c> (<see cref="Hardening.ProxyProblems"/>).
/// </summary>
public sealed class RetryElsewhere(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var proxy = http.GetReverseProxyFeature();
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || proxy.AvailableDestinations.Count < 2)
        {
            await next(http);
            return;
        }

        var untried = proxy.AvailableDestinations.ToList();
        while (true)
        {
            await next(http);
            if (!Refused(http) || http.Response.HasStarted || proxy.ProxiedDestination is not { } refused) return;
            untried.Remove(refused);
            if (untried.Count == 0) return;
            // The forwarder set only the status code and the error feature: undo both and let load balancing choose again.
            http.Features.Set<IForwarderErrorFeature>(null);
            http.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = untried.ToArray();
        }
    }

    private static bool Refused(HttpContext http) =>
        !http.RequestAborted.IsCancellationRequested
        && http.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: var exception }
        && FindConnectionError(exception);

    private static bool FindConnectionError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }) return true;
        return false;
    }
}
