using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TransnationalReferral.Chaos;

/// <summary>
/// One case opened as a careful client opens it: a fresh <c>Idempotency-Key</c>, and on an outage (a 502/503/504, a refused
/// connection, a timeout) the same request again with the same key after the answer's <c>Retry-After</c>, until it is
/// answered or <see cref="Load.GiveUpAfter"/> has passed. <c>Statuses</c> holds every answer it got (0: no answer).
/// </summary>
public sealed record Opening(int Index, string Key, Guid? CaseId, IReadOnlyList<int> Statuses, double Seconds, string? Problem)
{
    public bool Accepted => CaseId is not null;
}

/// <summary>The open loop of the chaos run: cases opened at a fixed rate whatever the node does, each retried as above.</summary>
public sealed class Load(HttpClient gateway, Stopwatch runClock)
{
    private readonly List<(double At, int Status)> _answers = [];

    /// <summary>Every answer of every attempt so far (0: no answer), with when it came (seconds into the run).</summary>
    public IReadOnlyList<(double At, int Status)> Answers { get { lock (_answers) return _answers.ToList(); } }

    private void Note(int status) { lock (_answers) _answers.Add((runClock.Elapsed.TotalSeconds, status)); }

    private static readonly object Signal = new { source = "ngo", signallingOrganisation = "nl-comensha", jurisdiction = "NL", sex = "female", ageGroup = "25-34" };
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(180);

    /// <summary>Sends openings at <paramref name="rate"/> per second until <paramref name="stopSending"/>; returns them once every one is answered or given up.</summary>
    public async Task<IReadOnlyList<Opening>> RunAsync(double rate, Action<string> progress, CancellationToken stopSending)
    {
        var clock = Stopwatch.StartNew();
        var sends = new List<Task<Opening>>();
        for (var i = 0; !stopSending.IsCancellationRequested; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due - clock.Elapsed is { TotalMilliseconds: > 1 } wait)
                try { await Task.Delay(wait, stopSending); } catch (OperationCanceledException) { break; }
            var index = i;
            sends.Add(Task.Run(() => OpenAsync(index, CancellationToken.None)));
            if (i > 0 && i % Math.Max(1, (int)(rate * 10)) == 0)
                progress($"{i} sent; {sends.Count(s => s.IsCompletedSuccessfully && s.Result.Accepted)} accepted so far");
        }
        return await Task.WhenAll(sends);
    }

    private async Task<Opening> OpenAsync(int index, CancellationToken ct)
    {
        var key = $"chaos-{Guid.NewGuid():N}";
        var statuses = new List<int>();
        var clock = Stopwatch.StartNew();
        string? problem = null;
        while (clock.Elapsed < GiveUpAfter)
        {
            TimeSpan pause;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases") { Content = JsonContent.Create(Signal) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await gateway.SendAsync(request, ct);
                statuses.Add((int)response.StatusCode);
                Note((int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var caseId = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("caseId").GetGuid();
                    return new Opening(index, key, caseId, statuses, clock.Elapsed.TotalSeconds, null);
                }
                problem = $"{(int)response.StatusCode} {Bench.ClosedLoop.Shorten(await response.Content.ReadAsStringAsync(ct))}";
                // 409: the first attempt with this key is still being carried out (answered once it is); anything else
                // that is not an outage is an answer, and a wrong one for this request.
                if (response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.Conflict
                    or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError))
                    return new Opening(index, key, null, statuses, clock.Elapsed.TotalSeconds, problem);
                pause = response.Headers.RetryAfter?.Delta is { } after ? TimeSpan.FromSeconds(Math.Clamp(after.TotalSeconds, 0.2, 5)) : TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                statuses.Add(0);
                Note(0);
                problem = e.GetType().Name + ": " + e.Message;
                pause = TimeSpan.FromSeconds(1);
            }
            await Task.Delay(pause, ct);
        }
        return new Opening(index, key, null, statuses, clock.Elapsed.TotalSeconds, $"gave up after {GiveUpAfter.TotalSeconds:0} s: {problem}");
    }
}
