using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

using System.Security.Cryptography;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The production checklist (docs/production-checklist.md) as the processes enforce it at start-up
/// (<see cref="UnsafeDefaults"/>): each rule refuses a Production configuration that breaks it, with its id and what to
/// set; a correctly configured one passes; Development and Testing keep working; and the document lists every rule.
/// </summary>
public class ProductionChecklistTests
{
    private static HostingEnvironment In(string environment) => new() { EnvironmentName = environment };

    private static string CheckpointKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>A service configured as the checklist asks.</summary>
    private static Dictionary<string, string?> Safe() => new()
    {
        ["Node:Jurisdiction"] = "NL",
        ["Auth:Authority"] = "https://login.example.org/realms/trm",
        ["ConnectionStrings:Marten"] = "Host=db.internal;Database=trm_protection;Username=trm_protection;Password=Zq8-from-the-secret-store",
        ["ConnectionStrings:RabbitMq"] = "amqps://trm-protection:Kx3-from-the-secret-store@mq.internal:5671/trm",
        ["Vault:CurrentKeyId"] = "k1",
        ["Vault:MasterKeys:k1"] = TestTokens.VaultMasterKey,
        ["Audit:CheckpointKey"] = CheckpointKeyPem(),
        ["Metrics:Token"] = "scrape-token-from-the-secret-store",
        ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
    };

    private static IReadOnlyList<string> Find(Dictionary<string, string?> settings, string environment = "Production", bool service = true) =>
        UnsafeDefaults.Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), In(environment), service);

    [Test]
    public void A_correctly_configured_production_service_and_gateway_pass_positive_control()
    {
        Assert.That(Find(Safe()), Is.Empty);
        var gateway = Safe();
        foreach (var key in new[] { "ConnectionStrings:Marten", "ConnectionStrings:RabbitMq", "Vault:CurrentKeyId", "Vault:MasterKeys:k1", "Audit:CheckpointKey" }) gateway.Remove(key);
        Assert.That(Find(gateway, service: false), Is.Empty, "the gateway has no database, vault or checkpoints");
    }

    public static IEnumerable<TestCaseData> Breaches()
    {
        TestCaseData Case(string rule, string expected, Action<Dictionary<string, string?>> breach) =>
            new TestCaseData(rule, expected, breach).SetName($"Production_refuses_{rule.Replace('-', '_')}");
        yield return Case("development-password", "ConnectionStrings:Marten holds a well-known development password",
            s => s["ConnectionStrings:Marten"] = "Host=db;Database=trm_protection;Username=trm_protection;Password=trm_protection_dev_password");
        yield return Case("development-password", "ConnectionStrings:RabbitMq holds a well-known development password",
            s => s["ConnectionStrings:RabbitMq"] = "amqp://trm:trm-dev-password@mq:5672/trm");
        yield return Case("development-password", "ConnectionStrings:CrossBorder holds a well-known development password",
            s => s["ConnectionStrings:CrossBorder"] = "amqp://guest:guest@mq:5672/");
        yield return Case("authority-https", "Auth:Authority is not an https:// address", s => s["Auth:Authority"] = "http://login.example.org/realms/trm");
        yield return Case("metrics-token", "Metrics:Token is not set", s => s.Remove("Metrics:Token"));
        yield return Case("forwarded-headers-trust-all", "trusts every address", s => s["ForwardedHeaders:KnownNetworks:0"] = "0.0.0.0/0");
        yield return Case("forwarded-headers-trust-all", "trusts every address", s => s["ForwardedHeaders:KnownNetworks:1"] = "::/0");
        yield return Case("vault-master-key", "Vault:CurrentKeyId does not name a master key", s => s.Remove("Vault:MasterKeys:k1"));
        yield return Case("checkpoint-key", "Audit:CheckpointKey is not set", s => s.Remove("Audit:CheckpointKey"));
        yield return Case("schema-at-startup", "EventStore:ApplySchemaAtStartup is true", s => s["EventStore:ApplySchemaAtStartup"] = "true");
        yield return Case("development-vault-key", "is the well-known development vault master key", s => s["Vault:MasterKeys:k1"] = UnsafeDefaults.DevelopmentVaultMasterKey);
        yield return Case("development-token-key", "Auth:DevelopmentSigningKey is set", s => s["Auth:DevelopmentSigningKey"] = "trm-development-signing-key-not-a-secret-0123456789");
        yield return Case("jurisdiction", "Node:Jurisdiction is not set", s => s.Remove("Node:Jurisdiction"));
    }

    [TestCaseSource(nameof(Breaches))]
    public void Each_rule_refuses_its_breach_in_Production(string rule, string expected, Action<Dictionary<string, string?>> breach)
    {
        var settings = Safe();
        breach(settings);
        var reasons = Find(settings);
        Assert.That(reasons, Has.Exactly(1).StartWith($"[{rule}]").And.Contain(expected), string.Join("\n", reasons));
        Assert.That(string.Join(" ", reasons), Does.Not.Contain("trm_protection_dev_password").And.Not.Contain("trm:trm-dev-password@").And.Not.Contain("@mq"), "key names only, never a value");
    }

    [Test]
    public void Development_and_Testing_keep_working_without_the_production_settings()
    {
        var local = new Dictionary<string, string?>
        {
            ["Node:Jurisdiction"] = "NL",
            ["ConnectionStrings:Marten"] = "Host=127.0.0.1;Database=trm_protection;Username=trm_protection;Password=trm_protection_dev_password",
            ["Auth:Authority"] = "http://127.0.0.1:5556/realms/trm",
        };
        Assert.That(Find(local, "Development"), Is.Empty);
        Assert.That(Find(local, "Testing"), Is.Empty);
        Assert.That(Find(local, "Production"), Has.Some.StartWith("[development-password]").And.Some.StartWith("[metrics-token]").And.Some.StartWith("[checkpoint-key]"));
    }

    [Test]
    public void Every_rule_is_in_docs_production_checklist()
    {
        var document = File.ReadAllText(Path.Combine(BrokerAdmin.RepositoryRoot(), "docs", "production-checklist.md"));
        Assert.That(UnsafeDefaults.Rules, Is.Not.Empty);
        foreach (var rule in UnsafeDefaults.Rules)
        {
            Assert.That(document, Does.Contain($"`{rule.Id}`"), $"rule {rule.Id} is listed");
            foreach (var key in rule.Key.Split(", "))
                Assert.That(document, Does.Contain(key), $"rule {rule.Id} names {key}");
        }
        var listed = Regex.Matches(document, @"^\| `([a-z-]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.That(listed, Is.EquivalentTo(UnsafeDefaults.Rules.Select(r => r.Id)), "and no rule is listed that the processes do not enforce");
    }
}
