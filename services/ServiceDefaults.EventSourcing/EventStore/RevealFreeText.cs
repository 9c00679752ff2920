using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Hosting;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// Free text is stored sealed (<see cref="FreeText"/>); a caller the endpoint already allowed to read it gets it in
/// clear. Every response of the API is read once before it leaves: each sealed token in it is replaced by its plaintext,
/// encoded for the response's format (JSON or HTML), or by <see cref="FreeText.Erased"/> once the key is destroyed.
/// Exports keep the sealed text: it is what the hash chain covers, for verification offline.
/// </summary>
public sealed class RevealFreeTextMiddleware(RequestDelegate next)
{
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes(FreeText.Prefix);

    public async Task InvokeAsync(HttpContext http, FreeText freeText, IDocumentStore store)
    {
        if (!http.Request.Path.StartsWithSegments("/api") || http.Request.Path.Value!.EndsWith("/export", StringComparison.Ordinal))
        {
            await next(http);
            return;
        }
        var original = http.Response.Body;
        await using var buffer = await http.BufferResponseAsync(next);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.IndexOf(Marker) < 0)
        {
            await original.WriteAsync(bytes, http.RequestAborted);
            return;
        }
        Func<string, string> encode = http.Response.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
            ? HtmlEncoder.Default.Encode
            : plain => JsonEncodedText.Encode(plain, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();
        await using var session = store.QuerySession();
        var revealed = Encoding.UTF8.GetBytes(await freeText.RevealAsync(session, Encoding.UTF8.GetString(bytes.Span), encode, http.RequestAborted));
        http.Response.ContentLength = revealed.Length;
        await original.WriteAsync(revealed, http.RequestAborted);
    }
}

/// <summary>Puts <see cref="RevealFreeTextMiddleware"/> around the whole pipeline of a service with an event store, and
/// refuses to start without the master key that free-text keys are wrapped with.</summary>
internal sealed class RevealFreeTextStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.ApplicationServices.GetRequiredService<IKeyProvider>(); // no master key, no start: fail now, not at the first decision
        app.UseMiddleware<RevealFreeTextMiddleware>();
        next(app);
    };
}
