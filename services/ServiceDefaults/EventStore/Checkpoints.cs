using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>The head of a stream at a checkpoint: its last version and that event's hash.</summary>
public sealed record StreamHead(Guid StreamId, long Version, string Hash);

/// <summary>
/// A signed statement by a service: "at this instant my streams ended with these hashes". A chain rewritten after a
/// checkpoint (an event edited and every later hash recomputed) no longer matches the signed head.
/// </summary>
public sealed record Checkpoint(Guid Id, string Service, string Jurisdiction, DateTimeOffset At, IReadOnlyList<StreamHead> Heads, string Digest, string Signature, string PublicKey)
{
    public static string DigestOf(string service, string jurisdiction, DateTimeOffset at, IEnumerable<StreamHead> heads)
    {
        var canonical = new StringBuilder().Append(service).Append('\n').Append(jurisdiction).Append('\n').Append(at.ToUnixTimeMilliseconds()).Append('\n');
        foreach (var head in heads.OrderBy(h => h.StreamId)) canonical.Append(head.StreamId.ToString("N")).Append(' ').Append(head.Version).Append(' ').Append(head.Hash).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>The digest matches the heads and the signature is the holder of <see cref="PublicKey"/>'s.</summary>
    public bool IsAuthentic()
    {
        if (DigestOf(Service, Jurisdiction, At, Heads) != Digest) return false;
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(PublicKey), out _);
        return key.VerifyData(Encoding.UTF8.GetBytes(Digest), Convert.FromBase64String(Signature), HashAlgorithmName.SHA256);
    }
}

/// <summary>
/// The service's checkpoint key (ECDSA P-256): <c>Audit:CheckpointKey</c> (PKCS#8 PEM) — required outside
/// Development/Testing, where an ephemeral key is generated (checkpoints then verify against the key they carry).
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    public CheckpointSigner(IConfiguration configuration, IHostEnvironment environment, ILogger<CheckpointSigner> logger)
    {
        _key = ECDsa.Create();
        if (configuration["Audit:CheckpointKey"] is { Length: > 0 } pem) _key.ImportFromPem(pem);
        else if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            logger.LogWarning("Audit:CheckpointKey is not configured: checkpoints are signed with an ephemeral development key");
        }
        else throw new InvalidOperationException("Audit:CheckpointKey (an ECDSA P-256 private key, PEM) is required outside Development: refusing to start without it.");
        PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
    }

    public string PublicKey { get; }

    public string Sign(string digest) => Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(digest), HashAlgorithmName.SHA256));

    public void Dispose() => _key.Dispose();
}

public static class Checkpoints
{
    /// <summary>Reads every stream's head and stores a signed checkpoint over them.</summary>
    public static async Task<Checkpoint> CreateAsync(IDocumentStore store, CheckpointSigner signer, ServiceIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var schema = store.Options.Events.DatabaseSchemaName;
        var heads = new List<StreamHead>();
        var connection = (NpgsqlConnection)session.Connection!;
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        await using (var command = new NpgsqlCommand($"select distinct on (stream_id) stream_id, version, headers->>'{HashChain.Hash}' from {schema}.mt_events order by stream_id, version desc", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (!reader.IsDBNull(2)) heads.Add(new StreamHead(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2)));
        var digest = Checkpoint.DigestOf(identity.Name, identity.Jurisdiction, now, heads);
        var checkpoint = new Checkpoint(Guid.CreateVersion7(), identity.Name, identity.Jurisdiction, now, heads, digest, signer.Sign(digest), signer.PublicKey);
        session.Store(checkpoint);
        await session.SaveChangesAsync(ct);
        return checkpoint;
    }

    /// <summary>What the latest checkpoint covering a stream says about it now: authentic, and the stored event at the signed head still has the signed hash.</summary>
    public sealed record CheckpointCheck(Guid CheckpointId, DateTimeOffset At, long Version, bool Authentic, bool Matches);

    public static async Task<CheckpointCheck?> CheckAsync(IQuerySession session, Guid streamId, IReadOnlyList<JasperFx.Events.IEvent> events, CancellationToken ct)
    {
        var covering = await session.Query<Checkpoint>().Where(c => c.Heads.Any(h => h.StreamId == streamId)).OrderByDescending(c => c.At).FirstOrDefaultAsync(ct);
        if (covering is null) return null;
        var head = covering.Heads.First(h => h.StreamId == streamId);
        var stored = events.FirstOrDefault(e => e.Version == head.Version)?.Header(HashChain.Hash);
        return new CheckpointCheck(covering.Id, covering.At, head.Version, covering.IsAuthentic(), stored == head.Hash);
    }

    public static RouteGroupBuilder MapCheckpoints(this RouteGroupBuilder api, string service)
    {
        api.MapGet("/checkpoints/latest", async (HttpContext http, IQuerySession session, ServiceIdentity identity, CancellationToken ct) =>
                http.Actor().Jurisdiction != identity.Jurisdiction ? Problems.NotFound("The checkpoint")
                : await session.Query<Checkpoint>().OrderByDescending(c => c.At).FirstOrDefaultAsync(ct) is { } latest ? Results.Ok(latest) : Problems.NotFound("A checkpoint"))
            .RequireAuthorization(Permissions.ReadAccessLog)
            .WithTags("Audit")
            .WithName($"Latest{service}Checkpoint")
            .WithSummary("The latest signed checkpoint over this service's stream heads (public key included; publish it out of band to pin it).")
            .Produces<Checkpoint>();
        return api;
    }
}

/// <summary>Signs a checkpoint at start and every <c>Audit:CheckpointSeconds</c> (default 3600).</summary>
public sealed class CheckpointScheduler(IDocumentStore store, CheckpointSigner signer, ServiceIdentity identity, TimeProvider clock, IConfiguration configuration, ILogger<CheckpointScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(configuration.GetValue("Audit:CheckpointSeconds", 3600.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var checkpoint = await Checkpoints.CreateAsync(store, signer, identity, clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Checkpoint {Id} signed over {Streams} stream heads", checkpoint.Id, checkpoint.Heads.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Checkpoint failed; retrying at the next interval");
            }
            await Task.Delay(every, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
