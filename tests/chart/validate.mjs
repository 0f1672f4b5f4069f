// Validates rendered Helm output: every object against the Kubernetes schemas (npm kubernetes-models; CRDs such as
// ServiceMonitor are checked structurally), and a policy over every workload (restricted pod security, no token,
// probes and metrics on the management port, the Ingress never routing to it, spread and replicas).
// Usage: node validate.mjs rendered.yaml [...]   Prints one line per check; exit 1 on any failure.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

let passed = 0;
let failed = 0;
const ok = (name) => { passed++; console.log(`ok    ${name}`); };
const fail = (name, why) => { failed++; console.log(`FAIL  ${name}: ${why}`); };
const check = (name, cond, why) => (cond ? ok(name) : fail(name, why));

async function schemaValidate(obj, where) {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const dir = group === "" ? version : `${group}/${version}`;
  if (obj.apiVersion === 'monitoring.coreos.com/v1') {
    const e = obj.spec?.endpoints ?? [];
    check(`${where} schema (CRD, structural)`, obj.spec?.selector?.matchLabels && e.length > 0 && e.every((x) => x.port && x.path), 'selector and endpoints with port and path');
    return;
  }
  let Kind;
  try {
    Kind = (await import(`kubernetes-models/${dir}/${obj.kind}`))[obj.kind];
  } catch {
    fail(`${where} schema`, `no model for ${obj.apiVersion} ${obj.kind}`);
    return;
  }
  try {
    new Kind(obj).validate();
    ok(`${where} schema`);
  } catch (e) {
    fail(`${where} schema`, (e.message ?? String(e)).split('\n').slice(0, 4).join(' | '));
  }
}

function podPolicy(obj, where, pod) {
  const spec = pod.spec;
  const psc = spec.securityContext ?? {};
  check(`${where} runAsNonRoot (pod)`, psc.runAsNonRoot === true, 'pod securityContext.runAsNonRoot must be true');
  check(`${where} seccomp RuntimeDefault (pod)`, psc.seccompProfile?.type === 'RuntimeDefault', 'pod seccompProfile RuntimeDefault');
  check(`${where} no service-account token`, spec.automountServiceAccountToken === false, 'automountServiceAccountToken: false');
  check(`${where} no host namespaces`, !spec.hostNetwork && !spec.hostPID && !spec.hostIPC, 'hostNetwork/hostPID/hostIPC');
  check(`${where} no hostPath volumes`, (spec.volumes ?? []).every((v) => !v.hostPath), 'hostPath volume');
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    const w = `${where}/${c.name}`;
    check(`${w} readOnlyRootFilesystem`, sc.readOnlyRootFilesystem === true, 'readOnlyRootFilesystem: true');
    check(`${w} no privilege escalation`, sc.allowPrivilegeEscalation === false, 'allowPrivilegeEscalation: false');
    check(`${w} drops ALL capabilities`, (sc.capabilities?.drop ?? []).includes('ALL') && !(sc.capabilities?.add ?? []).length, 'capabilities.drop [ALL], nothing added');
    check(`${w} not privileged`, sc.privileged !== true, 'privileged');
    check(`${w} runAsNonRoot`, sc.runAsNonRoot === true || psc.runAsNonRoot === true, 'runAsNonRoot');
    check(`${w} writable only /tmp and mounts`, (c.volumeMounts ?? []).filter((m) => !m.readOnly).every((m) => m.mountPath === '/tmp'), 'only /tmp may be writable');
    check(`${w} memory limit`, !!c.resources?.limits?.memory, 'resources.limits.memory');
  }
}

const files = process.argv.slice(2);
for (const file of files) {
  const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o && o.kind);
  check(`${file} has objects`, objects.length > 0, 'nothing rendered');
  const byKind = (k) => objects.filter((o) => o.kind === k);
  for (const obj of objects) {
    const where = `${file}: ${obj.kind}/${obj.metadata?.name}`;
    await schemaValidate(obj, where);
    if (obj.kind === 'Deployment' || obj.kind === 'Job') {
      podPolicy(obj, where, obj.spec.template);
    }
  }

  const hpa = byKind('HorizontalPodAutoscaler')[0];
  for (const d of byKind('Deployment').filter((x) => x.metadata.labels['app.kubernetes.io/component'] === 'broker')) {
    const where = `${file}: Deployment/${d.metadata.name}`;
    const spec = d.spec.template.spec;
    const broker = spec.containers.find((c) => c.name === 'broker');
    const mgmt = broker.ports.find((p) => p.name === 'management');
    check(`${where} >= 2 replicas`, (hpa ? hpa.spec.minReplicas : d.spec.replicas) >= 2, 'replicas (or HPA minReplicas) >= 2');
    check(`${where} topologySpreadConstraints`, (spec.topologySpreadConstraints ?? []).length > 0, 'topologySpreadConstraints');
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      check(`${where} ${probe} on the management port`, broker[probe]?.httpGet?.port === 'management' && broker[probe].httpGet.path.startsWith('/health/'), `${probe} must use /health/* on port management`);
    }
    const env = Object.fromEntries(broker.env.map((e) => [e.name, e.value]));
    check(`${where} management port wired`, String(mgmt.containerPort) === env.IdentityBroker__ManagementPort, 'IdentityBroker__ManagementPort = management containerPort');
    check(`${where} does not migrate`, env.IdentityBroker__MigrateOnStart === 'false', 'IdentityBroker__MigrateOnStart false (the hook Job migrates)');
    check(`${where} region in telemetry resource`, /identity_broker\.region=\d{2}/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? ''), 'OTEL_RESOURCE_ATTRIBUTES carries the region');
    check(`${where} no secrets in env`, broker.env.every((e) => !/Pepper|EncryptionKey|ConnectionStrings/i.test(e.name)), 'secrets are files, never env');
  }
  for (const ing of byKind('Ingress')) {
    const backends = ing.spec.rules.flatMap((r) => r.http.paths.map((p) => p.backend.service));
    const services = byKind('Service');
    check(`${file}: Ingress/${ing.metadata.name} never routes the management port`,
      backends.every((b) => { const s = services.find((x) => x.metadata.name === b.name); return s && s.spec.ports.every((p) => p.name !== 'management'); }),
      'an Ingress backend is a Service exposing the management port');
    check(`${file}: Ingress/${ing.metadata.name} TLS`, (ing.spec.tls ?? []).length > 0, 'tls');
    const d = byKind('Deployment').find((x) => x.metadata.labels['app.kubernetes.io/component'] === 'broker');
    const env = d.spec.template.spec.containers[0].env.map((e) => e.name);
    check(`${file}: Ingress/${ing.metadata.name} TrustedProxies wired`, env.some((n) => n.startsWith('IdentityBroker__TrustedProxies__')), 'IdentityBroker__TrustedProxies__N on the broker');
  }
  for (const job of byKind('Job')) {
    const hook = job.metadata.annotations?.['helm.sh/hook'] ?? '';
    check(`${file}: Job/${job.metadata.name} pre-install,pre-upgrade hook running migrate`,
      hook.includes('pre-install') && hook.includes('pre-upgrade') && job.spec.template.spec.containers[0].args?.[0] === 'migrate', 'hook annotations and args [migrate]');
  }
}
console.log(`chart policy: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
