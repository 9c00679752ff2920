using System.Security.Cryptography;
using System.Text.Json;

namespace TransnationalReferral.Identification.Vault;

/// <summary>A victim's personal data: the only place such data lives. Never in an event, a message, a log or a trace.</summary>
public sealed record PersonalData(
    IReadOnlyList<string>? Names = null,
    IReadOnlyList<string>? Aliases = null,
    DateOnly? DateOfBirth = null,
    string? Nationality = null,
    IReadOnlyList<string>? Languages = null,
    string? Contact = null,
    IReadOnlyList<IdentityDocument>? IdentityDocuments = null,
    string? PhotoReference = null,
    IReadOnlyList<FamilyMemberPersonalData>? FamilyMembers = null)
{
    /// <summary>The names of the fields that hold something (what events may say), never their values.</summary>
    public IReadOnlyList<string> RecordedFields() =>
        new (string Name, bool Present)[]
        {
            ("names", Names is { Count: > 0 }), ("aliases", Aliases is { Count: > 0 }), ("dateOfBirth", DateOfBirth is not null),
            ("nationality", Nationality is not null), ("languages", Languages is { Count: > 0 }), ("contact", Contact is not null),
            ("identityDocuments", IdentityDocuments is { Count: > 0 }), ("photoReference", PhotoReference is not null),
            ("familyMembers", FamilyMembers is { Count: > 0 }),
        }.Where(f => f.Present).Select(f => f.Name).ToList();
}

/// <summary>
/// A family member's personal data (names, contact), kept in the person's vault record under the person's key — erased
/// with the person's — and keyed by the member's id on the case (<see cref="Cases.FamilyMember"/>). Written through the
/// family-member decisions only (<see cref="RecordingFamilyMember"/>); a PUT of the person's data keeps them as they are.
/// </summary>
public sealed record FamilyMemberPersonalData(Guid MemberId, IReadOnlyList<string>? Names = null, string? Contact = null);

public sealed record IdentityDocument(string Type, string Number, string? IssuingCountry = null);

/// <summary>
/// What the vault stores for one victim: the personal data encrypted with the victim's own AES-256-GCM data
/// key, and that key wrapped by a master key. Erasure destroys the wrapped key (crypto-shredding): the
/// ciphertext stays, unreadable by anyone.
/// </summary>
public sealed record VaultRecord(Guid Id, string KeyId, byte[]? WrappedKey, byte[] Nonce, byte[] Tag, byte[] Ciphertext, DateTimeOffset UpdatedAt, DateTimeOffset? ErasedAt)
{
    /// <summary>
    /// SHA-256 over what is stored of the data itself (nonce, tag, ciphertext) — never the plaintext. The case's history
    /// records it with each write (<see cref="Cases.PersonalDataRecorded.Sealed"/>), so the hash chain covers the vault:
    /// a record replaced behind the service's back (an older version restored, say) no longer matches, and after
    /// crypto-shredding (the key destroyed, the ciphertext kept) it still does.
    /// </summary>
    public string Digest() => Convert.ToHexStringLower(SHA256.HashData([.. Nonce, .. Tag, .. Ciphertext]));
}

public sealed class PersonalDataVault(IKeyProvider keys)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Encrypts the victim's personal data (reusing the victim's data key): the record to store once the decision is accepted.</summary>
    public async Task<VaultRecord> SealAsync(IQuerySession session, Guid victimId, PersonalData data, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await session.LoadAsync<VaultRecord>(victimId, ct);
        if (existing?.ErasedAt is not null) throw new InvalidOperationException("Erased personal data cannot be written again.");
        var dataKey = existing?.WrappedKey is { } wrapped ? keys.Unwrap(existing.KeyId, wrapped, victimId) : RandomNumberGenerator.GetBytes(32);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(data, Json);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            using (var aes = new AesGcm(dataKey, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag, victimId.ToByteArray());
            CryptographicOperations.ZeroMemory(plaintext);
            return new VaultRecord(victimId, keys.CurrentKeyId, keys.Wrap(dataKey, victimId), nonce, tag, ciphertext, now, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public enum ReadStatus { Found, NotRecorded, Erased, Altered }

    public async Task<(ReadStatus Status, PersonalData? Data, DateTimeOffset? ErasedAt)> ReadAsync(IQuerySession session, Guid victimId, CancellationToken ct)
    {
        var record = await session.LoadAsync<VaultRecord>(victimId, ct);
        if (record is null) return (ReadStatus.NotRecorded, null, null);
        if (record.ErasedAt is { } erasedAt || record.WrappedKey is null) return (ReadStatus.Erased, null, record.ErasedAt);
        // The last write the histories recorded (any case of this victim) must be what is stored.
        var writes = await session.Events.QueryRawEventDataOnly<Cases.PersonalDataRecorded>().Where(e => e.VictimId == victimId).ToListAsync(ct);
        if (writes.Where(w => w.Sealed is not null).MaxBy(w => w.RecordedAt) is { } last && last.Sealed != record.Digest()) return (ReadStatus.Altered, null, null);

        var dataKey = keys.Unwrap(record.KeyId, record.WrappedKey, victimId);
        try
        {
            var plaintext = new byte[record.Ciphertext.Length];
            using (var aes = new AesGcm(dataKey, record.Tag.Length)) aes.Decrypt(record.Nonce, record.Ciphertext, record.Tag, plaintext, victimId.ToByteArray());
            return (ReadStatus.Found, JsonSerializer.Deserialize<PersonalData>(plaintext, Json), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>Destroys the victim's data key (in the caller's transaction). Afterwards nothing can decrypt the data.</summary>
    public async Task ShredAsync(IDocumentSession session, Guid victimId, DateTimeOffset now, CancellationToken ct)
    {
        var record = await session.LoadAsync<VaultRecord>(victimId, ct);
        if (record is not null) session.Store(record with { WrappedKey = null, ErasedAt = now });
        else session.Store(new VaultRecord(victimId, keys.CurrentKeyId, null, [], [], [], now, now));
    }
}
