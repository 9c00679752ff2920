using System.Globalization;
using System.Reflection;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

/// <summary>
/// The wire form of a cross-border message, as a partner without this software sees it: an AMQP message whose body
/// is the contract as UTF-8 JSON, <c>message_id</c> a UUID, <c>type</c> the wire type, and headers
/// <c>x-trm-from</c>, <c>x-trm-to</c>, <c>x-trm-sent-at</c> (ISO 8601 UTC) and <c>x-trm-signature</c>: the sending
/// node's ECDSA P-256 / SHA-256 signature (IEEE P1363 r‖s, 64 bytes, base64) over <see cref="SignedText"/>.
/// </summary>
public sealed record CrossBorderEnvelope(Guid MessageId, string Type, string From, string To, string SentAt, byte[] Body, string? Signature)
{
    public const string FromHeader = "x-trm-from";
    public const string ToHeader = "x-trm-to";
    public const string SentAtHeader = "x-trm-sent-at";
    public const string SignatureHeader = "x-trm-signature";
    public const string RejectionHeader = "x-trm-rejected";
    public const string SignatureScheme = "trm-crossborder-v1";

    /// <summary>Lower-case hex SHA-256 of the body as sent.</summary>
    public string BodyDigest => Convert.ToHexStringLower(SHA256.HashData(Body));

    /// <summary>
    /// What is signed (UTF-8, lines joined by \n, no final newline): <c>trm-crossborder-v1</c>, message id (lower-case
    /// UUID with hyphens), type, from, to, sent-at exactly as in its header, and the body's SHA-256 in lower-case hex.
    /// </summary>
    public string SignedText => string.Join('\n', SignatureScheme, MessageId.ToString("D"), Type, From, To, SentAt, BodyDigest);
}

/// <summary>Cross-border JSON: camelCase members, nulls written (so every allowed member is visible), strings for codes.</summary>
public static class CrossBorderJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// What the receiver reads partners' bodies with: null in a member the contract does not mark nullable fails to
    /// deserialise (<see cref="IncomingValidation"/> also refuses such a member missing), so it is rejected once instead of
    /// failing in a handler.
    /// </summary>
    public static readonly JsonSerializerOptions Incoming = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };

    /// <summary>The wire types of the contracts, from their <see cref="CrossBorderMessageAttribute"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Type> Types = typeof(CrossBorderRequest).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<CrossBorderMessageAttribute>() is not null)
        .ToDictionary(t => t.GetCustomAttribute<CrossBorderMessageAttribute>()!.WireType);

    public static string WireType(Type type) => type.GetCustomAttribute<CrossBorderMessageAttribute>()?.WireType
        ?? throw new ArgumentException($"{type.Name} is not a cross-border message (no [CrossBorderMessage]).");
}

/// <summary>
/// This node's signing key (ECDSA P-256): <c>CrossBorder:SigningKey</c> (PKCS#8 PEM) — required outside
/// Development/Testing, where an ephemeral key is generated (partners then cannot verify across restarts).
/// </summary>
public sealed class CrossBorderSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create();

    public CrossBorderSigner(IConfiguration configuration, IHostEnvironment environment, ILogger<CrossBorderSigner> logger)
    {
        if (configuration["CrossBorder:SigningKey"] is { Length: > 0 } pem) _key.ImportFromPem(pem);
        else if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            logger.LogWarning("CrossBorder:SigningKey is not configured: cross-border messages are signed with an ephemeral development key");
        }
        else throw new InvalidOperationException("CrossBorder:SigningKey (an ECDSA P-256 private key, PEM) is required outside Development: refusing to start without it.");
        if (_key.KeySize != 256) throw new InvalidOperationException("CrossBorder:SigningKey must be an ECDSA P-256 key.");
        PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The public key partners configure for this node (SubjectPublicKeyInfo, base64).</summary>
    public string PublicKey { get; }

    public string Sign(string text) => Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256));

    public void Dispose() => _key.Dispose();
}

/// <summary>
/// The partners this node exchanges with and their public keys: <c>CrossBorder:Partners:{ISO}:PublicKey</c>
/// (SubjectPublicKeyInfo as base64 or PEM). A node that is not listed can neither be sent to nor be heard.
/// A partner that rotates its key gives the new one as <c>PublicKey</c> and lists the old ones under
/// <c>CrossBorder:Partners:{ISO}:RetiredKeys:{n}:PublicKey</c> with <c>SignedUntil</c> (ISO 8601, UTC): a retired key
/// verifies only what was sent (the signed <c>x-trm-sent-at</c>) until then — messages still queued from before the
/// rotation, and the evidence kept in the ledger, which stays verifiable after the rotation.
/// </summary>
public sealed class PartnerKeys : IDisposable
{
    private readonly Dictionary<string, List<(ECDsa Key, DateTimeOffset? SignedUntil)>> _keys = new(StringComparer.Ordinal);

    public PartnerKeys(IConfiguration configuration)
    {
        foreach (var partner in configuration.GetSection("CrossBorder:Partners").GetChildren())
        {
            var text = partner["PublicKey"];
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (partner.Key.Length != 2 || !partner.Key.All(char.IsAsciiLetterUpper))
                throw new InvalidOperationException($"CrossBorder:Partners:{partner.Key}: a partner is named by its ISO 3166-1 alpha-2 code in capitals.");
            var keys = new List<(ECDsa, DateTimeOffset?)> { (Import(text, $"CrossBorder:Partners:{partner.Key}:PublicKey"), null) };
            foreach (var retired in partner.GetSection("RetiredKeys").GetChildren())
            {
                var name = $"CrossBorder:Partners:{partner.Key}:RetiredKeys:{retired.Key}";
                if (!DateTimeOffset.TryParse(retired["SignedUntil"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
                    throw new InvalidOperationException($"{name}:SignedUntil: a retired key says until when (ISO 8601, UTC) it signed; without it, it would verify forever.");
                keys.Add((Import(retired["PublicKey"] ?? "", $"{name}:PublicKey"), until));
            }
            _keys[partner.Key] = keys;
        }
    }

    private static ECDsa Import(string text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidOperationException($"{setting} is empty.");
        var key = ECDsa.Create();
        if (text.Contains("-----BEGIN", StringComparison.Ordinal)) key.ImportFromPem(text);
        else key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text), out _);
        if (key.KeySize != 256) throw new InvalidOperationException($"{setting} must be an ECDSA P-256 key.");
        return key;
    }

    public IReadOnlyCollection<string> Partners => _keys.Keys;

    /// <summary>True when <paramref name="jurisdiction"/> is a partner and the signature over the envelope is its key's.</summary>
    public bool Verify(string jurisdiction, CrossBorderEnvelope envelope)
    {
        if (envelope.Signature is null || !_keys.TryGetValue(jurisdiction, out var keys)) return false;
        Span<byte> signature = stackalloc byte[128];
        if (!Convert.TryFromBase64String(envelope.Signature, signature, out var length)) return false;
        var data = Encoding.UTF8.GetBytes(envelope.SignedText);
        var sentAt = DateTimeOffset.TryParse(envelope.SentAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        foreach (var (key, signedUntil) in keys)
        {
            if (signedUntil is { } until && (sentAt is null || sentAt > until)) continue;
            if (key.VerifyData(data, signature[..length], HashAlgorithmName.SHA256)
                || key.VerifyData(data, signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) return true;
        }
        return false;
    }

    public void Dispose()
    {
        foreach (var (key, _) in _keys.Values.SelectMany(k => k)) key.Dispose();
    }
}
