/**
 * Import throughput of the kubernetes source on a synthetic `kubectl get -A -o json` List (not a
 * test: timings belong in benchmarks). Run: node --import tsx test/sources/bench-kubernetes.ts [objects]
 * (default 1,000,000), or `… measure <list.json>` for a dump you already have. The List is written
 * as a stream (compact JSON; kubectl indents, which only adds whitespace) and read in a fresh
 * process, so the peak RSS reported is the import's own.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readKubernetes } from '../../src/sources/kubernetes/index.ts';

function metadata(i: number, name: string, namespace: string, labels: Record<string, string>) {
  return {
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"v1","metadata":{"name":"${name}"}}\n` },
    creationTimestamp: '2024-02-20T11:32:07Z',
    labels,
    managedFields: [{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': {} } }, manager: 'kubectl', operation: 'Update', time: '2024-02-20T11:32:07Z' }],
    name,
    namespace,
    resourceVersion: String(100000 + i),
    uid: `3f1c2a9e-8d7b-4c6a-9e5f-${i.toString(16).padStart(12, '0')}`,
  };
}

const CONTAINER = {
  name: 'app',
  image: 'ghcr.io/acme/app:1.0.0',
  ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
  resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
};

/** A mix like a real cluster's: mostly pods, then config, services and workloads. */
export function syntheticObject(i: number): Record<string, unknown> {
  const namespace = `team-${i % 50}`;
  const app = `app-${Math.floor(i / 10)}`;
  const labels = { app, team: namespace };
  switch (i % 10) {
    case 0:
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: metadata(i, app, namespace, labels),
        spec: { replicas: 3, selector: { matchLabels: { app } }, template: { metadata: { labels }, spec: { containers: [CONTAINER], serviceAccountName: app } } },
        status: { availableReplicas: 3, readyReplicas: 3, replicas: 3 },
      };
    case 1:
      return { apiVersion: 'v1', kind: 'Service', metadata: metadata(i, app, namespace, labels), spec: { ports: [{ port: 80, targetPort: 'http' }], selector: { app }, type: 'ClusterIP' }, status: { loadBalancer: {} } };
    case 2:
      return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(i, `${app}-config`, namespace, labels), data: { LOG_LEVEL: 'info', FEATURES: 'a,b,c' } };
    case 3:
      return { apiVersion: 'v1', kind: 'Secret', metadata: metadata(i, `${app}-secret`, namespace, labels), data: { password: 'aHVudGVyMg==' }, type: 'Opaque' };
    default:
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...metadata(i, `${app}-7d9c6b5f4d-${i}`, namespace, labels), ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-7d9c6b5f4d`, controller: true }] },
        spec: { containers: [CONTAINER], nodeName: `node-${i % 200}`, restartPolicy: 'Always', serviceAccountName: app },
        status: { phase: 'Running', podIP: '10.0.3.41', hostIP: '10.0.3.17', qosClass: 'Burstable' },
      };
  }
}

async function generate(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('{"apiVersion":"v1","items":[');
  const step = 1_000;
  for (let start = 0; start < count; start += step) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(count, start + step); i++) parts.push(JSON.stringify(syntheticObject(i)));
    if (!out.write((start === 0 ? '' : ',') + parts.join(','))) await once(out, 'drain');
  }
  out.end('],"kind":"List","metadata":{"resourceVersion":""}}');
  await once(out, 'finish');
}

async function measure(file: string): Promise<void> {
  const size = (await stat(file)).size;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let documents = 0;
  let resources = 0;
  for await (const document of readKubernetes(file, { cwd: dirname(file) })) {
    documents++;
    resources += document.resources.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  // CPU time too: on a shared machine wall time measures the neighbours as much as the import.
  console.log(
    `kubernetes: ${(size / 1e6).toFixed(0)} MB List → ${resources.toLocaleString('en')} resources in ${documents} documents ` +
      `in ${seconds.toFixed(1)} s wall = ${Math.round(resources / seconds).toLocaleString('en')} resources/s ` +
      `(${cpuSeconds.toFixed(1)} s CPU = ${Math.round(resources / cpuSeconds).toLocaleString('en')} resources/CPU-s); peak RSS ${maxRssMb.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'measure') return measure(arg);
  const count = Number(mode ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-kubernetes-'));
  const file = join(dir, 'bench-cluster.json');
  try {
    const started = performance.now();
    await generate(file, count);
    console.log(`generated ${count.toLocaleString('en')} objects in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'measure', file], { stdio: 'inherit' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
