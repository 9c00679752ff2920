using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Weasel.Core;

namespace TransnationalReferral.ServiceDefaults.EventStore;

public static class EventStoreExtensions
{
    /// <summary>
    /// The pool's settings for the event store, measured with <c>./build.sh --target=Bench</c> (issue 18): Npgsql resets a
    /// pooled connection with <c>DISCARD ALL</c> each time it is taken again, and Marten takes one for every read outside a
    /// transaction — four or five per message a consumer applies. That reset also throws away the plans PostgreSQL cached for
    /// Marten's append function, so every append was planned again (1.3–3.6 ms of server time against 0.15 ms for a raw
    /// insert). Nothing of ours keeps session state on a pooled connection (transactions, transaction-scoped advisory locks;
    /// the daemon's leadership lock and LISTEN hold their own connections), so the reset is skipped
    /// (<c>EventStore:ResetConnectionsOnClose</c>, default false), and the statements used most are prepared once per
    /// connection (<c>EventStore:AutoPrepare</c>, default 64; 0 turns it off). The pool is capped at
    /// <c>EventStore:MaxPoolSize</c> (default 15, Npgsql's own default is 100) so that three instances of each of the five
    /// services fit under the server's <c>max_connections</c> of 300: 15 processes × (15 pooled + 1 lease + about 2 of the
    /// cross-border ledger's) ≈ 270, leaving room for the superuser reserve and operators. A connection string that names
    /// any of these settings itself keeps it.
    /// </summary>
    public const int DefaultMaxPoolSize = 15;

    public static string Tuned(string connectionString, IConfiguration configuration)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            builder.NoResetOnClose = !configuration.GetValue("EventStore:ResetConnectionsOnClose", false);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = Math.Max(0, configuration.GetValue("EventStore:AutoPrepare", 64));
        if (!connectionString.Contains("Max Pool Size", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = Math.Max(1, configuration.GetValue("EventStore:MaxPoolSize", DefaultMaxPoolSize));
        return builder.ConnectionString;
    }

    /// <summary>
    /// Marten on the service's own database (<c>ConnectionStrings:Marten</c>), with the project's conventions:
    /// full event metadata (headers, correlation, causation, user), sessions stamped with the caller, the
    /// idempotency and processed-message documents, and — when the service publishes — the outbox
    /// subscription run by the async daemon (<c>Outbox:Enabled</c>, default true).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder, string schema, Action<StoreOptions> configure, IOutgoingMap? outgoing = null)
    {
        // Production: the schema is applied at deploy time (`migrate`) and only checked at start (SchemaAtStartup).
        var schemaSettings = SchemaSettings.From(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(schemaSettings);
        var marten = builder.Services.AddMarten(services =>
            {
                // Read when the store is built, so hosts configured late (tests, orchestration) are honoured.
                var opts = new StoreOptions();
                var configuration = services.GetRequiredService<IConfiguration>();
                opts.Connection(Tuned(configuration.GetConnectionString("Marten")
                    ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured."), configuration));
                if (MultiHostDataSources.Named(configuration.GetConnectionString("Marten")!)) opts.DataSourceFactory(new MultiHostDataSources());
                opts.DatabaseSchemaName = schema;
                opts.AutoCreateSchemaObjects = schemaSettings.ApplyAtStartup ? AutoCreate.CreateOrUpdate : AutoCreate.None;
                // Enum members renamed keep their stored names readable (FormerlyStoredAs).
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json => json.Converters.Insert(0, new FormerEnumNames()));
                opts.Events.MetadataConfig.EnableAll();
                // Free text is sealed first, then the chain is stamped over what is stored.
                opts.Listeners.Add(new FreeText.Listener(services.GetRequiredService<FreeText>()));
                opts.Listeners.Add(new HashChain.Listener());
                opts.Schema.For<FreeTextKey>().Index(k => k.StreamId);
                opts.Schema.For<IdempotencyRecord>();
                opts.Schema.For<ProcessedMessage>();
                opts.Schema.For<Deadlines.Deadline>().UseOptimisticConcurrency(true).Index(d => d.DueAt);
                opts.Schema.For<Cases.RegisteredCase>().Index(c => c.Jurisdiction);
                opts.Schema.For<Checkpoint>().Index(c => c.At);
                opts.Schema.For<Security.AccessLogEntry>().Index(e => e.CaseId).Index(e => e.ActorId);
                opts.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                opts.OpenTelemetry.TrackEventCounters();
                opts.Projections.LeadershipPollingTime = 1000;
                // The outbox wakes when a decision commits (PostgreSQL LISTEN/NOTIFY) instead of at its next poll, up to a
                // second later (EventStore:WakeOnCommit, default true); the poll stays as the safety net.
                opts.Events.UseListenNotifyForEventAppends = configuration.GetValue("EventStore:WakeOnCommit", true);
                // A decision that loses an optimistic race waits for the winner and fails its version check before it takes
                // a sequence number: no gap in the event sequence that the outbox would wait out (3 s) before publishing on.
                opts.Events.UseExclusiveLockOnConcurrentAppends = configuration.GetValue("EventStore:LockConcurrentAppends", true);
                configure(opts);
                // Where the register is kept from the bus (share, revocation and case opened on separate queues, concurrently), a
                // concurrent update conflicts and is retried instead of overwriting. Identification projects it inline from the
                // case's own stream instead (guarded by the stream version; Marten gives projected documents numeric revisions).
                if (services.GetService<Cases.CaseRegisterKeptFromBus>() is not null)
                {
                    opts.Schema.For<Cases.RegisteredCase>().UseOptimisticConcurrency(true);
                    opts.Schema.For<Cases.PendingCaseShares>().UseOptimisticConcurrency(true);
                }
                return opts;
            })
            .UseLightweightSessions()
            .BuildSessionsWith<AuditedSessionFactory>(ServiceLifetime.Scoped);
        // The whole schema (Marten's objects, the access-log triggers, the ledger's tables) is applied — or, in Production,
        // checked — before any other hosted service touches the database; `migrate` runs the same code (DatabaseSchema).
        builder.Services.AddSingleton<DatabaseSchema>();
        builder.Services.AddSingleton<ISchemaPart, Security.AccessLogTriggers>();
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaAtStartup>());

        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton<Security.IKeyProvider, Security.ConfiguredKeyProvider>();
        builder.Services.AddSingleton<FreeText>();
        builder.Services.AddSingleton<Cases.StreamsOfCase>();
        builder.Services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RevealFreeTextStartup>();
        // Leadership among the service's instances (checkpoints, overdue scans, database gauges).
        builder.Services.AddLeases();
        builder.Services.AddSingleton<CheckpointSigner>();
        builder.Services.AddHostedService<CheckpointScheduler>();
        // A database that does not answer within three seconds (a black-holed host, a failover under way) is as unready as one that refuses.
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
        builder.Services.AddOperations();

        if (outgoing is not null)
        {
            builder.Services.AddSingleton(outgoing);
            // A rebuild replays read models only: it publishes nothing and needs no broker.
            if (builder.Configuration.GetValue("Outbox:Enabled", true) && !ProjectionRebuild.Requested)
            {
                marten.AddSubscriptionWithServices<OutboxPublisher>(ServiceLifetime.Singleton)
                    .AddAsyncDaemon(DaemonMode.HotCold);
            }
        }
        return marten;
    }
}

/// <summary>An <c>Idempotency-Key</c> seen on a write, with the response it got (stored in the decision's transaction).</summary>
public sealed record IdempotencyRecord(string Id, string Fingerprint, int StatusCode, string? Body, string? Location, string? ETag, DateTimeOffset RecordedAt);

/// <summary>A bus message a consumer has applied, stored in the same transaction as its effect.</summary>
public sealed record ProcessedMessage(string Id, string Consumer, Guid MessageId, DateTimeOffset ProcessedAt);
