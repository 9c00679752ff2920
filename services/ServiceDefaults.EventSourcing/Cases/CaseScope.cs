using Microsoft.AspNetCore.Authorization;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>
/// Object-level authorization, in one place for every service: any endpoint whose route has a
/// <c>{caseId}</c> answers 404 unless the caller may see that case (<see cref="RegisteredCase.Allows"/>).
/// It runs after the role check and before the request body is read, so a new case endpoint is covered
/// without writing anything, and a caller learns nothing about a case that was not shared with them.
/// </summary>
public static class CaseScope
{
    public const string RouteValue = "caseId";

    public static IApplicationBuilder UseCaseScope(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // A host without a case register (the gateway) does not scope: it only asks the services, which do.
        if (http.GetRouteValue(RouteValue) is string raw &&
            http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null &&
            http.RequestServices.GetService<IQuerySession>() is { } session)
        {
            var registered = Guid.TryParse(raw, out var caseId) ? await session.LoadAsync<RegisteredCase>(caseId, http.RequestAborted) : null;
            if (registered is null || !registered.Allows(http.Actor(), http.Now()))
            {
                await Http.Problems.NotFound("The case").ExecuteAsync(http);
                return;
            }
            http.Items[typeof(RegisteredCase)] = registered;
        }
        await next(http);
    });

    /// <summary>The registered case the scope check loaded for this request.</summary>
    public static RegisteredCase RegisteredCase(this HttpContext http) =>
        http.Items[typeof(RegisteredCase)] as RegisteredCase ?? throw new InvalidOperationException("No case in scope for this request.");
}
