namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>The head of a stream at a checkpoint: its last version and that event's hash.</summary>
public sealed record StreamHead(Guid StreamId, long Version, string Hash)
{
    /// <summary>This head as a leaf of the checkpoint's Merkle tree.</summary>
    public byte[] Leaf() => MerkleTree.Leaf(Encoding.UTF8.GetBytes($"{StreamId:N} {Version} {Hash}"));
}

/// <summary>
/// A signed statement by a service: "at this instant my streams ended with these hashes". The signature covers the
/// Merkle root over the heads (ordered by stream id), so one stream's head can be proven without the others. A chain
/// rewritten after a checkpoint (an event edited and every later hash recomputed) no longer matches the signed head.
/// </summary>
public sealed record Checkpoint(Guid Id, string Service, string Jurisdiction, DateTimeOffset At, IReadOnlyList<StreamHead> Heads, string Digest, string Signature, string PublicKey)
{
    private static IReadOnlyList<StreamHead> Ordered(IEnumerable<StreamHead> heads) => heads.OrderBy(h => h.StreamId).ToList();

    public static string DigestOf(string service, string jurisdiction, DateTimeOffset at, IEnumerable<StreamHead> heads) =>
        DigestOf(service, jurisdiction, at, MerkleTree.Root(Ordered(heads).Select(h => h.Leaf()).ToList()));

    public static string DigestOf(string service, string jurisdiction, DateTimeOffset at, byte[] root) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{service}\n{jurisdiction}\n{at.ToUnixTimeMilliseconds()}\n{Convert.ToHexStringLower(root)}")));

    /// <summary>The digest matches the heads and the signature is the holder of <see cref="PublicKey"/>'s.</summary>
    public bool IsAuthentic() => DigestOf(Service, Jurisdiction, At, Heads) == Digest && Signatures.Verify(PublicKey, Digest, Signature);

    /// <summary>The proof that this checkpoint signed <paramref name="streamId"/>'s head, without the other heads; null when it does not cover the stream.</summary>
    public CheckpointProof? Prove(Guid streamId)
    {
        var ordered = Ordered(Heads);
        var index = ordered.ToList().FindIndex(h => h.StreamId == streamId);
        if (index < 0) return null;
        var path = MerkleTree.Path(ordered.Select(h => h.Leaf()).ToList(), index);
        return new CheckpointProof(Id, Service, Jurisdiction, At, ordered[index], index, ordered.Count, path.Select(Convert.ToHexStringLower).ToList(), Digest, Signature, PublicKey);
    }
}

/// <summary>
/// A signed checkpoint's word on one stream, carried in a case export: the stream's head at the checkpoint, its place
/// in the checkpoint's Merkle tree and the audit path to the signed root.
/// </summary>
public sealed record CheckpointProof(Guid CheckpointId, string Service, string Jurisdiction, DateTimeOffset At, StreamHead Head, int LeafIndex, int TreeSize,
    IReadOnlyList<string> AuditPath, string Digest, string Signature, string PublicKey)
{
    /// <summary>Why the proof does not hold for these exported events, or null when it does: the head is on the Merkle path to the signed digest, the signature is the key holder's, and the exported event at the signed version has the signed hash.</summary>
    public string? Problem(Guid streamId, IReadOnlyList<HashChain.ExportedEvent> events)
    {
        if (Head.StreamId != streamId) return "the checkpoint proof is for another stream";
        byte[][] path;
        try { path = AuditPath.Select(Convert.FromHexString).ToArray(); }
        catch (FormatException) { return "the checkpoint's audit path is not hexadecimal"; }
        var root = MerkleTree.RootFromPath(Head.Leaf(), LeafIndex, TreeSize, path);
        if (root is null || Checkpoint.DigestOf(Service, Jurisdiction, At, root) != Digest) return "the stream head is not part of what the checkpoint signed";
        if (!Signatures.Verify(PublicKey, Digest, Signature)) return "the checkpoint's signature is not valid for its key";
        var stored = events.FirstOrDefault(e => e.Version == Head.Version);
        if (stored is null) return $"the signed head, version {Head.Version}, is missing from the stream";
        return stored.Headers.GetValueOrDefault(HashChain.Hash) == Head.Hash ? null : $"version {Head.Version} no longer has the hash the checkpoint signed (the chain was rewritten)";
    }
}

/// <summary>ECDSA P-256 signatures over a digest, keys as base64 SubjectPublicKeyInfo.</summary>
public static class Signatures
{
    public static bool Verify(string publicKey, string digest, string signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            return key.VerifyData(Encoding.UTF8.GetBytes(digest), Convert.FromBase64String(signature), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>A service's published checkpoint key: what an auditor pins to know who signed a checkpoint.</summary>
public sealed record ServiceKey(string Jurisdiction, string Service, string PublicKey);

/// <summary>The keys an auditor trusts (<c>verify --keys</c>): published by each node (<c>GET /api/audit/keys</c>) and pinned out of band.</summary>
public sealed record TrustedKeys(IReadOnlyList<ServiceKey> Keys)
{
    public bool Trusts(string jurisdiction, string service, string publicKey) =>
        Keys.Any(k => k.Jurisdiction == jurisdiction && k.Service == service && k.PublicKey == publicKey);
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
        _earlierKeys = configuration.GetSection("Audit:EarlierCheckpointKeys").Get<string[]>() ?? [];
    }

    private readonly string[] _earlierKeys;

    public string PublicKey { get; }

    /// <summary>The key is this service's: its current one, or one it used before a rotation (<c>Audit:EarlierCheckpointKeys</c>).
    /// A checkpoint signed by any other key proves nothing: whoever can write the database can sign with a key of their own.</summary>
    public bool IsOwn(string publicKey) => publicKey == PublicKey || _earlierKeys.Contains(publicKey);

    public string Sign(string digest) => Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(digest), HashAlgorithmName.SHA256));

    public void Dispose() => _key.Dispose();
}

public static class Checkpoints
{
    /// <summary>Reads every stream's head and stores a signed checkpoint over them.</summary>
    public static async Task<Checkpoint> CreateAsync(IDocumentStore store, CheckpointSigner signer, ServiceIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        return await SignAsync(session, signer, identity, now, ct);
    }

    /// <summary>
    /// Signs a checkpoint unless one was already signed less than <paramref name="period"/> before <paramref name="now"/>;
    /// null when none was due. The check and the signing run in one transaction under the advisory lock
    /// <c>checkpoint</c>, so however many instances ask at once, and across restarts, one checkpoint is signed per period.
    /// </summary>
    public static async Task<Checkpoint?> CreateIfDueAsync(IDocumentStore store, CheckpointSigner signer, ServiceIdentity identity, DateTimeOffset now, TimeSpan period, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await AdvisoryLocks.LockAsync(session.Connection!, null, "checkpoint", ct);
        var latest = await session.Query<Checkpoint>().OrderByDescending(c => c.At).Select(c => c.At).FirstOrDefaultAsync(ct);
        if (latest != default && now - latest < period) return null;
        return await SignAsync(session, signer, identity, now, ct);
    }

    private static async Task<Checkpoint> SignAsync(IDocumentSession session, CheckpointSigner signer, ServiceIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
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
    public sealed record CheckpointCheck(Guid CheckpointId, DateTimeOffset At, long Version, bool Authentic, bool Matches, bool OwnKey = true);

    /// <summary>The latest checkpoint that covers the stream, or null when none does yet.</summary>
    public static Task<Checkpoint?> LatestCoveringAsync(IQuerySession session, Guid streamId, CancellationToken ct) =>
        session.Query<Checkpoint>().Where(c => c.Heads.Any(h => h.StreamId == streamId)).OrderByDescending(c => c.At).FirstOrDefaultAsync(ct);

    public static async Task<CheckpointCheck?> CheckAsync(IQuerySession session, CheckpointSigner signer, Guid streamId, IReadOnlyList<JasperFx.Events.IEvent> events, CancellationToken ct)
    {
        if (await LatestCoveringAsync(session, streamId, ct) is not { } covering) return null;
        var head = covering.Heads.First(h => h.StreamId == streamId);
        var stored = events.FirstOrDefault(e => e.Version == head.Version)?.Header(HashChain.Hash);
        return new CheckpointCheck(covering.Id, covering.At, head.Version, covering.IsAuthentic(), stored == head.Hash, signer.IsOwn(covering.PublicKey));
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

        api.MapGet("/checkpoints/key", (CheckpointSigner signer, ServiceIdentity identity) => Results.Ok(new ServiceKey(identity.Jurisdiction, identity.Name, signer.PublicKey)))
            .AllowAnonymous()
            .WithTags("Audit")
            .WithName($"{service}CheckpointKey")
            .WithSummary("The public key this service signs its checkpoints with (ECDSA P-256, base64 SubjectPublicKeyInfo): public, for auditors to pin.")
            .Produces<ServiceKey>();
        return api;
    }
}

/// <summary>
/// Signs one checkpoint every <c>Audit:CheckpointSeconds</c> (default 3600) for the whole service, however many
/// instances run: the instance holding the background <see cref="Lease"/> looks every <c>Leases:RenewSeconds</c> whether
/// the latest stored checkpoint is a period old (or there is none, as at first start) and signs the next one
/// (<see cref="Checkpoints.CreateIfDueAsync"/>). The period is counted from the stored checkpoints, not from a timer in
/// memory, so neither a restart nor a change of holder signs an extra one.
/// </summary>
public sealed class CheckpointScheduler(IDocumentStore store, CheckpointSigner signer, ServiceIdentity identity, Leases leases, TimeProvider clock, IConfiguration configuration,
    ILogger<CheckpointScheduler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(configuration.GetValue("Audit:CheckpointSeconds", 3600.0));
        return Polling.RepeatAsync(async ct =>
        {
            if (!await leases.ForBackground.HoldAsync(ct)) return;
            if (await Checkpoints.CreateIfDueAsync(store, signer, identity, clock.GetUtcNow(), period, ct) is { } checkpoint)
                logger.LogInformation("Checkpoint {Id} signed over {Streams} stream heads", checkpoint.Id, checkpoint.Heads.Count);
        }, leases.RenewEvery, logger, "Checkpoint", stoppingToken);
    }
}
