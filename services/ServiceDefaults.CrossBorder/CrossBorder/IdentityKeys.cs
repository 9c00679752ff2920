namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// Keyed hashes of identity documents under a key two nodes share (CETS 197 art. 26; Directive 2011/36/EU art. 8): the way
/// a partner's judicial request says who it is about so that the requested node can recognise a victim it identified —
/// without a document number crossing, or travelling on either node's bus, in clear. A document is normalised
/// (<see cref="Normalise"/>) and HMAC-SHA256'd under the bilateral key of the partner the request is exchanged with
/// (<see cref="BilateralIdentityKeys"/>); only a node holding that key can compute, and so compare, the hash.
/// </summary>
public static class IdentityKeys
{
    /// <summary>
    /// <c>{type}|{issuing country}|{number}</c>: the type code lower-case (spaces and underscores as <c>-</c>), the issuing
    /// country ISO 3166-1 alpha-2 in capitals, the number in capitals without spaces, dashes, dots or slashes. Null when the
    /// document names no valid issuing country or no number (it cannot be matched reliably: never hashed).
    /// </summary>
    public static string? Normalise(string type, string? issuingCountry, string number)
    {
        var country = issuingCountry?.Trim().ToUpperInvariant();
        if (country is null || !Security.Jurisdictions.IsValid(country)) return null;
        var digits = new string(number.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '/')).Select(char.ToUpperInvariant).ToArray());
        var code = string.Join('-', type.Trim().ToLowerInvariant().Split([' ', '_', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return digits.Length == 0 || code.Length == 0 ? null : $"{code}|{country}|{digits}";
    }

    /// <summary>Lower-case hex HMAC-SHA256 of the normalised document under the bilateral key.</summary>
    public static string Hash(byte[] key, string normalised) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalised)));

    /// <summary>A keyed hash as it is written on the wire and on the bus: <c>{keyId}:{hash}</c>, or with the person's role in the request, <c>{role}:{keyId}:{hash}</c>.</summary>
    public static string Code(string keyId, string hash, string? role = null) => role is null ? $"{keyId}:{hash}" : $"{role}:{keyId}:{hash}";

    /// <summary>A <c>{role}:{keyId}:{hash}</c> code read back; false when it is not one (a key id of letters, digits, <c>-</c> or <c>_</c>; 64 hex digits).</summary>
    public static bool TryParse(string code, out string role, out string keyId, out string hash)
    {
        (role, keyId, hash) = ("", "", "");
        var parts = code.Split(':');
        if (parts.Length != 3 || parts[0].Length == 0 || !IsKeyId(parts[1]) || parts[2].Length != 64 || !parts[2].All(char.IsAsciiHexDigitLower)) return false;
        (role, keyId, hash) = (parts[0], parts[1], parts[2]);
        return true;
    }

    public static bool IsKeyId(string keyId) => keyId.Length is > 0 and <= 32 && keyId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>
/// The bilateral identity keys, one set per partner: <c>CrossBorder:Partners:{ISO}:IdentityKeyId</c> names the key in use
/// (not secret: JudicialCooperation reads it to know that the partner matches identities) and
/// <c>CrossBorder:Partners:{ISO}:IdentityKeys:{keyId}</c> holds each key (base64, at least 32 bytes; a secret — as a file
/// <c>CrossBorder__Partners__{ISO}__IdentityKeys__{keyId}</c> under <c>Secrets:Directory</c>; only Identification needs it).
/// Keys rotate by key id: the two nodes agree on a new key, each adds it and makes it the one in use; the old one stays
/// configured for as long as requests hashed under it may still arrive, then is removed.
/// </summary>
public sealed class BilateralIdentityKeys(IConfiguration configuration)
{
    /// <summary>The key id the node hashes under for <paramref name="partner"/>; null: identities are not matched with that partner.</summary>
    public string? CurrentKeyId(string partner) =>
        configuration[$"CrossBorder:Partners:{partner}:IdentityKeyId"] is { Length: > 0 } id ? IdentityKeys.IsKeyId(id) ? id
            : throw new InvalidOperationException($"CrossBorder:Partners:{partner}:IdentityKeyId: letters, digits, '-' or '_', at most 32.") : null;

    /// <summary>The key ids configured for <paramref name="partner"/> (the one in use and those kept for rotation).</summary>
    public IReadOnlyList<string> KeyIds(string partner) =>
        configuration.GetSection($"CrossBorder:Partners:{partner}:IdentityKeys").GetChildren().Select(k => k.Key).Where(IdentityKeys.IsKeyId).ToList();

    /// <summary>The partners with at least one key.</summary>
    public IReadOnlyList<string> Partners => configuration.GetSection("CrossBorder:Partners").GetChildren()
        .Where(p => p.GetSection("IdentityKeys").GetChildren().Any()).Select(p => p.Key).ToList();

    /// <summary>The key <paramref name="keyId"/> shared with <paramref name="partner"/>; null when it is not configured here.</summary>
    public byte[]? Key(string partner, string keyId)
    {
        if (configuration[$"CrossBorder:Partners:{partner}:IdentityKeys:{keyId}"] is not { Length: > 0 } text) return null;
        var key = Convert.FromBase64String(text.Trim());
        return key.Length >= 32 ? key
            : throw new InvalidOperationException($"CrossBorder:Partners:{partner}:IdentityKeys:{keyId} must hold at least 32 random bytes (base64).");
    }
}
