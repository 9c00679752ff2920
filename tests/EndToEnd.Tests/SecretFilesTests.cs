extern alias Identification;

using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Secrets from files (<c>Secrets:Directory</c>, by default <c>/run/secrets</c>): a service reads its database connection
/// string and a vault master key from a directory laid out as Kubernetes mounts a secret (key files are symbolic links into
/// <c>..data/</c>, a link to a timestamped directory), and environment variables still win over the files.
/// </summary>
public class SecretFilesTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("trm-secrets-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>What the kubelet writes for a secret volume: ..2026_…/KEY files, ..data → that directory, KEY → ..data/KEY.</summary>
    private void MountLikeKubernetes(IReadOnlyDictionary<string, string> secrets)
    {
        var timestamped = Path.Combine(_directory, $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Random.Shared.Next(100000000, 999999999)}");
        Directory.CreateDirectory(timestamped);
        foreach (var (name, value) in secrets) File.WriteAllText(Path.Combine(timestamped, name), value + "\n");
        Directory.CreateSymbolicLink(Path.Combine(_directory, "..data"), Path.GetFileName(timestamped));
        foreach (var name in secrets.Keys) File.CreateSymbolicLink(Path.Combine(_directory, name), Path.Combine("..data", name));
    }

    [Test]
    public async Task A_service_reads_its_connection_string_and_a_vault_master_key_from_a_Kubernetes_secret_mount()
    {
        await using var bus = await TestVirtualHost.CreateAsync();
        await using var database = await TestDatabase.CreateAsync("identification");
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        MountLikeKubernetes(new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = database.ConnectionString,
            ["Vault__MasterKeys__file-1"] = masterKey,
        });

        await using var host = new ServiceHost<Identification::Program>(new Dictionary<string, string?>
        {
            ["Secrets:Directory"] = _directory,
            ["ConnectionStrings:RabbitMq"] = bus.AmqpUri.ToString(),
            ["Vault:CurrentKeyId"] = "file-1",
        });
        using var client = new HttpClient { BaseAddress = host.Start() }.Authorize("FocalPoint");

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.That(configuration.GetConnectionString("Marten"), Is.EqualTo(database.ConnectionString), "read from the file, its trailing newline dropped");
        Assert.That(configuration["Vault:MasterKeys:file-1"], Is.EqualTo(masterKey));
        Assert.That(configuration.AsEnumerable().Select(s => s.Key), Has.None.StartsWith(".."), "the kubelet's ..data and timestamped directories are no keys");

        // The service works on the database the file names, and wraps keys with the master key the file holds.
        var opened = await client.PostAsJsonAsync("/api/identification/cases",
            new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var keys = host.Services.GetRequiredService<IKeyProvider>();
        Assert.That(keys.CurrentKeyId, Is.EqualTo("file-1"));
        var owner = Guid.NewGuid();
        var wrapped = keys.Wrap([1, 2, 3], owner);
        using var aes = new AesGcm(Convert.FromBase64String(masterKey), 16);
        var unwrapped = new byte[3];
        aes.Decrypt(wrapped[..12], wrapped[28..], wrapped[12..28], unwrapped, owner.ToByteArray());
        Assert.That(unwrapped, Is.EqualTo(new byte[] { 1, 2, 3 }), "wrapped with the key from the file");
    }

    [Test]
    public void Environment_variables_win_over_secret_files_and_secret_files_over_appsettings()
    {
        File.WriteAllText(Path.Combine(_directory, "Checklist__FromFile"), "file\n");
        File.WriteAllText(Path.Combine(_directory, "Checklist__Both"), "file");
        Environment.SetEnvironmentVariable("Checklist__Both", "environment");
        try
        {
            var builder = new ConfigurationManager();
            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Checklist:FromFile"] = "appsettings", ["Checklist:Both"] = "appsettings", ["Secrets:Directory"] = _directory });
            builder.AddEnvironmentVariables();
            ServiceDefaults.Configuration.SecretFiles.AddSecretFiles(builder, builder);
            Assert.That(builder["Checklist:FromFile"], Is.EqualTo("file"));
            Assert.That(builder["Checklist:Both"], Is.EqualTo("environment"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Checklist__Both", null);
        }
    }

    [Test]
    public void A_configured_secrets_directory_that_does_not_exist_refuses_start()
    {
        var builder = new ConfigurationManager();
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:Directory"] = Path.Combine(_directory, "missing") });
        Assert.That(() => ServiceDefaults.Configuration.SecretFiles.AddSecretFiles(builder, builder),
            Throws.InvalidOperationException.With.Message.Contain("Secrets:Directory").And.Message.Contain("does not exist"));
    }
}
