namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// deploy/kubernetes is valid without a cluster: deploy/kubernetes/validate/validate.mjs renders the kustomizations
/// (base, infrastructure, overlays/podman) with `kubectl kustomize`, validates every object against the Kubernetes
/// schemas (npm kubernetes-models) or the vendored CRD schemas (RabbitmqCluster, CloudNativePG), rejects unknown fields
/// and checks the project's rules. The validator's npm packages are installed by ./build.sh --target=KubernetesTools
/// (Test depends on it); kubectl is on every machine of the project's kind.
/// </summary>
public class KubernetesManifestTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Kubernetes = Path.Combine(Root, "deploy", "kubernetes");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TransnationalReferral.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static (int Exit, string Output) Validate(params string[] args)
    {
        var validator = Path.Combine(Kubernetes, "validate");
        if (!Directory.Exists(Path.Combine(validator, "node_modules", "kubernetes-models")))
        {
            const string missing = "the validator's packages are not installed in deploy/kubernetes/validate: ./build.sh --target=KubernetesTools installs them (npm ci), or run npm ci there";
            if (Environment.GetEnvironmentVariable("TR_KUBERNETES_VALIDATOR") == "required") Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = validator, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("validate.mjs");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(180_000)) { process.Kill(entireProcessTree: true); Assert.Fail("validate.mjs did not finish within 3 minutes"); }
        return (process.ExitCode, output.Result + error.Result);
    }

    [Test]
    public void The_manifests_are_valid_against_the_Kubernetes_and_CRD_schemas_and_follow_the_project_rules()
    {
        var (exit, output) = Validate();
        Assert.That(exit, Is.EqualTo(0), output);
        var summary = Regex.Match(output, @"(\d+) objects from base, infrastructure, overlays/podman: valid");
        Assert.That(summary.Success, output);
        // base: 6 Deployments, Services, PDBs, HPAs, 6 Secrets, 2 ConfigMaps, the Job, the Ingress, NetworkPolicies, the
        // Namespace; infrastructure: Cluster, ScheduledBackup, RabbitmqCluster, their Secrets and NetworkPolicies; the overlay again.
        Assert.That(int.Parse(summary.Groups[1].Value), Is.GreaterThanOrEqualTo(90), output);
    }

    /// <summary>A validator that accepts everything proves nothing: broken copies of the manifests are refused, each problem named.</summary>
    [Test]
    public void The_validator_refuses_a_misspelt_probe_a_missing_PDB_a_wrong_type_and_a_value_outside_a_CRD_enum()
    {
        var work = Path.Combine(TestContext.CurrentContext.WorkDirectory, "kubernetes-broken", Guid.NewGuid().ToString("N"));
        var application = Path.Combine(work, "application");
        var infrastructure = Path.Combine(work, "infrastructure");
        Directory.CreateDirectory(application);
        Directory.CreateDirectory(infrastructure);
        // Kustomize takes other kustomizations by relative path only.
        string From(string dir, string target) => Path.GetRelativePath(dir, Path.Combine(Kubernetes, target)).Replace('\\', '/');
        File.WriteAllText(Path.Combine(application, "kustomization.yaml"), $"""
            resources:
              - {From(application, "base")}
            patches:
              - target: {"{"}kind: Deployment, name: identification{"}"}
                patch: |-
                  - op: move
                    from: /spec/template/spec/containers/0/readinessProbe
                    path: /spec/template/spec/containers/0/readinessprobe
              - target: {"{"}kind: Deployment, name: gateway{"}"}
                patch: |-
                  - op: replace
                    path: /spec/template/spec/containers/0/ports/0/containerPort
                    value: "8080"
              - target: {"{"}kind: PodDisruptionBudget, name: protection{"}"}
                patch: |-
                  $patch: delete
                  apiVersion: policy/v1
                  kind: PodDisruptionBudget
                  metadata:
                    name: protection
            """);
        File.WriteAllText(Path.Combine(infrastructure, "kustomization.yaml"), $"""
            resources:
              - {From(infrastructure, "infrastructure")}
            patches:
              - target: {"{"}kind: ScheduledBackup, name: trm-postgres-daily{"}"}
                patch: |-
                  - op: replace
                    path: /spec/method
                    value: tape
              - target: {"{"}kind: Cluster, name: trm-postgres{"}"}
                patch: |-
                  - op: add
                    path: /spec/backup/barmanObjectStore/retention
                    value: 30d
            """);

        var (exit, output) = Validate(application, infrastructure);

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("FAIL Deployment/identification").And.Contain("unknown field \"readinessprobe\""), output);
        Assert.That(output, Does.Contain("container identification: no readinessProbe"), output);
        Assert.That(output, Does.Contain("FAIL Deployment/gateway").And.Contain("/spec/template/spec/containers/0/ports/0/containerPort must be integer"), output);
        Assert.That(output, Does.Contain("FAIL Deployment/protection").And.Contain("no PodDisruptionBudget selects its pods"), output);
        Assert.That(output, Does.Contain("FAIL ScheduledBackup/trm-postgres-daily").And.Contain("/spec/method must be equal to one of the allowed values"), output);
        Assert.That(output, Does.Contain("FAIL Cluster/trm-postgres").And.Contain("\"retention\""), output);
        Assert.That(Regex.Matches(output, "^FAIL ", RegexOptions.Multiline), Has.Count.EqualTo(6), "exactly the six problems made, nothing else:\n" + output);
    }
}
