using OpenTelemetry.Trace;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// One trace spans a decision from the gateway to the consuming service: gateway → Identification (HTTP) → Marten →
/// the outbox (trace context carried in the event's headers) → RabbitMQ → Protection consuming it and writing with Marten.
/// </summary>
public class OperationsTracingTests
{
    [Test]
    public async Task One_trace_spans_gateway_service_event_store_outbox_bus_and_the_consuming_service()
    {
        var spans = new ConcurrentQueue<Activity>();
        await using var node = await Node.StartAsync(b => b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Collecting(spans)))));
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-1");

        // The test's own span: the request carries its trace context (traceparent) like a browser's or a caller's would.
        using var root = new Activity("operations trace test").SetIdFormat(ActivityIdFormat.W3C);
        root.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        root.Start();
        var traceId = root.TraceId;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases")
        {
            Content = JsonContent.Create(new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex = "female", ageGroup = "25-34" }),
        };
        var opened = await focalPoint.SendAsync(request);
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        root.Stop();
        await Eventually.TrueAsync("Protection opened its case", async () => (await focalPoint.GetAsync($"/api/protection/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        List<Activity> Trace()
        {
            return spans.Where(a => a.TraceId == traceId).DistinctBy(a => a.SpanId).ToList();
        }
        int Port(string service) => (service == "gateway" ? node.Gateway : node.Services[service]).Port;
        bool Server(Activity a, string service) => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && Equals(a.GetTagItem("server.port"), Port(service));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !Trace().Any(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer))
            await Task.Delay(200);
        await Task.Delay(500); // the consumer's own spans end just after

        var spansOfTrace = Trace();
        var summary = string.Join("\n", spansOfTrace.Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName}"));
        Assert.Multiple(() =>
        {
            Assert.That(spansOfTrace.Any(a => Server(a, "gateway")), Is.True, "the gateway's request\n" + summary);
            Assert.That(spansOfTrace.Any(a => a.Source.Name == "System.Net.Http" && a.Kind == ActivityKind.Client), Is.True, "the gateway's call to the service\n" + summary);
            Assert.That(spansOfTrace.Any(a => Server(a, "identification")), Is.True, "Identification's request\n" + summary);
            Assert.That(spansOfTrace.Any(a => a.Source.Name == "Marten" && IsUnder(a, spansOfTrace, x => Server(x, "identification"))), Is.True, "Identification's event store\n" + summary);
            Assert.That(spansOfTrace.Any(a => a.Source.Name == "TransnationalReferral.Outbox" && a.Kind == ActivityKind.Producer), Is.True, "the outbox publishing the decision\n" + summary);
            Assert.That(spansOfTrace.Any(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && IsUnder(a, spansOfTrace, x => x.Source.Name == "TransnationalReferral.Outbox")), Is.True, "a consumer, under the outbox's span\n" + summary);
            Assert.That(spansOfTrace.Any(a => a.Source.Name == "Marten" && IsUnder(a, spansOfTrace, x => x.Source.Name == "MassTransit" && x.Kind == ActivityKind.Consumer)), Is.True, "the consumer's event store\n" + summary);
        });
    }

    /// <summary>Every ended span, from every host of the node (one process: each host's tracer sees all sources).</summary>
    private sealed class Collecting(ConcurrentQueue<Activity> spans) : OpenTelemetry.BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }

    private static bool IsUnder(Activity span, IReadOnlyList<Activity> trace, Func<Activity, bool> ancestor)
    {
        var byId = trace.ToDictionary(a => a.SpanId);
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
            if (ancestor(parent)) return true;
        return false;
    }
}
