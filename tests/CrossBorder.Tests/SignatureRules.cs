using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>Node signatures (pure): a partner's key verifies what the partner signed and nothing else.</summary>
public class SignatureRules
{
    public static (string PrivatePem, string PublicKey) NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportPkcs8PrivateKeyPem(), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    private sealed class Production : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static CrossBorderEnvelope Envelope(string from = "NG") =>
        new(Guid.NewGuid(), "trm.crossborder.accepted.v1", from, "AT", "2026-11-30T00:00:00.000Z", Encoding.UTF8.GetBytes("""{"requestId":"8d7c2a8e-0b1f-4c55-9a43-5f0e2b1c9d10","byJurisdiction":"NG","acceptedAt":"2026-11-30T00:00:00+00:00"}"""), null);

    [Test]
    public void After_a_key_rotation_the_retired_key_verifies_only_what_was_sent_until_its_date_and_the_new_key_everything()
    {
        var old = NewKey();
        var current = NewKey();
        using var oldSigner = new CrossBorderSigner(Config(("CrossBorder:SigningKey", old.PrivatePem)), new Production(), NullLogger<CrossBorderSigner>.Instance);
        using var newSigner = new CrossBorderSigner(Config(("CrossBorder:SigningKey", current.PrivatePem)), new Production(), NullLogger<CrossBorderSigner>.Instance);
        using var keys = new PartnerKeys(Config(
            ("CrossBorder:Partners:NG:PublicKey", current.PublicKey),
            ("CrossBorder:Partners:NG:RetiredKeys:0:PublicKey", old.PublicKey),
            ("CrossBorder:Partners:NG:RetiredKeys:0:SignedUntil", "2026-11-30T12:00:00Z")));
        CrossBorderEnvelope Signed(CrossBorderSigner signer, string sentAt)
        {
            var envelope = Envelope() with { SentAt = sentAt };
            return envelope with { Signature = signer.Sign(envelope.SignedText) };
        }

        Assert.That(keys.Verify("NG", Signed(oldSigner, "2026-11-30T11:59:59.000Z")), Is.True, "queued before the rotation, or kept in the ledger");
        Assert.That(keys.Verify("NG", Signed(oldSigner, "2026-11-30T12:00:01.000Z")), Is.False, "the old key after its date: a forgery (or a stolen key)");
        Assert.That(keys.Verify("NG", Signed(newSigner, "2026-11-30T11:00:00.000Z")), Is.True);
        Assert.That(keys.Verify("NG", Signed(newSigner, "2026-12-30T11:00:00.000Z")), Is.True);
        var tampered = Signed(oldSigner, "2026-11-30T11:59:59.000Z") with { SentAt = "2026-11-29T11:59:59.000Z" };
        Assert.That(keys.Verify("NG", tampered), Is.False, "the date is signed: moving it back breaks the signature");
        Assert.That(() => new PartnerKeys(Config(("CrossBorder:Partners:NG:PublicKey", current.PublicKey), ("CrossBorder:Partners:NG:RetiredKeys:0:PublicKey", old.PublicKey))),
            Throws.InvalidOperationException.With.Message.Contains("SignedUntil"), "a retired key without its date would verify forever");
    }

    [Test]
    public void What_a_partner_signed_verifies_with_its_configured_key_and_any_change_breaks_it()
    {
        var ng = NewKey();
        using var signer = new CrossBorderSigner(Config(("CrossBorder:SigningKey", ng.PrivatePem)), new Production(), NullLogger<CrossBorderSigner>.Instance);
        using var keys = new PartnerKeys(Config(("CrossBorder:Partners:NG:PublicKey", ng.PublicKey)));
        var unsigned = Envelope();
        var signed = unsigned with { Signature = signer.Sign(unsigned.SignedText) };

        Assert.That(signer.PublicKey, Is.EqualTo(ng.PublicKey));
        Assert.That(keys.Verify("NG", signed), Is.True);
        Assert.That(keys.Verify("NG", unsigned), Is.False, "unsigned");
        Assert.That(keys.Verify("NG", signed with { Body = [.. signed.Body.Take(signed.Body.Length - 1), (byte)' '] }), Is.False, "body changed by one byte");
        Assert.That(keys.Verify("NG", signed with { To = "BE" }), Is.False, "re-addressed");
        Assert.That(keys.Verify("NG", signed with { MessageId = Guid.NewGuid() }), Is.False, "a new message id to slip past the replay check");
        Assert.That(keys.Verify("NG", signed with { SentAt = "2026-12-30T00:00:00.000Z" }), Is.False, "timestamp moved");
        Assert.That(keys.Verify("NG", signed with { Signature = "not base64!" }), Is.False);
    }

    [Test]
    public void A_signature_by_another_key_is_a_forgery_and_an_unknown_partner_verifies_nothing()
    {
        var ng = NewKey();
        var mallory = NewKey();
        using var forger = new CrossBorderSigner(Config(("CrossBorder:SigningKey", mallory.PrivatePem)), new Production(), NullLogger<CrossBorderSigner>.Instance);
        using var keys = new PartnerKeys(Config(("CrossBorder:Partners:NG:PublicKey", ng.PublicKey)));
        var envelope = Envelope();
        var forged = envelope with { Signature = forger.Sign(envelope.SignedText) };
        Assert.That(keys.Verify("NG", forged), Is.False);
        Assert.That(keys.Verify("FR", forged with { From = "FR" }), Is.False);
        Assert.That(keys.Partners, Is.EquivalentTo(new[] { "NG" }));
    }

    [Test]
    public void A_partner_may_sign_in_DER_as_most_libraries_do()
    {
        var ng = NewKey();
        using var key = ECDsa.Create();
        key.ImportFromPem(ng.PrivatePem);
        using var keys = new PartnerKeys(Config(("CrossBorder:Partners:NG:PublicKey", ng.PublicKey)));
        var envelope = Envelope();
        var der = key.SignData(Encoding.UTF8.GetBytes(envelope.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.That(keys.Verify("NG", envelope with { Signature = Convert.ToBase64String(der) }), Is.True);
    }

    [Test]
    public void The_signed_text_is_the_documented_canonical_form()
    {
        var envelope = Envelope();
        var lines = envelope.SignedText.Split('\n');
        Assert.That(lines, Is.EqualTo(new[]
        {
            "trm-crossborder-v1", envelope.MessageId.ToString("D"), "trm.crossborder.accepted.v1", "NG", "AT", "2026-11-30T00:00:00.000Z",
            Convert.ToHexStringLower(SHA256.HashData(envelope.Body)),
        }));
    }

    [Test]
    public void Outside_development_a_node_without_a_signing_key_refuses_to_start_and_keys_must_be_P256()
    {
        Assert.That(() => new CrossBorderSigner(Config(), new Production(), NullLogger<CrossBorderSigner>.Instance),
            Throws.InvalidOperationException.With.Message.Contains("CrossBorder:SigningKey"));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.That(() => new PartnerKeys(Config(("CrossBorder:Partners:NG:PublicKey", Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo())))),
            Throws.InvalidOperationException.With.Message.Contains("P-256"));
        Assert.That(() => new PartnerKeys(Config(("CrossBorder:Partners:ng:PublicKey", NewKey().PublicKey))), Throws.InvalidOperationException);
    }
}
