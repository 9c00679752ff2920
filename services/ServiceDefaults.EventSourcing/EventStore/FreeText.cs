using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Marten.Services;

namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>
/// A stream's free-text key: free text that may name a person (a decision's reasons, a signaller's name) is stored
/// sealed under it (AES-256-GCM), never in clear. The key is wrapped by the node's master key (<see cref="IKeyProvider"/>),
/// so a copy of the database alone reads nothing. Erasing the person's data destroys the key (<see cref="WrappedKey"/>
/// null): the sealed text stays where it is — in events under the hash chain, which still verifies — and can never be
/// read again. A stream written after its keys were erased gets a new key.
/// </summary>
public sealed record FreeTextKey(Guid Id, Guid StreamId, string MasterKeyId, byte[]? WrappedKey, DateTimeOffset CreatedAt, DateTimeOffset? ErasedAt = null);

/// <summary>
/// Seals and reveals free text per stream. Sealed text is a token <c>sealed:v1:{keyId}:{base64url(nonce|tag|ciphertext)}</c>:
/// only URL-safe characters, so it passes through JSON and HTML unescaped and is found by <see cref="Token"/> wherever
/// a response carries it (<see cref="RevealFreeTextMiddleware"/>). Keys created in a session are kept with it until it
/// is saved, so the text sealed and the key stored go into the same transaction.
/// </summary>
public sealed partial class FreeText(IKeyProvider keys)
{
    public const string Prefix = "sealed:v1:";

    /// <summary>What a reader sees where the text was erased with the person's data.</summary>
    public const string Erased = "[erased with the person's personal data]";

    /// <summary>What a reader sees where sealed text was altered in the store (it no longer decrypts under its key).</summary>
    public const string Unreadable = "[sealed text that no longer decrypts]";

    [GeneratedRegex(@"sealed:v1:([0-9a-f]{32}):([A-Za-z0-9_-]+)")]
    public static partial Regex Token();

    /// <summary>The data keys a session uses, unwrapped, by stream: created or loaded once per session.</summary>
    private readonly ConditionalWeakTable<IQuerySession, Dictionary<Guid, (Guid KeyId, byte[] DataKey)>> _sessionKeys = new();

    /// <summary>Seals <paramref name="plaintext"/> under the stream's current key (created in the session when it has none).</summary>
    /// <remarks>Always seals, even text that looks sealed: a caller's copy of another stream's token (or a forged one) is
    /// stored as their literal text, never read as a token.</remarks>
    public async Task<string> SealAsync(IDocumentSession session, Guid streamId, string plaintext, CancellationToken ct)
    {
        var (keyId, dataKey) = await KeyOfAsync(session, streamId, ct);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var ciphertext = new byte[clear.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(dataKey, tag.Length)) aes.Encrypt(nonce, clear, ciphertext, tag, keyId.ToByteArray());
        CryptographicOperations.ZeroMemory(clear);
        return $"{Prefix}{keyId:N}:{Base64Url([.. nonce, .. tag, .. ciphertext])}";
    }

    private async Task<(Guid KeyId, byte[] DataKey)> KeyOfAsync(IDocumentSession session, Guid streamId, CancellationToken ct)
    {
        var cache = _sessionKeys.GetOrCreateValue(session);
        lock (cache) if (cache.TryGetValue(streamId, out var known)) return known;
        var current = await session.Query<FreeTextKey>().Where(k => k.StreamId == streamId && k.ErasedAt == null)
            .OrderByDescending(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        (Guid, byte[]) key;
        if (current?.WrappedKey is { } wrapped) key = (current.Id, keys.Unwrap(current.MasterKeyId, wrapped, current.Id));
        else
        {
            var id = Guid.CreateVersion7();
            var dataKey = RandomNumberGenerator.GetBytes(32);
            session.Insert(new FreeTextKey(id, streamId, keys.CurrentKeyId, keys.Wrap(dataKey, id), DateTimeOffset.UtcNow));
            key = (id, dataKey);
        }
        lock (cache) cache[streamId] = key;
        return key;
    }

    /// <summary>
    /// Destroys every free-text key of the streams (in the caller's transaction): what was sealed under them is unreadable
    /// from then on, by anyone. Text sealed later in the same session (the erasure's own reasons) uses the destroyed key too.
    /// </summary>
    public async Task EraseAsync(IDocumentSession session, IReadOnlyCollection<Guid> streamIds, DateTimeOffset now, CancellationToken ct)
    {
        if (streamIds.Count == 0) return;
        foreach (var streamId in streamIds) await KeyOfAsync(session, streamId, ct);
        var ids = streamIds.ToArray();
        var stored = await session.Query<FreeTextKey>().Where(k => k.StreamId.In(ids) && k.ErasedAt == null).ToListAsync(ct);
        foreach (var key in stored) session.Store(key with { WrappedKey = null, ErasedAt = now });
        // A key created in this session (not stored yet) is replaced by its erased form before the commit.
        var cache = _sessionKeys.GetOrCreateValue(session);
        List<(Guid Stream, Guid KeyId)> created;
        lock (cache) created = ids.Select(s => (s, cache[s].KeyId)).Where(k => stored.All(s => s.Id != k.KeyId)).ToList();
        foreach (var (stream, keyId) in created) session.Store(new FreeTextKey(keyId, stream, keys.CurrentKeyId, null, now, now));
    }

    /// <summary>Replaces every token in <paramref name="text"/> by its plaintext, encoded by <paramref name="encode"/> (or <see cref="Erased"/>).</summary>
    public async Task<string> RevealAsync(IQuerySession session, string text, Func<string, string> encode, CancellationToken ct)
    {
        var matches = Token().Matches(text);
        if (matches.Count == 0) return text;
        var keyIds = matches.Select(m => Guid.ParseExact(m.Groups[1].Value, "N")).Distinct().ToArray();
        var stored = (await session.LoadManyAsync<FreeTextKey>(ct, keyIds)).ToDictionary(k => k.Id);
        var dataKeys = new Dictionary<Guid, byte[]?>();
        try
        {
            foreach (var id in keyIds)
                dataKeys[id] = stored.TryGetValue(id, out var key) && key.WrappedKey is { } wrapped ? keys.Unwrap(key.MasterKeyId, wrapped, id) : null;
            return Token().Replace(text, m => encode(Open(m, dataKeys)));
        }
        finally
        {
            foreach (var key in dataKeys.Values) if (key is not null) CryptographicOperations.ZeroMemory(key);
        }
    }

    private static string Open(Match token, IReadOnlyDictionary<Guid, byte[]?> dataKeys)
    {
        var keyId = Guid.ParseExact(token.Groups[1].Value, "N");
        if (dataKeys.GetValueOrDefault(keyId) is not { } dataKey) return Erased;
        try
        {
            var sealedBytes = FromBase64Url(token.Groups[2].Value);
            if (sealedBytes.Length < 28) return Unreadable;
            var clear = new byte[sealedBytes.Length - 28];
            using var aes = new AesGcm(dataKey, 16);
            aes.Decrypt(sealedBytes[..12], sealedBytes[28..], sealedBytes[12..28], clear, keyId.ToByteArray());
            return Encoding.UTF8.GetString(clear);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return Unreadable; // altered in the store: the read still answers, the hash chain names the event
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var b64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '='));
    }

    /// <summary>
    /// Seals the reasons of every event about to be appended under its stream's key, before the hash chain is stamped
    /// (registered ahead of <see cref="HashChain.Listener"/>): the chain covers the sealed text, so erasing the key later
    /// leaves it verifying. The reasons are recorded once per session (<see cref="Audit.Record"/>); each event gets its
    /// own sealed copy and the session's clear copy is removed, so the clear text is never stored.
    /// </summary>
    public sealed class Listener(FreeText freeText) : DocumentSessionListenerBase
    {
        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            var sessionHeaders = (session as Marten.Internal.Sessions.QuerySession)?.Headers;
            var sessionReasons = sessionHeaders is not null && sessionHeaders.TryGetValue(AuditHeaders.Reasons, out var r) ? r?.ToString() : null;
            foreach (var stream in session.PendingChanges.Streams())
                foreach (var e in stream.Events)
                {
                    var reasons = e.Header(AuditHeaders.Reasons) ?? sessionReasons;
                    if (string.IsNullOrEmpty(reasons)) continue;
                    e.SetHeader(AuditHeaders.Reasons, await freeText.SealAsync(session, stream.Id, reasons, token));
                }
            sessionHeaders?.Remove(AuditHeaders.Reasons);
        }
    }
}
