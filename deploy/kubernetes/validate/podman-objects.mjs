// Turns `kubectl kustomize overlays/podman` (stdin) into what `podman kube play` runs (stdout): only the kinds podman
// plays (Deployment, ConfigMap, Secret, PersistentVolumeClaim; Services, Ingress, NetworkPolicies, PDBs, HPAs, the Job
// and the CRDs are left out), the Secrets filled from the local node's development infrastructure (.local/infra.env,
// in the environment: TR_PG_<SERVICE>, TR_RABBITMQ_<SERVICE>, TR_METRICS_TOKEN_FILE) and given as `data` (base64).
// A placeholder value ("REPLACE-ME…") is dropped, so the images' Development defaults apply (vault and checkpoint keys).
// podman 4.3 mounts only hostPath, configMap, emptyDir and PVC volumes (no secret, no projected): each Secret becomes a
// ConfigMap of the same keys and a pod's projected /run/secrets volume that ConfigMap (the metrics token added to each),
// still read-only at /run/secrets, key per file. Acceptable for the local node's development credentials only.
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';

const played = new Set(['Deployment', 'ConfigMap', 'Secret', 'PersistentVolumeClaim']);
const fromEnv = {
  ConnectionStrings__Marten: s => process.env[`TR_PG_${s}`],
  ConnectionStrings__RabbitMq: s => process.env[`TR_RABBITMQ_${s}`],
};
const objects = parseAllDocuments(readFileSync(0, 'utf8')).map(d => d.toJS()).filter(o => o && played.has(o.kind));
const metricsToken = process.env.TR_METRICS_TOKEN_FILE ? readFileSync(process.env.TR_METRICS_TOKEN_FILE, 'utf8').trim() : null;
const out = [];
for (const object of objects) {
  if (object.kind === 'Deployment') {
    const pod = object.spec.template.spec;
    // On the host's network podman refuses port mappings, and the app listens where its Urls says (not on 8080).
    if (pod.hostNetwork) for (const c of pod.containers) {
      const port = Number((c.env ?? []).find(e => e.name === 'Urls')?.value?.match(/:(\d+)$/)?.[1]);
      delete c.ports;
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) if (c[probe]?.httpGet && port) c[probe].httpGet.port = port;
    }
    for (const volume of pod.volumes ?? []) {
      // podman's emptyDir belongs to root (fsGroup is not applied): a host directory owned by uid 1654 instead
      // (play.sh creates TR_PLAY_TMP/<deployment>).
      if (volume.emptyDir && process.env.TR_PLAY_TMP) { volume.hostPath = { path: `${process.env.TR_PLAY_TMP}/${object.metadata.name}`, type: 'Directory' }; delete volume.emptyDir; }
      if (!volume.projected) continue;
      const secret = volume.projected.sources.map(s => s.secret?.name).find(n => n && n !== 'trm-metrics') ?? 'trm-metrics';
      volume.configMap = { name: secret === 'trm-metrics' ? 'trm-metrics' : secret, defaultMode: 0o440 };
      delete volume.projected;
    }
  }
  if (object.kind === 'Secret') {
    const service = object.metadata.name.replace(/-secrets$/, '').toUpperCase();
    const values = { ...object.stringData };
    for (const key of Object.keys(values)) {
      if (fromEnv[key]) {
        const value = fromEnv[key](service);
        if (!value) { console.error(`podman-objects: ${fromEnv[key].toString().match(/`(.*)`/)[1].replace('${s}', service)} is not set (deploy/local/infra.sh up writes .local/infra.env)`); process.exit(1); }
        values[key] = value;
      }
      if (values[key].includes('REPLACE-ME')) delete values[key];
    }
    if (metricsToken) values.Metrics__Token = metricsToken;
    object.kind = 'ConfigMap';
    delete object.type;
    delete object.stringData;
    object.data = values;
  }
  out.push(stringify(object));
}
process.stdout.write(out.join('---\n'));
