// Validates the node's Kubernetes manifests offline, without a cluster:
//   1. renders each kustomization with `kubectl kustomize` (or reads a rendered YAML stream: --yaml FILE);
//   2. checks every object against its schema: built-in kinds with kubernetes-models' validators (the Kubernetes
//      OpenAPI schemas compiled to ajv), custom resources (RabbitmqCluster, CloudNativePG Cluster/ScheduledBackup/
//      Database) with ajv against the CRD schemas vendored in ../schemas (see ../schemas/SOURCES.md);
//   3. rejects unknown fields everywhere (like `kubectl apply --validate=strict`): for built-in kinds from the field
//      lists of kubernetes-models' type declarations, for custom resources by closing the CRD schemas;
//   4. checks the project's rules (probes, resources, security context, a PDB and an HPA per Deployment, network
//      policies, the RabbitMQ definitions and PostgreSQL roles agree with deploy/compose).
// Prints one line per problem, naming the object (Kind/name), where it came from and the field, and exits 1 on any.
//
// Usage: node validate.mjs                     the kustomizations base, infrastructure, overlays/podman
//        node validate.mjs DIR...              those kustomization directories
//        node validate.mjs --yaml FILE...      already rendered manifests
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const kubernetesDir = resolve(here, '..');
const repoRoot = resolve(kubernetesDir, '../..');
const problems = [];
let checked = 0;

// ------------------------------------------------------------------------------------------------ inputs
const args = process.argv.slice(2);
const sources = []; // { label, text }
if (args[0] === '--yaml') {
  for (const file of args.slice(1)) sources.push({ label: file, text: readFileSync(file, 'utf8') });
} else {
  const dirs = args.length > 0 ? args : ['base', 'infrastructure', 'overlays/podman'].map(d => join(kubernetesDir, d));
  for (const dir of dirs) {
    const label = relative(kubernetesDir, resolve(dir)) || dir;
    let text;
    try {
      text = execFileSync('kubectl', ['kustomize', resolve(dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      if (e.code === 'ENOENT') { console.error('FAIL kubectl is not installed: `kubectl kustomize` renders the manifests (apt-get install kubectl)'); process.exit(2); }
      problems.push(`FAIL ${label}: kubectl kustomize failed: ${(e.stderr || e.message).toString().trim()}`);
      continue;
    }
    sources.push({ label, text });
  }
}

// ------------------------------------------------------------------------------ built-in kinds (kubernetes-models)
const modelsDir = dirname(fileURLToPath(import.meta.resolve('kubernetes-models/package.json')));
const apimachineryDir = resolve(modelsDir, '../@kubernetes-models/apimachinery');

// Field lists of every Kubernetes type, from the type declarations kubernetes-models generated from the OpenAPI spec:
// interface name -> { field -> the referenced type (or null: a leaf, a map or a union) }, plus the canonical aliases.
const interfaces = new Map();
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { if (name !== 'node_modules') walk(path); }
    else if (name.endsWith('.d.ts')) readDeclarations(path);
  }
}
function readDeclarations(file) {
  const text = readFileSync(file, 'utf8');
  const local = new Map();
  for (const m of text.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
    const fields = new Map();
    for (const f of m[2].matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)) {
      const type = f[2].trim();
      const ref = type.match(/^(?:Array<)?(IIoK8s\w+)>?$/);
      fields.set(f[1], ref ? { ref: ref[1], array: type.startsWith('Array<') } : null);
    }
    if (/extends [^{]*TypeMeta/.test(m[0])) { if (!fields.has('apiVersion')) fields.set('apiVersion', null); if (!fields.has('kind')) fields.set('kind', null); }
    local.set(m[1], fields);
  }
  for (const m of text.matchAll(/^export type \{([^}]+)\}/gm))
    for (const pair of m[1].split(',')) {
      const [name, alias] = pair.split(' as ').map(s => s.trim());
      if (local.has(name) && alias) interfaces.set(alias, local.get(name));
    }
  const rel = relative(modelsDir, file);
  for (const [name, fields] of local) interfaces.set(`${rel}#${name}`, fields);
}
walk(modelsDir);
walk(apimachineryDir);

function unknownFields(value, fields, path, report) {
  if (!fields || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) { report(`${path}/${key}: unknown field "${key}"`); continue; }
    const type = fields.get(key);
    if (!type) continue;
    const childFields = interfaces.get(type.ref);
    if (type.array && Array.isArray(child)) child.forEach((item, i) => unknownFields(item, childFields, `${path}/${key}/${i}`, report));
    else unknownFields(child, childFields, `${path}/${key}`, report);
  }
}

async function builtIn(object) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [null, object.apiVersion];
  const rel = join(group ?? '', version, `${object.kind}.js`);
  if (!existsSync(join(modelsDir, rel))) return null;
  const module = await import(pathToFileURL(join(modelsDir, rel)).href);
  const fields = interfaces.get(`${rel.replace(/\.js$/, '.d.ts')}#I${object.kind}`);
  return { Model: module[object.kind], fields };
}

// ------------------------------------------------------------------------------- custom resources (vendored CRDs)
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
ajv.addFormat('int-or-string', true);
ajv.addFormat('quantity', true);
// Structural CRD schemas prune unknown fields silently; close them so a misspelt field is an error here.
function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, closed(s)])) : closed(v);
  }
  if (schema['x-kubernetes-int-or-string']) { delete out.type; out.anyOf = [{ type: 'integer' }, { type: 'string' }]; }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}
const crds = new Map();
for (const name of readdirSync(join(kubernetesDir, 'schemas')).filter(n => n.endsWith('.json'))) {
  const [group, kind, version] = name.replace(/\.json$/, '').split('_');
  const schema = closed(JSON.parse(readFileSync(join(kubernetesDir, 'schemas', name), 'utf8')));
  // metadata is the API server's ObjectMeta (checked below as for every object), not part of the CRD schema.
  if (schema.properties) schema.properties.metadata = { type: 'object' };
  crds.set(`${group}/${version}|${kind}`, ajv.compile(schema));
}

// ------------------------------------------------------------------------------------------------- validation
const objects = [];
for (const { label, text } of sources) {
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) { problems.push(`FAIL ${label}: YAML: ${doc.errors.map(e => e.message).join('; ')}`); continue; }
    const object = doc.toJS();
    if (!object) continue;
    objects.push({ label, object });
  }
}

for (const { label, object } of objects) {
  const id = `${object.kind ?? '?'}/${object.metadata?.name ?? '?'} (${label})`;
  const fail = message => problems.push(`FAIL ${id}: ${message}`);
  if (!object.apiVersion || !object.kind) { fail('no apiVersion or kind'); continue; }
  checked++;
  const validateCrd = crds.get(`${object.apiVersion}|${object.kind}`.toLowerCase());
  if (validateCrd) {
    if (!validateCrd(object)) for (const e of validateCrd.errors) fail(`${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` "${e.params.additionalProperty}"` : ''}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
    unknownFields(object.metadata, interfaces.get('IIoK8sApimachineryPkgApisMetaV1ObjectMeta'), '/metadata', fail);
    continue;
  }
  const model = await builtIn(object);
  if (!model) { fail(`no schema for ${object.apiVersion} ${object.kind} (neither a Kubernetes kind known to kubernetes-models nor a CRD in ../schemas)`); continue; }
  try { new model.Model(object).validate(); }
  catch (e) { for (const err of e.errors ?? [{ instancePath: '', message: e.message }]) fail(`${err.instancePath.replace(/^data/, '') || '/'} ${err.message}${err.params?.allowedValues ? ` (${err.params.allowedValues.join(', ')})` : ''}`); }
  unknownFields(object, model.fields, '', fail);
}

// --------------------------------------------------------------------------------------------- project rules
const byKind = kind => objects.filter(o => o.object.kind === kind);
const matches = (selector, labels) => Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v) && Object.keys(selector?.matchLabels ?? {}).length > 0;

function checkContainer(fail, pod, container, where) {
  const sc = container.securityContext ?? {};
  const podSc = pod.securityContext ?? {};
  if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) fail(`${where}: runAsNonRoot must be true`);
  if ((sc.runAsUser ?? podSc.runAsUser) !== 1654) fail(`${where}: runAsUser must be 1654 (the image's user "app")`);
  if (sc.allowPrivilegeEscalation !== false) fail(`${where}: allowPrivilegeEscalation must be false`);
  if (sc.readOnlyRootFilesystem !== true) fail(`${where}: readOnlyRootFilesystem must be true`);
  if (!(sc.capabilities?.drop ?? []).includes('ALL')) fail(`${where}: capabilities.drop must include ALL`);
  if ((sc.seccompProfile ?? podSc.seccompProfile)?.type !== 'RuntimeDefault') fail(`${where}: seccompProfile must be RuntimeDefault`);
  const mounts = container.volumeMounts ?? [];
  const tmp = mounts.find(m => m.mountPath === '/tmp');
  if (!tmp || !(pod.volumes ?? []).some(v => v.name === tmp.name && v.emptyDir)) fail(`${where}: /tmp must be an emptyDir (the root filesystem is read-only)`);
  const secrets = mounts.find(m => m.mountPath === '/run/secrets');
  if (secrets && secrets.readOnly !== true) fail(`${where}: /run/secrets must be mounted read-only`);
  if ((container.env ?? []).some(e => e.valueFrom?.secretKeyRef)) fail(`${where}: secrets come as files under /run/secrets, not environment variables`);
  const requests = container.resources?.requests ?? {};
  if (!requests.cpu || !requests.memory) fail(`${where}: resources.requests.cpu and .memory are required`);
  if (!container.resources?.limits?.memory) fail(`${where}: resources.limits.memory is required`);
}

const sourcesWithDeployments = new Set(byKind('Deployment').map(o => o.label));
for (const { label, object } of byKind('Deployment')) {
  const fail = message => problems.push(`FAIL Deployment/${object.metadata.name} (${label}): ${message}`);
  const pod = object.spec?.template?.spec ?? {};
  const podLabels = object.spec?.template?.metadata?.labels ?? {};
  for (const c of pod.containers ?? []) {
    const where = `container ${c.name}`;
    const probe = (name, path) => {
      const p = c[name];
      if (!p) fail(`${where}: no ${name}`);
      else if (p.httpGet?.path !== path) fail(`${where}: ${name} must be an httpGet on ${path} (it is ${JSON.stringify(p.httpGet?.path ?? Object.keys(p))})`);
    };
    probe('startupProbe', '/health/live');
    probe('livenessProbe', '/health/live');
    probe('readinessProbe', '/health/ready');
    checkContainer(fail, pod, c, where);
  }
  const same = o => o.label === label;
  if (!byKind('PodDisruptionBudget').filter(same).some(p => matches(p.object.spec?.selector, podLabels))) fail('no PodDisruptionBudget selects its pods');
  if (!byKind('HorizontalPodAutoscaler').filter(same).some(h => h.object.spec?.scaleTargetRef?.kind === 'Deployment' && h.object.spec.scaleTargetRef.name === object.metadata.name))
    fail('no HorizontalPodAutoscaler scales it');
  if (!byKind('NetworkPolicy').filter(same).some(n => matches(n.object.spec?.podSelector, podLabels))) fail('no NetworkPolicy (besides the default deny) selects its pods');
}
for (const { label, object } of byKind('Job')) {
  const fail = message => problems.push(`FAIL Job/${object.metadata.name} (${label}): ${message}`);
  const pod = object.spec?.template?.spec ?? {};
  for (const c of pod.containers ?? []) checkContainer(fail, pod, c, `container ${c.name}`);
}
for (const label of sourcesWithDeployments) {
  const denyAll = byKind('NetworkPolicy').some(n => n.label === label && Object.keys(n.object.spec?.podSelector ?? { x: 1 }).length === 0
    && ['Ingress', 'Egress'].every(t => (n.object.spec.policyTypes ?? []).includes(t)) && !n.object.spec.ingress && !n.object.spec.egress);
  if (!denyAll) problems.push(`FAIL ${label}: no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`);
}

// The broker's users and permissions and the database's roles are defined once, for compose and infra.sh
// (deploy/compose); the Kubernetes copies must say the same (passwords aside).
const composeDefinitions = JSON.parse(readFileSync(join(repoRoot, 'deploy/compose/rabbitmq/definitions.json'), 'utf8'));
const shape = d => JSON.stringify({
  vhosts: d.vhosts.map(v => v.name).sort(),
  users: d.users.map(u => `${u.name}|${u.tags}`).sort(),
  permissions: [...d.permissions].sort((a, b) => a.user.localeCompare(b.user)),
});
for (const { label, object } of byKind('Secret').filter(s => s.object.metadata.name === 'trm-rabbitmq-definitions')) {
  const fail = message => problems.push(`FAIL Secret/trm-rabbitmq-definitions (${label}): ${message}`);
  let definitions;
  try { definitions = JSON.parse(object.stringData?.['definitions.json'] ?? Buffer.from(object.data?.['definitions.json'] ?? '', 'base64').toString()); }
  catch (e) { fail(`definitions.json is not JSON: ${e.message}`); continue; }
  if (shape(definitions) !== shape(composeDefinitions)) fail('vhosts, users or permissions differ from deploy/compose/rabbitmq/definitions.json');
  if (!definitions.vhosts.every(v => v.default_queue_type === 'quorum')) fail('every vhost must have default_queue_type quorum');
}
const composeRoles = [...readFileSync(join(repoRoot, 'deploy/compose/postgres-init/01-service-databases.sql'), 'utf8').matchAll(/\(\d+, '(trm_\w+)'/g)].map(m => m[1]).sort();
for (const { label, object } of objects.filter(o => o.object.kind === 'Cluster' && o.object.apiVersion === 'postgresql.cnpg.io/v1')) {
  const fail = message => problems.push(`FAIL Cluster/${object.metadata.name} (${label}): ${message}`);
  if ((object.spec?.instances ?? 0) < 3) fail('instances must be at least 3');
  if (!object.spec?.backup?.barmanObjectStore && !(object.spec?.plugins ?? []).length) fail('no backup configured');
  const roles = (object.spec?.managed?.roles ?? []).map(r => r.name).sort();
  if (JSON.stringify(roles) !== JSON.stringify(composeRoles)) fail(`managed roles ${roles.join(', ')} differ from deploy/compose/postgres-init (${composeRoles.join(', ')})`);
  const sql = (object.spec?.bootstrap?.initdb?.postInitSQL ?? []).join('\n');
  for (const role of composeRoles) if (!sql.includes(`CREATE DATABASE ${role} OWNER ${role}`)) fail(`bootstrap does not create the database ${role}`);
}
for (const { label, object } of byKind('RabbitmqCluster'))
  if ((object.spec?.replicas ?? 1) < 3 || object.spec.replicas % 2 === 0) problems.push(`FAIL RabbitmqCluster/${object.metadata.name} (${label}): replicas must be odd and at least 3 (quorum queues)`);

for (const p of problems) console.log(p);
console.log(`${checked} objects from ${sources.map(s => s.label).join(', ')}: ${problems.length === 0 ? 'valid' : `${problems.length} problem(s)`}`);
process.exit(problems.length === 0 ? 0 : 1);
