using System.Security.Cryptography;
using System.Text.Json;

namespace TransnationalReferral.Devtool;

/// <summary>
/// What the instances of a service share beyond their database and queues, kept under .local: the service's checkpoint
/// key (every instance signs with the same one, and a restarted process keeps it), and the scrape targets Prometheus
/// reads for the instances beyond the first (deploy/prometheus/prometheus.yml's file_sd_configs).
/// </summary>
public static class InstanceFiles
{
    /// <summary>The service's development checkpoint key (ECDSA P-256, PKCS#8 PEM), made once in .local/checkpoint-keys.</summary>
    public static string CheckpointKey(Repository repo, string service)
    {
        var file = Path.Combine(repo.Local, "checkpoint-keys", service + ".pem");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return File.ReadAllText(file);
    }

    /// <summary>
    /// .local/prometheus/trm-&lt;service&gt;.json: the instances after the first (the first is a static target), an empty
    /// list with one instance, so that a Prometheus scraping the node sees every instance and no target that is not running.
    /// </summary>
    public static void WritePrometheusTargets(Repository repo, IEnumerable<ServiceDef> processes)
    {
        var directory = Path.Combine(repo.Local, "prometheus");
        Directory.CreateDirectory(directory);
        foreach (var service in Node.Services)
        {
            var more = processes.Where(p => p.Project == service.Project && p.Instance > 1).Select(p => $"127.0.0.1:{p.Port}").ToArray();
            var groups = more.Length == 0 ? [] : new[] { new { targets = more, labels = new Dictionary<string, string> { ["service"] = service.Name } } };
            File.WriteAllText(Path.Combine(directory, $"trm-{service.Name}.json"), JsonSerializer.Serialize(groups));
        }
    }
}
