using Microsoft.Extensions.Configuration;
using System.Security.Cryptography;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// Keyed hashes of identity documents under a bilateral key (pure): what two nodes compute for the same document agrees
/// however it was typed, and tells nothing to anyone without the key — nor matches under another pair's key.
/// </summary>
public class IdentityKeyRules
{
    private static readonly byte[] KeyAtNg = RandomNumberGenerator.GetBytes(32);

    private static string HashOf(string type, string? country, string number, byte[]? key = null) =>
        IdentityKeys.Hash(key ?? KeyAtNg, IdentityKeys.Normalise(type, country, number) ?? throw new AssertionException("not normalised"));

    [Test]
    public void A_document_number_typed_with_spaces_dashes_or_in_lower_case_hashes_the_same()
    {
        Assert.That(IdentityKeys.Normalise("passport", "RO", "AB 12-345"), Is.EqualTo("passport|RO|AB12345"));
        Assert.That(HashOf("Passport", "ro", "ab12345"), Is.EqualTo(HashOf("passport", "RO", "AB 12-345")));
        Assert.That(HashOf("identity card", "RO", "ab.12/345"), Is.EqualTo(HashOf("Identity_Card", " RO ", "AB12345")));
    }

    [Test]
    public void The_same_number_issued_by_another_country_or_on_another_type_of_document_does_not_match()
    {
        Assert.That(HashOf("passport", "NG", "AB12345"), Is.Not.EqualTo(HashOf("passport", "RO", "AB12345")));
        Assert.That(HashOf("identity-card", "RO", "AB12345"), Is.Not.EqualTo(HashOf("passport", "RO", "AB12345")));
    }

    [Test]
    public void Different_bilateral_keys_give_different_hashes_of_the_same_document()
    {
        var keyAtRo = RandomNumberGenerator.GetBytes(32);
        Assert.That(HashOf("passport", "RO", "AB12345", keyAtRo), Is.Not.EqualTo(HashOf("passport", "RO", "AB12345")));
        Assert.That(HashOf("passport", "RO", "AB12345"), Does.Not.Contain("12345").And.Length.EqualTo(64));
    }

    [Test]
    public void A_document_without_a_valid_issuing_country_or_number_is_never_hashed()
    {
        Assert.That(IdentityKeys.Normalise("passport", null, "AB12345"), Is.Null);
        Assert.That(IdentityKeys.Normalise("passport", "XX", "AB12345"), Is.Null);
        Assert.That(IdentityKeys.Normalise("passport", "RO", " - "), Is.Null);
    }

    [Test]
    public void A_keyed_hash_travels_as_role_key_id_and_hash_and_nothing_else_reads_as_one()
    {
        var hash = HashOf("passport", "RO", "AB12345");
        Assert.That(IdentityKeys.TryParse(IdentityKeys.Code("k1", hash, "person-sought"), out var role, out var keyId, out var read), Is.True);
        Assert.That((role, keyId, read), Is.EqualTo(("person-sought", "k1", hash)));
        Assert.That(IdentityKeys.TryParse("person-sought:k1:AB12345", out _, out _, out _), Is.False, "a document number is no hash");
        Assert.That(IdentityKeys.TryParse($"k1:{hash}", out _, out _, out _), Is.False, "the role is part of the code on the wire");
    }

    [Test]
    public void The_key_in_use_and_the_keys_kept_for_rotation_are_configured_per_partner()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrossBorder:Partners:NG:PublicKey"] = "x",
            ["CrossBorder:Partners:NG:IdentityKeyId"] = "k2",
            ["CrossBorder:Partners:NG:IdentityKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["CrossBorder:Partners:NG:IdentityKeys:k2"] = Convert.ToBase64String(KeyAtNg),
            ["CrossBorder:Partners:RO:IdentityKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
        }).Build();
        var keys = new BilateralIdentityKeys(configuration);
        Assert.That(keys.CurrentKeyId("NG"), Is.EqualTo("k2"));
        Assert.That(keys.CurrentKeyId("RO"), Is.Null, "no key in use: identities are not matched with RO");
        Assert.That(keys.KeyIds("NG"), Is.EquivalentTo(new[] { "k1", "k2" }));
        Assert.That(keys.Key("NG", "k2"), Is.EqualTo(KeyAtNg));
        Assert.That(keys.Key("NG", "k3"), Is.Null);
        Assert.That(() => keys.Key("RO", "k1"), Throws.InvalidOperationException.With.Message.Contain("at least 32"));
    }
}
