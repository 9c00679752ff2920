using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace TransnationalReferral.ServiceDefaults.Decisions;

/// <summary>
/// A refusal's ProblemDetails answer (built by <c>Problems.ToProblem</c>); when it is written, the <c>next</c> extension's
/// route template gets the route values of the refused request it names (<c>{caseId}</c> → the case's id) — the others
/// stay as placeholders.
/// </summary>
public sealed partial class RefusalProblem(ProblemHttpResult inner, string? next) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public ProblemDetails ProblemDetails => inner.ProblemDetails;
    public int? StatusCode => inner.StatusCode;
    public string? ContentType => inner.ContentType;
    object? IValueHttpResult.Value => inner.ProblemDetails;
    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => inner.ProblemDetails;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (next is not null) inner.ProblemDetails.Extensions["next"] = Fill(next, httpContext.Request.RouteValues);
        return inner.ExecuteAsync(httpContext);
    }

    /// <summary><c>{name}</c> in <paramref name="template"/> replaced by the route value of that name, when there is one.</summary>
    public static string Fill(string template, RouteValueDictionary values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) && value?.ToString() is { Length: > 0 } text
            ? Uri.EscapeDataString(text) : m.Value);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
