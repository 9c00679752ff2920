using Marten.Services;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// Tamper evidence: every event carries the hash of its content and the previous event's hash in its stream, computed
/// when it is appended. Editing, deleting or reordering a stored event breaks the chain at that point.
/// <para>Two formats, named per event by its <c>chain-format</c> header. Format 2 (every event appended now) hashes the
/// row as stored: the canonical JSON (<see cref="CanonicalJson"/>) of the stored <c>data</c> and of every stored header
/// (but the hash itself), the event id, stream id, type alias and .NET type, tenant, user name, correlation and
/// causation — so a member added to the stored JSON, or any header changed, added or removed, is detected at that event.
/// Format 1 (events appended before format 2, no <c>chain-format</c> header) hashed the re-serialised object and six
/// audit headers; such events still verify as they were hashed. Removing the format header from a format-2 event makes
/// it verify under format 1, which fails.</para>
/// </summary>
public static class HashChain
{
    /// <summary>The headers that link an event to the one before it (<see cref="Genesis"/> before the first).</summary>
    public const string Hash = "hash", PreviousHash = "prev-hash", Genesis = "genesis";

    /// <summary>The chain format an event was hashed under; absent on events hashed before format 2 (format 1).</summary>
    public const string Format = "chain-format";

    /// <summary>The format every event is hashed under when appended.</summary>
    public const string CurrentFormat = "2";

    /// <summary>When the decision was recorded (Unix milliseconds), by the appending service's clock: hashed, and compared with the
    /// timestamp PostgreSQL stored (which the hash cannot cover: it is assigned as the row is inserted).</summary>
    public const string RecordedAt = "recorded-at";

    /// <summary>How far the stored timestamp may be from the hashed one (the commit follows the hashing; clocks drift a little).</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(2);

    private static readonly string[] AuditedHeaders =
    [
        AuditHeaders.ActorId, AuditHeaders.ActorRole, AuditHeaders.ActorOrganisation, AuditHeaders.ActorJurisdiction, AuditHeaders.LegalBasis, AuditHeaders.Reasons,
    ];

    public static string Compute(string previous, Type type, string payload, Func<string, string?> header, string? correlation, string? causation) =>
        Compute(previous, type.FullName!, payload, header, correlation, causation);

    public static string Compute(string previous, string typeName, string payload, Func<string, string?> header, string? correlation, string? causation)
    {
        var canonical = new StringBuilder()
            .Append(previous).Append('\n')
            .Append(typeName).Append('\n')
            .Append(payload).Append('\n');
        foreach (var name in AuditedHeaders) canonical.Append(name).Append('=').Append(header(name)).Append('\n');
        canonical.Append("correlation=").Append(correlation).Append('\n').Append("causation=").Append(causation);
        // Events hashed before the recorded-at header existed verify as they were hashed.
        if (header(RecordedAt) is { } recordedAt) canonical.Append('\n').Append(RecordedAt).Append('=').Append(recordedAt);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>An event row as PostgreSQL stores it: what a format-2 hash covers (besides the previous hash and the stream id).
    /// Every column but <c>seq_id</c>, <c>version</c> (checked by the chain's order), <c>timestamp</c> (assigned by PostgreSQL on insert;
    /// checked against the hashed <c>recorded-at</c>) and <c>is_archived</c> (nothing archives streams; archiving would be legitimate).
    /// <c>bdata</c> (binary event data, unused: null when hashed) is covered too. The user name is in the
    /// <c>actor-id</c> header (Marten keeps no user-name column here); <see cref="UserName"/> is kept for a store that does.</summary>
    public sealed record StoredRow(long Version, long Sequence, Guid Id, string? TypeAlias, string? DotNetType, string Data, string? Headers,
        string? UserName, string? TenantId, string? CorrelationId, string? CausationId, string? BinaryData = null);

    /// <summary>Format 2: the hash of the stored row in canonical form (every member of the data, every header but the hash itself).</summary>
    public static string ComputeStored(string previous, Guid streamId, StoredRow row)
    {
        var canonical = new StringBuilder()
            .Append("chain/").Append(CurrentFormat).Append('\n')
            .Append(previous).Append('\n')
            .Append(streamId.ToString("N")).Append('\n')
            .Append(row.Id.ToString("N")).Append('\n')
            .Append("type=").Append(row.TypeAlias).Append('\n')
            .Append("dotnet-type=").Append(row.DotNetType).Append('\n')
            .Append("tenant=").Append(row.TenantId).Append('\n')
            .Append("user=").Append(row.UserName).Append('\n')
            .Append("correlation=").Append(row.CorrelationId).Append('\n')
            .Append("causation=").Append(row.CausationId).Append('\n')
            .Append("data=").Append(CanonicalJson.Of(row.Data)).Append('\n')
            .Append("bdata=").Append(row.BinaryData).Append('\n')
            .Append("headers=").Append(row.Headers is null ? "null" : CanonicalJson.Of(row.Headers, Hash));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>The stream's rows as stored, by sequence number (raw SQL: what Marten would deserialise is not what is stored).</summary>
    public static async Task<IReadOnlyDictionary<long, StoredRow>> ReadStoredAsync(IQuerySession session, Guid streamId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<string>($"""
            select jsonb_build_object('version', version, 'seq', seq_id, 'id', id, 'type', type, 'dotnet', mt_dotnet_type, 'data', data::text, 'bdata', encode(bdata, 'base64'),
                'headers', headers::text, 'tenant', tenant_id, 'correlation', correlation_id, 'causation', causation_id)::text
            from {schema}.mt_events where stream_id = ? order by version
            """, ct, streamId);
        return rows.Select(text =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(text);
            var r = json.RootElement;
            string? S(string name) => r.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.Null ? null : r.GetProperty(name).GetString();
            return new StoredRow(r.GetProperty("version").GetInt64(), r.GetProperty("seq").GetInt64(), r.GetProperty("id").GetGuid(), S("type"), S("dotnet"),
                S("data") ?? "null", S("headers"), null, S("tenant"), S("correlation"), S("causation"), S("bdata"));
        }).ToDictionary(row => row.Sequence);
    }

    /// <summary>Stamps the hash chain on every event about to be appended, continuing from the stream's stored head.</summary>
    public sealed class Listener : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var serializer = session.DocumentStore.Options.Serializer();
            foreach (var stream in session.PendingChanges.Streams())
            {
                if (stream.Events.Count == 0) continue;
                var previous = Genesis;
                if (stream.ActionType == StreamActionType.Append)
                {
                    // Only the head's hash, not the head event itself (which would be read and deserialised whole).
                    var head = await session.QueryAsync<string?>(
                        $"select headers ->> '{Hash}' from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? order by version desc limit 1",
                        token, stream.Id);
                    previous = head.FirstOrDefault() ?? Genesis;
                }
                // Unix milliseconds: a plain string survives the JSON round trip of the headers unchanged (an ISO date may be read back as a date).
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                var sessionHeaders = (session as Marten.Internal.Sessions.QuerySession)?.Headers;
                foreach (var e in stream.Events)
                {
                    if (e.Id == Guid.Empty) e.Id = Guid.CreateVersion7();
                    e.SetHeader(RecordedAt, now);
                    e.SetHeader(Format, CurrentFormat);
                    e.SetHeader(PreviousHash, previous);
                    // The headers as they will be stored: the session's, then the event's own.
                    var headers = new Dictionary<string, object>(StringComparer.Ordinal);
                    if (sessionHeaders is not null) foreach (var (name, value) in sessionHeaders) headers[name] = value;
                    if (e.Headers is not null) foreach (var (name, value) in e.Headers) headers[name] = value;
                    headers.Remove(Hash);
                    var row = new StoredRow(0, 0, e.Id, e.EventTypeName, e.DotNetTypeName, serializer.ToJson(e.Data), serializer.ToJson(headers),
                        null, e.TenantId ?? session.TenantId, e.CorrelationId ?? session.CorrelationId, e.CausationId ?? session.CausationId);
                    var hash = ComputeStored(previous, stream.Id, row);
                    e.SetHeader(Hash, hash);
                    previous = hash;
                }
            }
        }
    }

    public sealed record BrokenLink(long Version, long Sequence, string Decision, string Problem);

    public sealed record Verification(Guid StreamId, int Events, bool Intact, BrokenLink? FirstBrokenLink, Checkpoints.CheckpointCheck? Checkpoint = null);

    /// <summary>Recomputes the chain over a stream as stored and reports the first broken link (the same check as offline).</summary>
    public static Verification Verify(Guid streamId, IReadOnlyList<IEvent> events, ISerializer serializer, IReadOnlyDictionary<long, StoredRow>? stored = null)
    {
        var broken = VerifyExport(Export("", streamId, events, serializer, stored));
        return new Verification(streamId, events.Count, broken is null, broken);
    }

    /// <summary>Reads the stream as Marten gives it and as PostgreSQL stores it, and verifies its chain.</summary>
    public static async Task<(Verification Verification, IReadOnlyList<IEvent> Events)> VerifyAsync(IQuerySession session, Guid streamId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        return (Verify(streamId, events, session.DocumentStore.Options.Serializer(), await ReadStoredAsync(session, streamId, ct)), events);
    }

    /// <summary>One event as exported: everything its hash covers, so that the chain can be verified offline. For a format-2
    /// event <paramref name="Payload"/> is the stored data and the stored row's other members follow (null for format 1).</summary>
    public sealed record ExportedEvent(long Version, long Sequence, string Decision, string Type, DateTimeOffset RecordedAt, string Payload,
        IReadOnlyDictionary<string, string?> Headers, string? CorrelationId, string? CausationId,
        Guid? EventId = null, string? TypeAlias = null, string? DotNetType = null, string? StoredHeaders = null, string? UserName = null, string? TenantId = null,
        string? BinaryData = null);

    /// <summary>A stream's chain as exported by one service.</summary>
    public sealed record ChainExport(string Service, Guid StreamId, IReadOnlyList<ExportedEvent> Events, CheckpointProof? Checkpoint = null,
        IReadOnlyList<ChainExport>? Related = null);

    public static ChainExport Export(string service, Guid streamId, IReadOnlyList<IEvent> events, ISerializer serializer, IReadOnlyDictionary<long, StoredRow>? stored = null) =>
        new(service, streamId, events.OrderBy(e => e.Version).Select(e =>
        {
            var headers = AuditedHeaders.Append(Hash).Append(PreviousHash).Append(RecordedAt).Append(Format).ToDictionary(name => name, name => e.Header(name));
            var exported = new ExportedEvent(e.Version, e.Sequence, e.EventTypeName, e.Data.GetType().FullName!, e.Timestamp, serializer.ToJson(e.Data), headers, e.CorrelationId, e.CausationId);
            if (e.Header(Format) is null || stored is null || !stored.TryGetValue(e.Sequence, out var row)) return exported;
            return exported with
            {
                Payload = row.Data, EventId = row.Id, TypeAlias = row.TypeAlias, DotNetType = row.DotNetType, StoredHeaders = row.Headers, UserName = row.UserName,
                TenantId = row.TenantId, CorrelationId = row.CorrelationId, CausationId = row.CausationId, BinaryData = row.BinaryData,
            };
        }).ToList());

    /// <summary>The stream exported with its rows as stored.</summary>
    public static async Task<ChainExport> ExportAsync(IQuerySession session, string service, Guid streamId, IReadOnlyList<IEvent> events, CancellationToken ct) =>
        Export(service, streamId, events, session.DocumentStore.Options.Serializer(), await ReadStoredAsync(session, streamId, ct));

    /// <summary>Verifies an exported chain offline, with the same rules as the service: the first broken link, or none.</summary>
    public static BrokenLink? VerifyExport(ChainExport export)
    {
        var previous = Genesis;
        var expectedVersion = 1L;
        var previousSequence = 0L;
        foreach (var e in export.Events)
        {
            BrokenLink Broken(string problem) => new(e.Version, e.Sequence, e.Decision, problem);
            if (e.Version != expectedVersion) return Broken($"version {expectedVersion} is missing: the stream jumps to {e.Version}");
            if (e.Sequence <= previousSequence) return Broken($"its sequence number {e.Sequence} is not after the previous event's {previousSequence} (events reordered in the store)");
            previousSequence = e.Sequence;
            var stored = e.Headers.GetValueOrDefault(Hash);
            if (stored is null) return Broken("no hash recorded");
            if (e.Headers.GetValueOrDefault(PreviousHash) != previous) return Broken("does not follow the previous event (deleted, inserted or reordered events)");
            switch (e.Headers.GetValueOrDefault(Format))
            {
                case null:
                    if (Compute(previous, e.Type, e.Payload, name => e.Headers.GetValueOrDefault(name), e.CorrelationId, e.CausationId) != stored)
                        return Broken("its content or metadata differ from what was recorded");
                    break;
                case CurrentFormat:
                    if (e.EventId is not { } id) return Broken("exported without its stored row (chain format 2 needs it)");
                    string computed;
                    try
                    {
                        computed = ComputeStored(previous, export.StreamId, new StoredRow(e.Version, e.Sequence, id, e.TypeAlias, e.DotNetType, e.Payload, e.StoredHeaders,
                            e.UserName, e.TenantId, e.CorrelationId, e.CausationId, e.BinaryData));
                        // The headers the checks read must be the stored ones the hash covers.
                        if (e.StoredHeaders is null || StoredHeader(e.StoredHeaders, Hash) != stored || StoredHeader(e.StoredHeaders, PreviousHash) != previous
                            || StoredHeader(e.StoredHeaders, RecordedAt) != e.Headers.GetValueOrDefault(RecordedAt))
                            return Broken("its exported headers differ from the stored ones");
                    }
                    catch (System.Text.Json.JsonException) { return Broken("its stored data or headers are not JSON"); }
                    if (computed != stored) return Broken("its content or metadata differ from what was recorded (stored row)");
                    break;
                case var other:
                    return Broken($"chain format {other} is unknown");
            }
            if (e.Headers.GetValueOrDefault(RecordedAt) is { } hashedAt
                && (!long.TryParse(hashedAt, System.Globalization.CultureInfo.InvariantCulture, out var ms)
                    || (e.RecordedAt - DateTimeOffset.FromUnixTimeMilliseconds(ms)).Duration() > TimestampTolerance))
                return Broken($"its stored timestamp {e.RecordedAt:O} is not when it was recorded ({(long.TryParse(hashedAt, out var m) ? DateTimeOffset.FromUnixTimeMilliseconds(m).ToString("O") : hashedAt)})");
            previous = stored;
            expectedVersion++;
        }
        return null;
    }

    private static string? StoredHeader(string headers, string name)
    {
        using var json = System.Text.Json.JsonDocument.Parse(headers);
        return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value)
            ? value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
    }

    public sealed record ServiceVerification(string Service, int Streams, int Events, int Broken, IReadOnlyList<Verification> BrokenStreams);

    /// <summary><c>GET /api/{service}/verification</c>: every stream of the service, for the auditors of the node's own jurisdiction.</summary>
    public static RouteGroupBuilder MapServiceVerification(this RouteGroupBuilder api, string service)
    {
        api.MapGet("/verification", async (HttpContext http, IQuerySession session, ServiceIdentity identity, CancellationToken ct) =>
            {
                if (http.Actor().Jurisdiction != identity.Jurisdiction) return Problems.NotFound("This service's event store");
                var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
                var ids = await session.QueryAsync<Guid>($"select id from {schema}.mt_streams order by id limit 100000", ct);
                var results = new List<Verification>();
                foreach (var id in ids) results.Add((await VerifyAsync(session, id, ct)).Verification);
                var broken = results.Where(r => !r.Intact).ToList();
                return Results.Ok(new ServiceVerification(identity.Name, results.Count, results.Sum(r => r.Events), broken.Count, broken));
            })
            .RequireAuthorization(Permissions.ReadAccessLog)
            .WithTags("Audit")
            .WithName($"Verify{service}EventStore")
            .WithSummary("Recompute the hash chain of every stream in this service and list the broken ones with their first broken link (auditors of this node's jurisdiction).")
            .Produces<ServiceVerification>();
        return api;
    }

    /// <summary><c>GET {cases}/{caseId}/verification</c>: recompute the case stream's hash chain and report the first broken link.</summary>
    public static RouteGroupBuilder MapCaseVerification(this RouteGroupBuilder cases, string service, RelatedStreams? related = null)
    {
        cases.MapGet("/{caseId:guid}/verification", async (Guid caseId, IQuerySession session, CheckpointSigner signer, CancellationToken ct) =>
            {
                var (verification, events) = await VerifyAsync(session, caseId, ct);
                if (events.Count == 0) return Problems.NotFound("The case");
                var checkpoint = await Checkpoints.CheckAsync(session, signer, caseId, events, ct);
                return Results.Ok(verification with
                {
                    Checkpoint = checkpoint,
                    Intact = verification.Intact && checkpoint is null or { Authentic: true, Matches: true, OwnKey: true },
                });
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .WithName($"Verify{service}Case")
            .WithSummary("Recompute the case's hash chain as stored (content, audit metadata, order) and report the first broken link, if any.")
            .Produces<Verification>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/export", async (Guid caseId, string? purpose, HttpContext http, IQuerySession session, ServiceIdentity identity, CancellationToken ct) =>
            {
                var events = await session.Events.FetchStreamAsync(caseId, token: ct);
                var relatedIds = related is null ? [] : await related(session, caseId, http.Actor(), ct);
                if (events.Count == 0 && relatedIds.Count == 0) return Problems.NotFound("The case");
                if (await http.RecordReadAsync(purpose, "case export") is { } refused) return refused;
                async Task<ChainExport> ExportOne(Guid id, IReadOnlyList<IEvent> stream) =>
                    await ExportAsync(session, identity.Name, id, stream, ct) with { Checkpoint = (await Checkpoints.LatestCoveringAsync(session, id, ct))?.Prove(id) };
                var relatedExports = new List<ChainExport>();
                foreach (var id in relatedIds) relatedExports.Add(await ExportOne(id, await session.Events.FetchStreamAsync(id, token: ct)));
                return Results.Ok(await ExportOne(caseId, events) with { Related = relatedExports.Count > 0 ? relatedExports : null });
            })
            .RequireAuthorization(Permissions.ReadHistory)
            .WithName($"Export{service}Case")
            .WithSummary("The case's events with everything their hashes cover and the latest signed checkpoint's proof over the stream's head (and the same for each stream related to the case), for offline verification. Needs ?purpose= (logged).")
            .Produces<ChainExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
