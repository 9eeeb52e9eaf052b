/**
 * The kubernetes source against `kubectl get -A -o json` output and a multi-document manifest in
 * the shapes kubectl and people write them (test/fixtures/sources/kubernetes), broken inputs, and
 * a generated large List.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import { BATCH_LIMIT, kubernetesSource } from '../../src/sources/kubernetes/index.ts';
import { SECRET_MARKER, type Resource, type SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';

const fixtures = fileURLToPath(new URL('../fixtures/sources/kubernetes', import.meta.url));
const dumpFile = join(fixtures, 'prod-cluster.json');
const manifestFile = join(fixtures, 'shop-manifests.yaml');
const context: SourceContext = { cwd: fixtures };
const SECRET_VALUES = ['aHVudGVyMi1wcm9kLWZpeHR1cmU=', 'c2hvcA==', 'correct-horse-battery-staple-fixture'];

async function read(target: string, ctx: SourceContext = context): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of kubernetesSource.read(target, ctx)) documents.push(document);
  return documents;
}

async function readError(target: string, ctx: SourceContext = context): Promise<SweepError> {
  try {
    await read(target, ctx);
  } catch (error) {
    if (isSweepError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${target} to fail`);
}

function byKey(resources: Resource[], key: string): Resource {
  const found = resources.find((resource) => resource.key === key);
  if (!found) throw new Error(`no resource ${key} in ${resources.map((r) => r.key).join(', ')}`);
  return found;
}

describe('kubernetes: kubectl get -A -o json', () => {
  let documents: SourceDocument[];
  let resources: Resource[];
  const key = (rest: string) => `kubernetes:prod-cluster:${rest}`;

  beforeAll(async () => {
    documents = await read('prod-cluster.json');
    resources = documents.flatMap((document) => document.resources);
  });

  it('names the cluster after the file and scopes the document to it', () => {
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ origin: dumpFile, scope: 'kubernetes:prod-cluster' });
    expect(resources).toHaveLength(19);
    for (const resource of resources) {
      expect(resource).toMatchObject({ provider: 'kubernetes', account: 'prod-cluster', source: 'kubernetes', role: 'custom' });
    }
  });

  it('maps every kind to its @pulumi/kubernetes token, keyed by group, kind, namespace and name', () => {
    const types = Object.fromEntries(resources.map((resource) => [resource.key, resource.type]));
    expect(types).toMatchObject({
      [key('core/Namespace//shop')]: 'kubernetes:core/v1:Namespace',
      [key('core/ConfigMap/shop/shop-config')]: 'kubernetes:core/v1:ConfigMap',
      [key('core/Secret/shop/shop-db')]: 'kubernetes:core/v1:Secret',
      [key('core/ServiceAccount/shop/shop-api')]: 'kubernetes:core/v1:ServiceAccount',
      [key('core/Service/shop/shop-api')]: 'kubernetes:core/v1:Service',
      [key('core/Pod/shop/shop-api-7d9c6b5f4d-x2k8q')]: 'kubernetes:core/v1:Pod',
      [key('apps/Deployment/shop/shop-api')]: 'kubernetes:apps/v1:Deployment',
      [key('apps/ReplicaSet/shop/shop-api-7d9c6b5f4d')]: 'kubernetes:apps/v1:ReplicaSet',
      [key('apps/StatefulSet/shop/redis')]: 'kubernetes:apps/v1:StatefulSet',
      [key('apps/DaemonSet/monitoring/node-exporter')]: 'kubernetes:apps/v1:DaemonSet',
      [key('batch/Job/shop/db-migrate-1708428600')]: 'kubernetes:batch/v1:Job',
      [key('batch/CronJob/shop/db-migrate')]: 'kubernetes:batch/v1:CronJob',
      [key('networking.k8s.io/Ingress/shop/shop')]: 'kubernetes:networking.k8s.io/v1:Ingress',
      [key('networking.k8s.io/NetworkPolicy/shop/default-deny')]: 'kubernetes:networking.k8s.io/v1:NetworkPolicy',
      [key('rbac.authorization.k8s.io/Role/shop/shop-config-reader')]: 'kubernetes:rbac.authorization.k8s.io/v1:Role',
      [key('rbac.authorization.k8s.io/RoleBinding/shop/shop-config-reader')]: 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding',
      [key('rbac.authorization.k8s.io/ClusterRole//ci-deployer')]: 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole',
      [key('rbac.authorization.k8s.io/ClusterRoleBinding//ci-deployer')]: 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding',
    });
    expect(byKey(resources, key('apps/Deployment/shop/shop-api'))).toMatchObject({ nativeType: 'Deployment', nativeId: 'shop/shop-api', name: 'shop-api' });
    expect(byKey(resources, key('core/Namespace//shop')).nativeId).toBe('shop');
  });

  it('keeps input-shaped props: no status, no server-written metadata, no last-applied copy', () => {
    const deployment = byKey(resources, key('apps/Deployment/shop/shop-api'));
    expect(Object.keys(deployment.props)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(deployment.props.metadata).toEqual({ labels: { app: 'shop-api', team: 'checkout' }, name: 'shop-api', namespace: 'shop' });
    expect(deployment.props.spec).toMatchObject({ replicas: 3, template: { spec: { serviceAccountName: 'shop-api' } } });
    expect(deployment.tags).toEqual({ app: 'shop-api', team: 'checkout' });
    // Annotations a person wrote stay.
    expect(byKey(resources, key('core/ServiceAccount/shop/shop-api')).props.metadata).toMatchObject({
      annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/shop-api' },
    });
  });

  it('keeps a Secret’s keys but never its values, here or in the dropped last-applied annotation', () => {
    const secret = byKey(resources, key('core/Secret/shop/shop-db'));
    expect(secret.props).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'shop-db', namespace: 'shop' },
      data: { password: SECRET_MARKER, username: SECRET_MARKER },
      type: 'Opaque',
    });
    const everything = JSON.stringify(documents);
    for (const value of SECRET_VALUES) expect(everything).not.toContain(value);
  });

  it('keeps custom resources as unknown types with their own group and version', () => {
    const monitor = byKey(resources, key('monitoring.coreos.com/ServiceMonitor/monitoring/shop-api'));
    expect(monitor).toMatchObject({ type: 'kubernetes:monitoring.coreos.com/v1:ServiceMonitor', unknownType: true, tags: { release: 'kube-prometheus-stack' } });
    expect(resources.filter((resource) => resource.unknownType)).toHaveLength(1);
  });

  it('marks objects the Pulumi provider created as Pulumi-managed, the rest as unmanaged', () => {
    expect(byKey(resources, key('rbac.authorization.k8s.io/ClusterRole//ci-deployer')).iac).toEqual({ kind: 'pulumi' });
    expect(byKey(resources, key('apps/Deployment/shop/shop-api')).iac).toEqual({ kind: 'none' });
  });
});

describe('kubernetes: multi-document YAML manifests', () => {
  let resources: Resource[];
  const key = (rest: string) => `kubernetes:shop-manifests:${rest}`;

  beforeAll(async () => {
    resources = (await read('shop-manifests.yaml')).flatMap((document) => document.resources);
  });

  it('reads every document, expands List items and skips empty documents', () => {
    expect(resources.map((resource) => resource.key)).toEqual([
      key('core/Namespace//shop'),
      key('apps/Deployment/default/shop-web'),
      key('core/Secret/shop/shop-web-session'),
      key('core/Service/shop/shop-web'),
      key('networking.k8s.io/NetworkPolicy/shop/shop-web-ingress'),
      key('cert-manager.io/Certificate/shop/shop-tls'),
    ]);
  });

  it('points each object at its file and the line it starts on', () => {
    const lines = resources.map((resource) => resource.iac);
    for (const iac of lines) expect(iac).toMatchObject({ kind: 'none', path: 'shop-manifests.yaml' });
    expect(lines.map((iac) => iac.line)).toEqual([2, 9, 33, 46, 57, 69]);
  });

  it('resolves anchors and redacts stringData', () => {
    const deployment = byKey(resources, key('apps/Deployment/default/shop-web'));
    expect(deployment.props.spec).toMatchObject({ selector: { matchLabels: { app: 'shop-web', team: 'checkout' } } });
    expect(byKey(resources, key('core/Secret/shop/shop-web-session')).props.stringData).toEqual({ SESSION_KEY: SECRET_MARKER });
  });
});

describe('kubernetes: targets', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sweep-kubernetes-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a folder as one cluster per file, or one named cluster with a <cluster>= prefix', async () => {
    expect((await read('.')).map((document) => document.scope)).toEqual(['kubernetes:prod-cluster', 'kubernetes:shop-manifests']);
    const named = await read('prod=.');
    expect(named.map((document) => document.scope)).toEqual(['kubernetes:prod', 'kubernetes:prod']);
    // The manifest's Namespace repeats the dump's: one resource per key in a cluster.
    const keys = named.flatMap((document) => document.resources.map((resource) => resource.key));
    expect(keys.filter((k) => k === 'kubernetes:prod:core/Namespace//shop')).toHaveLength(1);
  });

  it('tells JSON from YAML on stdin', async () => {
    const json = await readFile(dumpFile, 'utf8');
    const fromJson = await read('prod-cluster=-', { cwd: fixtures, stdin: Readable.from([Buffer.from(json)]) });
    expect(fromJson.flatMap((d) => d.resources)).toEqual((await read('prod-cluster.json')).flatMap((d) => d.resources));
    const yaml = await readFile(manifestFile, 'utf8');
    const fromYaml = await read('-', { cwd: fixtures, stdin: Readable.from(['\n', yaml]) });
    expect(fromYaml.map((document) => document.scope)).toEqual(['kubernetes:stdin']);
    expect(fromYaml[0].resources).toHaveLength(6);
    // Without a file there is no declaration to point at.
    expect(fromYaml[0].resources[0].iac).toEqual({ kind: 'none' });
  });

  it('reads a single object and a typed API list whose items carry no kind', async () => {
    const single = join(scratch, 'single.json');
    await writeFile(single, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'x' }, data: { a: '1' } }));
    expect((await read(single)).flatMap((d) => d.resources.map((r) => r.key))).toEqual(['kubernetes:single:core/ConfigMap/x/one']);
    const typed = join(scratch, 'raw.json');
    await writeFile(
      typed,
      JSON.stringify({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: {}, items: [{ metadata: { name: 'web', namespace: 'x' }, spec: {} }] }),
    );
    expect((await read(typed)).flatMap((d) => d.resources.map((r) => r.type))).toEqual(['kubernetes:apps/v1:Deployment']);
  });

  it('splits a large List into consecutive batches of one scope', async () => {
    const items = Array.from({ length: 12_000 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: `ns-${i % 20}`, uid: `uid-${i}`, resourceVersion: String(i) },
      data: { index: String(i) },
    }));
    const file = join(scratch, 'big.json');
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }));
    const documents = await read(file);
    expect(documents.length).toBeGreaterThanOrEqual(3);
    expect(new Set(documents.map((document) => document.scope))).toEqual(new Set(['kubernetes:big']));
    for (const document of documents) expect(document.resources.length).toBeLessThanOrEqual(BATCH_LIMIT);
    expect(documents.reduce((sum, document) => sum + document.resources.length, 0)).toBe(12_000);
  });
});

describe('kubernetes: bad input', () => {
  it('names a missing file', async () => {
    const error = await readError('missing.yaml');
    expect(error.code).toBe('source-not-found');
    expect(error.message).toContain(join(fixtures, 'missing.yaml'));
  });

  it('names the file, the document and the line of broken YAML', async () => {
    const error = await readError('broken/bad-indent.yaml');
    expect(error.code).toBe('source-invalid-yaml');
    expect(error.message).toMatch(
      new RegExp(`^invalid YAML in ${join(fixtures, 'broken/bad-indent.yaml')}, document #2 \\(starting at line 8\\): .+ at line 13, column \\d+$`),
    );
  });

  it('rejects YAML that is not a Kubernetes object, naming where it is', async () => {
    const error = await readError('broken/no-kind.yaml');
    expect(error.code).toBe('source-invalid-resource');
    expect(error.message).toContain('no-kind.yaml: object in document #1 (line 2) is not a Kubernetes object');
  });

  it('refuses a document whose anchors expand without bound', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-kubernetes-bomb-'));
    try {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 8; i++) levels.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(9).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
      const file = join(dir, 'bomb.yaml');
      await writeFile(file, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${levels.join('\n  ')}\n`);
      const error = await readError(file);
      expect(error.code).toBe('source-invalid-yaml');
      expect(error.message).toContain(`invalid YAML in ${file}, document #1 (starting at line 1)`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('points at broken and truncated JSON', async () => {
    const comma = await readError('broken/missing-comma.json');
    expect(comma.message).toBe(`invalid JSON in ${join(fixtures, 'broken/missing-comma.json')} at line 11, column 21: expected ','`);
    const truncated = await readError('broken/truncated.json');
    expect(truncated.message).toMatch(/truncated\.json at line \d+, column \d+: the text ends before the JSON does/);
    expect(truncated.hint).toContain('kubectl get');
  });
});
