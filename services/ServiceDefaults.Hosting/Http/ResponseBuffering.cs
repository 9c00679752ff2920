namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>For a middleware that reads or rewrites what goes out (the services' free-text reveal, the gateway's script hashes).</summary>
public static class ResponseBuffering
{
    /// <summary>
    /// Runs the rest of the pipeline with the response body written to memory, then puts the original body stream back
    /// (also when the pipeline throws): what the caller writes to <see cref="HttpResponse.Body"/> afterwards goes out.
    /// </summary>
    public static async Task<MemoryStream> BufferResponseAsync(this HttpContext http, RequestDelegate next)
    {
        var original = http.Response.Body;
        var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        return buffer;
    }
}
