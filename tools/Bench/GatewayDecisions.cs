using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TransnationalReferral.Bench;

/// <summary>
/// Decisions through the gateway, closed loop: (a) opening a case (Identification; the four other services open their
/// files from the bus) and (b) recording information on rights on an existing case (a decision Identification's
/// outgoing map does not publish: one commit, nothing on the bus). Each worker of (b) decides on its own case, with the
/// ETag the previous answer gave, so that the figure is not one of optimistic-concurrency conflicts.
/// </summary>
public sealed class GatewayDecisions(HttpClient client)
{
    private static readonly object Signal = new { source = "ngo", signallingOrganisation = "nl-comensha", jurisdiction = "NL", sex = "female", ageGroup = "25-34" };
    private static readonly object Informed = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" };

    public static HttpClient Client(string token) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(LocalNode.Gateway),
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>Opens one case; returns null on success or what the gateway answered.</summary>
    public async Task<string?> OpenCaseAsync(CancellationToken ct) => (await OpenCaseWithIdAsync(ct)).Error;

    /// <summary>Opens one case; returns its id (from the 201's body), or what the gateway answered.</summary>
    public async Task<(Guid? CaseId, string? Error)> OpenCaseWithIdAsync(CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/api/identification/cases", Signal, ct);
        if (response.StatusCode != HttpStatusCode.Created) return (null, await Describe(response));
        return ((await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("caseId").GetGuid(), null);
    }

    /// <summary>Opens a case for each worker of (b); returns their ids and current ETags.</summary>
    public async Task<(Guid[] Cases, EntityTagHeaderValue[] ETags)> OpenCasesAsync(int count)
    {
        var cases = new Guid[count];
        var etags = new EntityTagHeaderValue[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/identification/cases", Signal);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException("opening a case for the benchmark: " + await Describe(response));
            cases[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
            etags[i] = response.Headers.ETag ?? await ETagOf(cases[i]);
        }
        return (cases, etags);
    }

    /// <summary>Records information on rights on the worker's case with its last ETag; a stale ETag (a fact heard from the bus) is read again and counted as an error.</summary>
    public async Task<string?> InformAsync(Guid caseId, EntityTagHeaderValue[] etags, int worker, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/identification/cases/{caseId}/information-on-rights") { Content = JsonContent.Create(Informed) };
        request.Headers.IfMatch.Add(etags[worker]);
        using var response = await client.SendAsync(request, ct);
        if (response.IsSuccessStatusCode)
        {
            etags[worker] = response.Headers.ETag ?? await ETagOf(caseId);
            return null;
        }
        if (response.StatusCode == HttpStatusCode.Conflict) etags[worker] = await ETagOf(caseId);
        return await Describe(response);
    }

    private async Task<EntityTagHeaderValue> ETagOf(Guid caseId)
    {
        using var response = await client.GetAsync($"/api/identification/cases/{caseId}");
        return response.Headers.ETag ?? throw new InvalidOperationException($"GET case {caseId}: {await Describe(response)}");
    }

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {ClosedLoop.Shorten(await response.Content.ReadAsStringAsync())}";
}
