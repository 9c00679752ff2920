using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Two instances of Protection on the same database and virtual host, both serving HTTP traffic: each due deadline's
/// handler runs once, one checkpoint is signed per period, and the database-derived gauges are reported by one
/// instance only, so that summing them over instances gives the true figure; when that instance goes, the other takes over.
/// </summary>
public class TwoInstanceTests
{
    private const int Cases = 6;

    [Test]
    public async Task Two_instances_fire_each_deadline_once_sign_one_checkpoint_per_period_and_report_the_gauges_once()
    {
        await using var service = await ClockedService<ProtectionCase>.CreateAsync("protection");
        var clock = service.Clock;
        var runs = new ConcurrentDictionary<string, int>();
        var settings = new Dictionary<string, string?> { ["Leases:RenewSeconds"] = "0.3", ["Ops:RefreshSeconds"] = "0.3", ["Statistics:MinimumCellSize"] = "1" };
        var first = service.Host(settings, s => CountHandlerRuns(s, runs));
        var second = service.Host(settings, s => CountHandlerRuns(s, runs));
        await using var stopFirst = first;
        await using var stopSecond = second;
        // Started together: their start-up schema and trigger changes take turns instead of failing on each other.
        var addresses = await Task.WhenAll(Task.Run(() => first.Start()), Task.Run(() => second.Start()));
        var hosts = new[] { first, second };

        using var focalPoint = new HttpClient { BaseAddress = addresses[0] }.Authorize("FocalPoint");
        Assert.That((await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-clinic", new { name = "Clinic", type = "public-service", services = new[] { "medical" }, sexServed = "any",
            ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl" }, responseTimeHours = 24 })).IsSuccessStatusCode);
        var workers = addresses.Select(a => new HttpClient { BaseAddress = a }.Authorize("CaseWorker")).ToArray();
        var apis = hosts.Select((h, i) => new ProtectionApi(h.Services, workers[i])).ToArray();
        var cases = new List<Guid>();
        for (var i = 0; i < Cases; i++)
        {
            var api = apis[i % 2];   // both instances serve the decisions
            var caseId = await api.EntitledCaseAsync(consents: ProtectionApi.Consent());
            await api.OnCaseAsync(caseId, "referrals", new { providerOrganisation = "nl-clinic", service = "medical" }).CreatedAsync("referralId");
            cases.Add(caseId);
        }

        // One checkpoint for the first period, whoever asks.
        var store = first.Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync("the first checkpoint", async () => await CheckpointsAsync(store) >= 1);
        await SignIfDueFromBothAsync(hosts, clock.GetUtcNow());
        Assert.That(await CheckpointsAsync(store), Is.EqualTo(1), "one checkpoint in the first period, though both instances run and both were asked");

        // A day later: every referral is overdue, and the next period's checkpoint is due.
        clock.Advance(TimeSpan.FromHours(25));
        var schedulers = hosts.Select(h => h.Services.GetServices<IHostedService>().OfType<DeadlineScheduler>().Single()).ToArray();
        await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(CancellationToken.None)).Append(SignIfDueFromBothAsync(hosts, clock.GetUtcNow())));
        await Eventually.TrueAsync("every referral overdue", async () =>
        {
            foreach (var caseId in cases)
                if (!(await first.EventTypesAsync(caseId)).Contains("referral_overdue")) return false;
            return true;
        });
        await Eventually.TrueAsync("the second period's checkpoint", async () => await CheckpointsAsync(store) == 2);
        await Task.WhenAll(schedulers.Select(s => s.FireDueAsync(CancellationToken.None)).Append(SignIfDueFromBothAsync(hosts, clock.GetUtcNow())));

        foreach (var caseId in cases)
            Assert.That((await first.EventTypesAsync(caseId)).Count(e => e == "referral_overdue"), Is.EqualTo(1), "one decision per deadline");
        Assert.That(runs.Keys.Where(id => cases.Any(c => id.Contains(c.ToString("N")))).Count(), Is.EqualTo(Cases), "every referral's deadline ran its handler");
        Assert.That(runs.Values, Is.All.EqualTo(1), "and each ran it once, on one instance");
        Assert.That(await CheckpointsAsync(store), Is.EqualTo(2), "one checkpoint per period");

        // The true figure, from the read model; the gauges of the two instances add up to it, because one reports them.
        var overdue = await workers[1].GetFromJsonAsync<JsonElement>("/api/protection/referrals?overdue=true");
        Assert.That(overdue.GetProperty("items").GetArrayLength(), Is.EqualTo(Cases));
        // Each instance's own meter (hosted in one test process, either host's /metrics would also hear the other's meter of
        // the same name; a deployed instance is one process and exports only its own).
        await Eventually.TrueAsync("the overdue gauge summed over both instances", async () =>
            await Task.FromResult(hosts.Sum(h => Reported(h, "trm.overdue", ("kind", "referral"))) == Cases));
        Assert.That(hosts.Count(h => Reported(h, "trm.overdue", ("kind", "referral")) > 0), Is.EqualTo(1), "one instance reports the database's figures");
        Assert.That(hosts.Sum(h => Reported(h, "trm.cases")), Is.EqualTo(Cases), "the cases, counted once");
        Assert.That(hosts.Sum(h => Reported(h, "trm.referrals", ("state", "overdue"))), Is.EqualTo(Cases));
        Assert.That(hosts.Count(h => h.Services.GetRequiredService<Leases>().ForBackground.IsHeld), Is.EqualTo(1), "one lease holder");
        Assert.That(hosts.All(h => Reported(h, "trm.ops.snapshot_age_seconds") >= 0 && Measured(h, "trm.ops.snapshot_age_seconds").Count == 1), Is.True, "each process still reports its own");
        var scrape = await PrometheusText.ScrapeAsync(addresses[0]);
        Assert.That(OverdueReferrals(scrape), Is.EqualTo(Cases), "and /metrics exports it");

        foreach (var address in addresses)
        {
            using var client = new HttpClient { BaseAddress = address }.Authorize("Ops");
            await Eventually.TrueAsync("every instance's ops summary with the overdue referrals", async () =>
                (await client.GetFromJsonAsync<JsonElement>("/api/protection/ops")).GetProperty("overdue").GetArrayLength() == Cases);
        }

        // The holder stops: the other takes the lease over and reports the figures.
        var holder = hosts.Single(h => h.Services.GetRequiredService<Leases>().ForBackground.IsHeld);
        var other = addresses[holder == first ? 1 : 0];
        await holder.DisposeAsync();
        var remaining = holder == first ? second : first;
        await Eventually.TrueAsync("the other instance reporting the figures", async () => await Task.FromResult(Reported(remaining, "trm.overdue", ("kind", "referral")) == Cases));
        Assert.That(OverdueReferrals(await PrometheusText.ScrapeAsync(other)), Is.EqualTo(Cases));
        foreach (var worker in workers) worker.Dispose();
    }

    [Test]
    public async Task A_lease_is_lost_with_its_connection_and_taken_over_by_another_instance()
    {
        await using var database = await TestDatabase.CreateAsync("leases");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Marten"] = database.ConnectionString }).Build();
        var a = new Leases(configuration, NullLogger<Leases>.Instance).Of("test");
        var b = new Leases(configuration, NullLogger<Leases>.Instance).Of("test");
        await using (a)
        await using (b)
        {
            Assert.That(await a.RenewAsync(CancellationToken.None), Is.True, "the first to ask takes it");
            Assert.That(await b.RenewAsync(CancellationToken.None), Is.False, "the second does not");
            Assert.That(await a.RenewAsync(CancellationToken.None), Is.True, "the holder keeps it");

            // The holder's connection ends (a crashed process, a failover): PostgreSQL releases the lock with it.
            var infrastructure = await TestInfrastructure.GetAsync();
            await using (var admin = new NpgsqlConnection(infrastructure.PostgresAdmin))
            {
                await admin.OpenAsync();
                await using var kill = new NpgsqlCommand("select count(pg_terminate_backend(pid)) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = $1)", admin)
                {
                    Parameters = { new() { Value = database.Name } },
                };
                Assert.That(await kill.ExecuteScalarAsync(), Is.EqualTo(1L));
            }
            Assert.That(await a.RenewAsync(CancellationToken.None), Is.False, "the old holder learns at its next check that it lost it");
            Assert.That(await Eventually.GetAsync("the other instance taking it", async () => await b.RenewAsync(CancellationToken.None) ? "taken" : null), Is.EqualTo("taken"));
            Assert.That(await a.RenewAsync(CancellationToken.None), Is.False, "and the old holder does not take it back");
        }
    }

    /// <summary>The sum of what the instance's own meter reports now for <paramref name="instrument"/> (with these labels).</summary>
    private static double Reported(ServiceHost<ProtectionCase> host, string instrument, params (string Key, string Value)[] labels) =>
        Measured(host, instrument).Where(m => labels.All(l => m.Labels.TryGetValue(l.Key, out var v) && Equals(v, l.Value))).Sum(m => m.Value);

    private static List<(double Value, Dictionary<string, object?> Labels)> Measured(ServiceHost<ProtectionCase> host, string instrument)
    {
        var meter = host.Services.GetRequiredService<ServiceDefaults.Operations.OpsMetrics>().Meter;
        var measured = new List<(double, Dictionary<string, object?>)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter == meter && i.Name == instrument) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => measured.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        listener.RecordObservableInstruments();
        return measured;
    }

    private static double OverdueReferrals(IReadOnlyList<Sample> samples) =>
        samples.Where(s => s.Name == "trm_overdue" && s.Has(("service", "protection"), ("kind", "referral"))).Sum(s => s.Value);

    private static async Task<int> CheckpointsAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Query<Checkpoint>().CountAsync();
    }

    /// <summary>Both instances asked at once to sign the checkpoint if one is due (as two schedulers would, holder or not).</summary>
    private static Task SignIfDueFromBothAsync(IEnumerable<ServiceHost<ProtectionCase>> hosts, DateTimeOffset now) =>
        Task.WhenAll(hosts.Select(h => Checkpoints.CreateIfDueAsync(h.Services.GetRequiredService<IDocumentStore>(), h.Services.GetRequiredService<CheckpointSigner>(),
            h.Services.GetRequiredService<ServiceDefaults.ServiceIdentity>(), now, TimeSpan.FromHours(1), CancellationToken.None)));

    /// <summary>Wraps every deadline handler of a host so that each run is counted by deadline id (shared by the instances).</summary>
    private static void CountHandlerRuns(IServiceCollection services, ConcurrentDictionary<string, int> runs)
    {
        foreach (var registered in services.Where(d => d.ServiceType == typeof(IDeadlineHandler)).ToList())
        {
            services.Remove(registered);
            services.AddSingleton<IDeadlineHandler>(sp => new CountedHandler(registered.ImplementationInstance as IDeadlineHandler
                ?? registered.ImplementationFactory?.Invoke(sp) as IDeadlineHandler
                ?? (IDeadlineHandler)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), runs));
        }
    }

    private sealed class CountedHandler(IDeadlineHandler inner, ConcurrentDictionary<string, int> runs) : IDeadlineHandler
    {
        public string Kind => inner.Kind;

        public Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
        {
            runs.AddOrUpdate(deadline.Id, 1, (_, n) => n + 1);
            return inner.HandleAsync(deadline, session, context, ct);
        }
    }
}
