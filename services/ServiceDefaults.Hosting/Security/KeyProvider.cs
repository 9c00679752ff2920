namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>
/// Wraps and unwraps data keys with a master key: each victim's vault key in Identification, and each stream's
/// free-text key in every service (<c>EventStore.FreeText</c>). The configured provider keeps the master key
/// in configuration (a secret store in production); an external KMS implements the same interface.
/// <paramref name="owner"/> (the victim, or the key's id) is bound to the wrapped key as associated data.
/// </summary>
public interface IKeyProvider
{
    /// <summary>The id of the master key new data keys are wrapped with.</summary>
    string CurrentKeyId { get; }

    byte[] Wrap(byte[] dataKey, Guid owner);

    byte[] Unwrap(string keyId, byte[] wrappedKey, Guid owner);
}

/// <summary>AES-256-GCM key wrapping with master keys from <c>Vault:MasterKeys:{id}</c> (base64, 32 bytes) and <c>Vault:CurrentKeyId</c>.</summary>
public sealed class ConfiguredKeyProvider : IKeyProvider
{
    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public ConfiguredKeyProvider(IConfiguration configuration)
    {
        var section = configuration.GetSection("Vault:MasterKeys");
        _keys = section.GetChildren().ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value ?? ""));
        CurrentKeyId = configuration["Vault:CurrentKeyId"] ?? "";
        if (!_keys.TryGetValue(CurrentKeyId, out var current) || current.Length != 32)
            throw new InvalidOperationException("Vault:CurrentKeyId must name a 32-byte base64 key under Vault:MasterKeys (from a secret store outside Development).");
    }

    public string CurrentKeyId { get; }

    public byte[] Wrap(byte[] dataKey, Guid owner)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var wrapped = new byte[dataKey.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_keys[CurrentKeyId], tag.Length);
        aes.Encrypt(nonce, dataKey, wrapped, tag, owner.ToByteArray());
        return [.. nonce, .. tag, .. wrapped];
    }

    public byte[] Unwrap(string keyId, byte[] wrappedKey, Guid owner)
    {
        if (!_keys.TryGetValue(keyId, out var master)) throw new CryptographicException($"Master key {keyId} is not configured.");
        var nonce = wrappedKey[..12];
        var tag = wrappedKey[12..28];
        var wrapped = wrappedKey[28..];
        var dataKey = new byte[wrapped.Length];
        using var aes = new AesGcm(master, tag.Length);
        aes.Decrypt(nonce, wrapped, tag, dataKey, owner.ToByteArray());
        return dataKey;
    }
}
