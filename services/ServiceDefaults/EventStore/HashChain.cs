using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// Tamper evidence: every event carries the hash of its canonical content — type, payload as stored, the audit
/// metadata (who, role, organisation, jurisdiction, legal basis, reasons, correlation, causation) — and the previous
/// event's hash in its stream, computed when it is appended. Editing, deleting or reordering a stored event breaks
/// the chain at that point. Events hold no personal data (that is in the vault), so crypto-shredding leaves the
/// chain whole.
/// </summary>
public static class HashChain
{
    public const string Hash = "hash";
    public const string PreviousHash = "prev-hash";
    public const string Genesis = "genesis";

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
                    var head = await session.Events.QueryAllRawEvents().Where(e => e.StreamId == stream.Id).OrderByDescending(e => e.Version).FirstOrDefaultAsync(token);
                    previous = head?.Header(Hash) ?? Genesis;
                }
                // Unix milliseconds: a plain string survives the JSON round trip of the headers unchanged (an ISO date may be read back as a date).
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var e in stream.Events)
                {
                    e.SetHeader(RecordedAt, now);
                    var hash = Compute(previous, e.Data.GetType(), serializer.ToJson(e.Data), name => name == RecordedAt ? now : session.GetHeader(name)?.ToString(), session.CorrelationId, session.CausationId);
                    e.SetHeader(PreviousHash, previous);
                    e.SetHeader(Hash, hash);
                    previous = hash;
                }
            }
        }
    }

    public sealed record BrokenLink(long Version, long Sequence, string Decision, string Problem);

    public sealed record Verification(Guid StreamId, int Events, bool Intact, BrokenLink? FirstBrokenLink, Checkpoints.CheckpointCheck? Checkpoint = null);

    /// <summary>Recomputes the chain over a stream as stored and reports the first broken link (the same check as offline).</summary>
    public static Verification Verify(Guid streamId, IReadOnlyList<IEvent> events, ISerializer serializer)
    {
        var broken = VerifyExport(Export("", streamId, events, serializer));
        return new Verification(streamId, events.Count, broken is null, broken);
    }

    /// <summary>One event as exported: everything its hash covers, so that the chain can be verified offline.</summary>
    public sealed record ExportedEvent(long Version, long Sequence, string Decision, string Type, DateTimeOffset RecordedAt, string Payload,
        IReadOnlyDictionary<string, string?> Headers, string? CorrelationId, string? CausationId);

    /// <summary>A stream's chain as exported by one service.</summary>
    public sealed record ChainExport(string Service, Guid StreamId, IReadOnlyList<ExportedEvent> Events, CheckpointProof? Checkpoint = null,
        IReadOnlyList<ChainExport>? Related = null);

    public static ChainExport Export(string service, Guid streamId, IReadOnlyList<IEvent> events, ISerializer serializer) => new(service, streamId,
        events.OrderBy(e => e.Version).Select(e => new ExportedEvent(e.Version, e.Sequence, e.EventTypeName, e.Data.GetType().FullName!, e.Timestamp, serializer.ToJson(e.Data),
            AuditedHeaders.Append(Hash).Append(PreviousHash).Append(RecordedAt).ToDictionary(name => name, name => e.Header(name)), e.CorrelationId, e.CausationId)).ToList());

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
            if (Compute(previous, e.Type, e.Payload, name => e.Headers.GetValueOrDefault(name), e.CorrelationId, e.CausationId) != stored)
                return Broken("its content or metadata differ from what was recorded");
            if (e.Headers.GetValueOrDefault(RecordedAt) is { } hashedAt
                && (!long.TryParse(hashedAt, System.Globalization.CultureInfo.InvariantCulture, out var ms)
                    || (e.RecordedAt - DateTimeOffset.FromUnixTimeMilliseconds(ms)).Duration() > TimestampTolerance))
                return Broken($"its stored timestamp {e.RecordedAt:O} is not when it was recorded ({(long.TryParse(hashedAt, out var m) ? DateTimeOffset.FromUnixTimeMilliseconds(m).ToString("O") : hashedAt)})");
            previous = stored;
            expectedVersion++;
        }
        return null;
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
                var serializer = session.DocumentStore.Options.Serializer();
                var results = new List<Verification>();
                foreach (var id in ids) results.Add(Verify(id, await session.Events.FetchStreamAsync(id, token: ct), serializer));
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
                var events = await session.Events.FetchStreamAsync(caseId, token: ct);
                if (events.Count == 0) return Problems.NotFound("The case");
                var verification = Verify(caseId, events, session.DocumentStore.Options.Serializer());
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
                var serializer = session.DocumentStore.Options.Serializer();
                async Task<ChainExport> ExportOne(Guid id, IReadOnlyList<IEvent> stream) =>
                    Export(identity.Name, id, stream, serializer) with { Checkpoint = (await Checkpoints.LatestCoveringAsync(session, id, ct))?.Prove(id) };
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
