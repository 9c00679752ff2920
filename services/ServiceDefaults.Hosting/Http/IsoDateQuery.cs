using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>
/// Query and route dates only in ISO 8601. Minimal API binding reads a <c>DateTimeOffset</c> leniently
/// (<c>from=06.12.2026</c> is 12 June, <c>from=12-31-2026</c> some other day): this filter, added once to a route
/// group, looks at the raw value of every date parameter of every endpoint in it and answers 400 naming the parameter
/// unless it is an instant with an offset or <c>Z</c> (a date-only parameter: <c>yyyy-MM-dd</c>).
/// </summary>
public static class IsoDateQuery
{
    public static TBuilder RequireIsoDates<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Filter);

    private static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var dates = context.MethodInfo.GetParameters()
            .Where(p => IsoDates.IsDate(p.ParameterType) && p.GetCustomAttribute<FromBodyAttribute>() is null)
            .Select(p => (Name: p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.GetCustomAttribute<FromRouteAttribute>()?.Name ?? p.Name!, p.ParameterType))
            .ToList();
        if (dates.Count == 0) return next;
        return invocation =>
        {
            var request = invocation.HttpContext.Request;
            foreach (var (name, type) in dates)
            {
                var raw = request.Query.TryGetValue(name, out var query) ? query.ToString() : request.RouteValues.TryGetValue(name, out var route) ? route?.ToString() : null;
                if (raw is { Length: > 0 } && IsoDates.Problem(type, raw) is { } problem) return ValueTask.FromResult<object?>(Problems.Invalid(name, problem));
            }
            return next(invocation);
        };
    }
}
