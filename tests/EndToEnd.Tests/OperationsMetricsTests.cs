namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The domain and technical metrics of the operations issue, on a whole node (real PostgreSQL, RabbitMQ, through the
/// gateway): scripted decisions, then each figure read back from the services' <c>/metrics</c> and ops summaries.
/// </summary>
public class OperationsMetricsTests
{
    private static Task<HttpResponseMessage> Decide(HttpClient client, string path, object body) =>
        client.DecideAsync(path, body, path[..path.LastIndexOf('/')], expected: null);

    private static async Task<Guid> Open(HttpClient client, string sex, string ageGroup)
    {
        var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex, ageGroup });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
    }

    private static readonly object Informed = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" };

    [Test]
    public async Task Scripted_decisions_show_up_as_figures_on_metrics_and_in_the_ops_summary()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await Node.StartAsync(b => b.UseSetting("Ops:RefreshSeconds", "0.3").UseSetting("Statistics:MinimumCellSize", "1") // k = 1: these tests read single cases back (MetricsSuppressionTests holds k)
            .ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-1");
        using var ops = node.Client("Ops", "NL", "nl-ops", "ops-1");

        // Three signals: two women 25-34, one man 18-24.
        var first = await Open(focalPoint, "female", "25-34");
        var second = await Open(focalPoint, "female", "25-34");
        var third = await Open(focalPoint, "male", "18-24");
        Assert.That((await Decide(focalPoint, $"/api/identification/cases/{first}/information-on-rights", Informed)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Decide(focalPoint, $"/api/identification/cases/{second}/information-on-rights", Informed)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // A refusal: reasonable grounds before the person was informed of their rights.
        var refused = await Decide(focalPoint, $"/api/identification/cases/{third}/reasonable-grounds", new { reasons = "Indicators of forced labour" });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));

        // Two days after the signal: reasonable grounds on the first case (a reflection period starts).
        clock.Advance(TimeSpan.FromDays(2));
        Assert.That((await Decide(focalPoint, $"/api/identification/cases/{first}/reasonable-grounds", new { reasons = "Indicators of forced labour" })).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // An identification-assistance request to Romania, due in 5 days.
        Assert.That((await Decide(focalPoint, $"/api/identification/cases/{second}/consents", new { kind = "cross-border-transfer", informedInLanguage = "en", givenBy = "person", jurisdictions = new[] { "RO" } })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await Decide(focalPoint, $"/api/identification/cases/{second}/identification-assistance", new { partnerJurisdiction = "RO", questions = new[] { "identity" }, dueInDays = 5 })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        // A message that can never be applied (no ids): every consumer of case-opened faults on it (a consume fault, which
        // MassTransit counts — an envelope that is not even JSON goes to _error without a fault count) and puts it in its _error queue.
        await node.Providers["identification"].GetRequiredService<IBus>().Publish(
            new Contracts.Identification.IdentificationCaseOpened(Guid.Empty, Guid.Empty, "NL", "ngo", "female", "25-34", "adult", DateTimeOffset.UtcNow),
            c => c.MessageId = NewId.NextGuid());

        var identification = node.Services["identification"];
        IReadOnlyList<Sample> samples = [];
        double Value(string name, params (string, string)[] labels) =>
            samples.Where(s => s.Name == name && s.Has([("service", "identification"), .. labels])).Sum(s => s.Value);

        await Eventually.TrueAsync("identification's figures after the decisions", async () =>
        {
            samples = await PrometheusText.ScrapeAsync(identification);
            return Value("trm_cases", ("stage", "presumed-victim")) == 1 && Value("trm_cross_border_requests", ("state", "awaiting")) == 1
                && Value("trm_outbox_lag_events") == 0 && samples.Any(s => s.Name == "trm_outbox_lag_events" && s.Has(("service", "identification")));
        }, TimeSpan.FromSeconds(20));

        Assert.Multiple(() =>
        {
            Assert.That(Value("trm_cases", ("stage", "presumed-victim"), ("sex", "female"), ("age_group", "25-34"), ("jurisdiction", "NL")), Is.EqualTo(1));
            Assert.That(Value("trm_cases", ("stage", "informed"), ("sex", "female"), ("age_group", "25-34")), Is.EqualTo(1));
            Assert.That(Value("trm_cases", ("stage", "signalled"), ("sex", "male"), ("age_group", "18-24")), Is.EqualTo(1));
            Assert.That(Value("trm_reflection_periods", ("state", "running")), Is.EqualTo(1));
            Assert.That(Value("trm_reflection_periods", ("state", "ending-within-7-days")), Is.EqualTo(0));
            Assert.That(Value("trm_cross_border_requests", ("kind", "identification-assistance"), ("counterpart", "RO"), ("state", "overdue")), Is.EqualTo(0));
            Assert.That(Value("trm_decisions_total", ("decision", "RecordInformationOnRights")), Is.EqualTo(2));
            Assert.That(Value("trm_decisions_total", ("decision", "RecognisePresumedVictim")), Is.EqualTo(1));
            Assert.That(Value("trm_refusals_total", ("rule", "information-before-identification-decision")), Is.EqualTo(1));
            Assert.That(Value("trm_identification_signal_to_reasonable_grounds_seconds_count"), Is.EqualTo(1));
            Assert.That(Value("trm_identification_signal_to_reasonable_grounds_seconds_sum"), Is.EqualTo(TimeSpan.FromDays(2).TotalSeconds).Within(60));
            Assert.That(Value("trm_identification_signal_to_reasonable_grounds_seconds_bucket", ("le", "172800")), Is.EqualTo(1));
            Assert.That(Value("trm_identification_signal_to_reasonable_grounds_seconds_bucket", ("le", "86400")), Is.EqualTo(0));
            // Technical metrics: requests per route (ASP.NET Core), MassTransit, PostgreSQL connections.
            Assert.That(samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Has(("http_route", "/api/identification/cases/{caseId:guid}/reasonable-grounds"), ("http_response_status_code", "422"))), Is.True, "http server metrics per route and status");
            Assert.That(samples.Any(s => s.Name.StartsWith("db_client_connection", StringComparison.Ordinal)), Is.True, "Npgsql connection metrics");
        });

        // The deadline passes: the request becomes overdue, in the metrics and in the ops summary (ids only).
        clock.Advance(TimeSpan.FromDays(6));
        await Eventually.TrueAsync("the assistance request is overdue", async () =>
        {
            samples = await PrometheusText.ScrapeAsync(identification);
            return Value("trm_cross_border_requests", ("counterpart", "RO"), ("state", "overdue")) == 1 && Value("trm_overdue", ("kind", "identification-assistance")) == 1;
        }, TimeSpan.FromSeconds(20));
        Assert.That(Value("trm_reflection_periods", ("state", "ending-within-7-days")), Is.EqualTo(0), "30 days from day 2: 22 days left on day 8");

        var summary = await ops.GetFromJsonAsync<JsonElement>("/api/identification/ops");
        var overdue = summary.GetProperty("overdue").EnumerateArray().ToList();
        Assert.That(overdue, Has.Count.EqualTo(1));
        Assert.That(overdue[0].GetProperty("kind").GetString(), Is.EqualTo("identification-assistance"));
        Assert.That(overdue[0].GetProperty("caseId").GetGuid(), Is.EqualTo(second));
        Assert.That(overdue[0].GetProperty("counterpart").GetString(), Is.EqualTo("RO"));
        Assert.That((await ops.GetAsync($"/api/identification/cases/{second}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "Ops sees ids, never the case");
        using var worker = node.Client("CaseWorker", "NL", "nl-la-strada", "worker-1");
        Assert.That((await worker.GetAsync("/api/identification/ops")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        // Protection: the malformed message sits in its _error queue and the gauge says so.
        await Eventually.TrueAsync("protection's _error queue depth on /metrics", async () =>
        {
            var protection = await PrometheusText.ScrapeAsync(node.Services["protection"]);
            // One consumer of Protection's takes case-opened (registering the case and opening Protection's own): one message in its _error queue.
            return protection.Where(s => s.Name == "trm_bus_error_queue_messages" && s.Has(("service", "protection"))).Sum(s => s.Value) == 1
                && protection.Single(s => s.Name == "trm_bus_error_queue_messages" && s.Has(("service", "protection"), ("queue", "protection-identification-case-opened_error"))).Value == 1;
        }, TimeSpan.FromSeconds(30));
        var consumed = await PrometheusText.ScrapeAsync(node.Services["protection"]);
        Assert.That(consumed.Where(s => s.Name == "messaging_masstransit_consume_ea_total").Sum(s => s.Value), Is.GreaterThan(0), "MassTransit consume metrics");
        Assert.That(consumed.Where(s => s.Name == "messaging_masstransit_consume_errors_ea_total").Sum(s => s.Value), Is.GreaterThan(0), "MassTransit fault metrics");
        var protectionSummary = await ops.GetFromJsonAsync<JsonElement>("/api/protection/ops");
        Assert.That(protectionSummary.GetProperty("errorQueues").EnumerateArray().Sum(q => q.GetProperty("messages").GetInt64()), Is.EqualTo(1), "the one malformed case-opened, in the one consumer of it");
        await Eventually.TrueAsync("protection's outbox caught up", async () =>
            (await ops.GetFromJsonAsync<JsonElement>("/api/protection/ops")).GetProperty("outbox").GetProperty("lagEvents").GetInt64() == 0, TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task Every_services_figures_follow_the_scripted_decisions()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await Node.StartAsync(b => b.UseSetting("Ops:RefreshSeconds", "0.3").UseSetting("Statistics:MinimumCellSize", "1") // k = 1: these tests read single cases back (MetricsSuppressionTests holds k)
            .ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        await ScriptedDecisions.RunAsync(node);

        IReadOnlyList<Sample> samples = [];
        double Value(string service, string name, params (string, string)[] labels) =>
            samples.Where(s => s.Name == name && s.Has([("service", service), .. labels])).Sum(s => s.Value);
        async Task ScrapeAsync() => samples = await PrometheusText.ScrapeAsync(node.Services["protection"]); // one process: every service's meter is on each host

        await Eventually.TrueAsync("the figures of the scripted decisions", async () =>
        {
            await ScrapeAsync();
            return Value("protection", "trm_referrals", ("state", "awaiting")) == 1 && Value("remedies", "trm_compensation_amount", ("state", "outstanding")) == 6000
                && Value("judicial", "trm_judicial_requests") == 1 && Value("return", "trm_returns_blocked") > 0;
        }, TimeSpan.FromSeconds(20));
        Assert.Multiple(() =>
        {
            Assert.That(Value("protection", "trm_referrals", ("state", "overdue"), ("jurisdiction", "NL")), Is.EqualTo(0));
            Assert.That(Value("protection", "trm_cases", ("stage", "entitled")), Is.EqualTo(1));
            Assert.That(Value("protection", "trm_protection_referral_to_answer_seconds_count", ("answer", "accepted")), Is.EqualTo(1));
            Assert.That(Value("remedies", "trm_compensation_amount", ("currency", "EUR"), ("state", "awarded")), Is.EqualTo(9600));
            Assert.That(Value("remedies", "trm_compensation_amount", ("currency", "EUR"), ("state", "paid")), Is.EqualTo(3600));
            Assert.That(Value("remedies", "trm_claims", ("stage", "awarded"), ("type", "unpaid-wages")), Is.EqualTo(1));
            Assert.That(Value("return", "trm_cases", ("stage", "preparing")), Is.EqualTo(1));
            Assert.That(Value("return", "trm_returns_blocked", ("gate", "return-needs-risk-assessment")), Is.EqualTo(1));
            Assert.That(Value("return", "trm_returns_blocked", ("gate", "return-needs-consent")), Is.EqualTo(1));
            Assert.That(Value("judicial", "trm_judicial_requests", ("direction", "outgoing"), ("stage", "drafted"), ("type", "mla-video-testimony")), Is.EqualTo(1));
            Assert.That(Value("identification", "trm_cross_border_requests", ("kind", "identification-assistance"), ("counterpart", "RO"), ("state", "awaiting")), Is.EqualTo(1));
            Assert.That(Value("protection", "trm_decisions_total", ("decision", "AnswerReferral")), Is.EqualTo(1));
            Assert.That(Value("identification", "trm_refusals_total", ("rule", "information-before-identification-decision")), Is.EqualTo(1));
        });

        // Two days later the second referral is past the shelter's 24-hour response time.
        clock.Advance(TimeSpan.FromDays(2));
        await Eventually.TrueAsync("the referral overdue", async () =>
        {
            await ScrapeAsync();
            return Value("protection", "trm_referrals", ("state", "overdue")) == 1 && Value("protection", "trm_overdue", ("kind", "referral")) == 1;
        }, TimeSpan.FromSeconds(20));
        Assert.That(Value("protection", "trm_referrals", ("state", "awaiting")), Is.EqualTo(1), "still awaiting: overdue is a subset");
    }

}
