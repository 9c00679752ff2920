using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.KeyPerFile;
using Microsoft.Extensions.FileProviders;

namespace TransnationalReferral.ServiceDefaults.Configuration;

/// <summary>
/// Secrets from files, one per key (Docker/Podman secrets under <c>/run/secrets</c>, Kubernetes secret volumes): the file
/// name is the configuration key with <c>__</c> for <c>:</c> (<c>ConnectionStrings__Marten</c>, <c>Vault__MasterKeys__k1</c>),
/// the content its value (one trailing newline dropped). Read from <c>Secrets:Directory</c>, by default <c>/run/secrets</c>
/// when it exists. Kubernetes' layout (the key files are symbolic links into <c>..data/</c>, itself a link to a timestamped
/// directory) is read through the links; names starting with a dot (<c>..data</c>, <c>..2026_…</c>) are not keys.
/// <para>
/// Precedence: appsettings*.json &lt; secret files &lt; environment variables &lt; command line. The files sit where an
/// operator's secret store puts the values, above what ships in the image; an environment variable or argument set for
/// this one process is the most deliberate, per-run setting and wins, as it does over appsettings — the order ASP.NET Core
/// operators already expect. (A stale variable cannot quietly keep a development password: the production checklist refuses
/// those, see docs/production-checklist.md.)
/// </para>
/// </summary>
public static class SecretFiles
{
    public const string DirectorySetting = "Secrets:Directory";
    public const string DefaultDirectory = "/run/secrets";

    /// <summary>The directory read: <c>Secrets:Directory</c>, or <c>/run/secrets</c> when it exists; null: none.</summary>
    public static string? DirectoryOf(IConfiguration configuration)
    {
        var configured = configuration[DirectorySetting];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        return Directory.Exists(DefaultDirectory) ? DefaultDirectory : null;
    }

    /// <summary>Adds the secret files of <see cref="DirectoryOf"/> below the environment variables (see the class). A configured directory that does not exist refuses start.</summary>
    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder configuration, IConfiguration current)
    {
        var directory = DirectoryOf(current);
        if (directory is null) return configuration;
        if (!Directory.Exists(directory))
            throw new InvalidOperationException($"Refusing to start: {DirectorySetting} is '{directory}', which does not exist (the secret files are read from there).");
        var source = new KeyPerFileConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(directory),
            Optional = false,
            ReloadOnChange = false,
            IgnoreCondition = name => name.StartsWith('.'),
        };
        // Below the unprefixed environment variables (and so the command line after them); else last.
        var environment = configuration.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environment >= 0) configuration.Sources.Insert(environment, source);
        else configuration.Sources.Add(source);
        return configuration;
    }
}
