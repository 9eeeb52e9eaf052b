import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import { pulumiStateSource, redactSecrets } from '../../src/sources/pulumi-state/index.ts';
import { parseSourcePosition } from '../../src/sources/pulumi-state/locate.ts';
import { parseUrn } from '../../src/sources/pulumi-state/urn.ts';
import { SECRET_MARKER, type Resource, type SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';

const exportsDir = fileURLToPath(new URL('../fixtures/sources/pulumi-state/exports', import.meta.url));
const paymentsFile = join(exportsDir, 'payments-prod.json');
const webFile = join(exportsDir, 'web-staging.json');
const context: SourceContext = { cwd: exportsDir };

async function read(target: string, ctx: SourceContext = context): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of pulumiStateSource.read(target, ctx)) documents.push(document);
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

function byName(document: SourceDocument, type: string, name: string): Resource {
  const found = document.resources.find((resource) => resource.type === type && resource.name === name);
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
}

describe('pulumi-state: a version 3 export with a tags sidecar', () => {
  let document: SourceDocument;
  beforeAll(async () => {
    const documents = await read('payments-prod.json');
    expect(documents).toHaveLength(1);
    document = documents[0];
  });

  it('scopes the document to the stack and takes stack tags from the sidecar', () => {
    expect(document.origin).toBe(paymentsFile);
    expect(document.scope).toBe('pulumi:payments/prod');
    expect(document.stack).toEqual({
      project: 'payments',
      name: 'prod',
      tags: expect.objectContaining({ 'vcs:owner': 'acme', 'vcs:repo': 'infra' }),
    });
  });

  it('keys resources by urn and skips resources pending deletion', () => {
    const groups = document.resources.filter((resource) => resource.type === 'aws:ec2/securityGroup:SecurityGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0].nativeId).toBe('sg-0a1b2c3d4e5f60789');
    expect(groups[0].key).toBe('pulumi:payments/prod:urn:pulumi:prod::payments::aws:ec2/securityGroup:SecurityGroup::api');
    expect(document.resources).toHaveLength(10);
  });

  it('keeps providers and components with their role and parent links', () => {
    const stack = byName(document, 'pulumi:pulumi:Stack', 'payments-prod');
    const component = byName(document, 'acme:storage:SecureBucket', 'receipts');
    const bucket = byName(document, 'aws:s3/bucketV2:BucketV2', 'receipts');
    const provider = byName(document, 'pulumi:providers:aws', 'us-east-1');
    expect(stack.role).toBe('component');
    expect(stack.parentKey).toBeUndefined();
    expect(component.role).toBe('component');
    expect(component.parentKey).toBe(stack.key);
    expect(bucket.role).toBe('custom');
    expect(bucket.parentKey).toBe(component.key);
    expect(bucket.urn).toContain('acme:storage:SecureBucket$aws:s3/bucketV2:BucketV2::receipts');
    expect(provider.role).toBe('provider');
    expect(provider.provider).toBe('aws');
  });

  it('maps type, provider, name, props and tags', () => {
    const bucket = byName(document, 'aws:s3/bucketV2:BucketV2', 'receipts');
    expect(bucket).toMatchObject({
      type: 'aws:s3/bucketV2:BucketV2',
      nativeType: 'aws:s3/bucketV2:BucketV2',
      provider: 'aws',
      nativeId: 'receipts-4f1e2d3',
      source: 'pulumi-state',
      tags: { team: 'payments', 'cost-center': 'cc-42' },
    });
    expect(bucket.props).toMatchObject({ bucket: 'receipts-4f1e2d3', forceDestroy: false });
  });

  it('replaces secrets with the marker at any depth', () => {
    const database = byName(document, 'aws:rds/instance:Instance', 'ledger');
    const lambda = byName(document, 'aws:lambda/function:Function', 'ledger-webhook');
    expect(database.props.password).toBe(SECRET_MARKER);
    expect(database.props.engine).toBe('postgres');
    expect(lambda.props.environment).toEqual({ variables: { LOG_LEVEL: 'info', STRIPE_KEY: SECRET_MARKER } });
  });

  it('takes the region from the provider reference and the account from an ARN', () => {
    const group = byName(document, 'aws:ec2/securityGroup:SecurityGroup', 'api');
    const role = byName(document, 'aws:iam/role:Role', 'ledger-lambda');
    const database = byName(document, 'aws:rds/instance:Instance', 'ledger');
    const bucket = byName(document, 'aws:s3/bucketV2:BucketV2', 'receipts');
    expect(group).toMatchObject({ region: 'us-east-1', account: '111122223333' });
    // IAM ARNs carry no region: the default provider's region applies.
    expect(role).toMatchObject({ region: 'eu-west-1', account: '111122223333' });
    expect(database).toMatchObject({ region: 'eu-west-1', account: '111122223333' });
    // S3 ARNs carry no account.
    expect(bucket.region).toBe('eu-west-1');
    expect(bucket.account).toBeUndefined();
  });

  it('locates the code from sourcePosition, prefixed with vcs:root, in the vcs:owner/vcs:repo repo', () => {
    const group = byName(document, 'aws:ec2/securityGroup:SecurityGroup', 'api');
    const bucket = byName(document, 'aws:s3/bucketV2:BucketV2', 'receipts');
    const database = byName(document, 'aws:rds/instance:Instance', 'ledger');
    expect(group.iac).toEqual({
      kind: 'pulumi',
      repo: 'acme/infra',
      project: 'payments',
      stack: 'prod',
      path: 'payments/index.ts',
      line: 25,
      column: 13,
    });
    expect(bucket.iac).toMatchObject({ path: 'payments/components/secure-bucket.ts', line: 20, column: 25 });
    expect(database.iac).toMatchObject({ path: 'payments/index.ts', line: 31 });
    expect(database.iac.column).toBeUndefined();
  });
});

describe('pulumi-state: a version 4 export without sidecar', () => {
  let document: SourceDocument;
  beforeAll(async () => {
    [document] = await read(webFile);
  });

  it('reads it like version 3, with no stack tags and no repo', () => {
    expect(document.scope).toBe('pulumi:web/staging');
    expect(document.stack?.tags).toEqual({});
    const deployment = byName(document, 'kubernetes:apps/v1:Deployment', 'web');
    expect(deployment.iac).toEqual({ kind: 'pulumi', repo: undefined, project: 'web', stack: 'staging', path: 'src/app.ts', line: 21, column: 20 });
  });

  it('maps GCP and Kubernetes resources: labels as tags, project as account, secrets redacted', () => {
    const bucket = byName(document, 'gcp:storage/bucket:Bucket', 'static');
    const deployment = byName(document, 'kubernetes:apps/v1:Deployment', 'web');
    const secret = byName(document, 'kubernetes:core/v1:Secret', 'session');
    const provider = byName(document, 'pulumi:providers:kubernetes', 'gke');
    expect(bucket).toMatchObject({ provider: 'gcp', region: 'europe-west1', account: 'acme-web-staging', tags: { team: 'web' } });
    expect(deployment).toMatchObject({ provider: 'kubernetes', tags: { 'app.kubernetes.io/name': 'web', tier: 'frontend' } });
    expect(secret.props.stringData).toBe(SECRET_MARKER);
    expect(provider.props.kubeconfig).toBe(SECRET_MARKER);
  });
});

describe('pulumi-state: targets', () => {
  it('reads every export in a folder, in name order, ignoring *.tags.json sidecars', async () => {
    const documents = await read('.');
    expect(documents.map((document) => document.origin)).toEqual([paymentsFile, webFile]);
    expect(documents[0].stack?.tags['vcs:repo']).toBe('infra');
  });

  it('reads an export from stdin (target -) with origin "stdin"', async () => {
    const text = await readFile(webFile);
    const stdin = Readable.from([text.subarray(0, 100), text.subarray(100)]);
    const documents = await read('-', { cwd: exportsDir, stdin });
    expect(documents).toHaveLength(1);
    expect(documents[0].origin).toBe('stdin');
    expect(documents[0].resources.map((resource) => resource.key)).toEqual((await read(webFile))[0].resources.map((r) => r.key));
  });
});

describe('pulumi-state: bad input', () => {
  let dir: string;
  const minimal = (resources: unknown[], version = 3) => JSON.stringify({ version, deployment: { manifest: {}, resources } });
  const stack = { urn: 'urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev', custom: false, type: 'pulumi:pulumi:Stack' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweep-pulumi-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function errorFor(name: string, content: string): Promise<SweepError> {
    const path = join(dir, name);
    await writeFile(path, content);
    return readError(path);
  }

  it('names a missing file or folder', async () => {
    const error = await readError('does-not-exist.json');
    expect(error.code).toBe('source-not-found');
    expect(error.message).toContain(join(exportsDir, 'does-not-exist.json'));
  });

  it('names a folder with no exports', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    const error = await readError(empty);
    expect(error.message).toContain(empty);
  });

  it('names the file and position of invalid JSON, and calls a truncated export truncated', async () => {
    const broken = await errorFor('broken.json', '{\n  "version": 3,\n  "deployment": { "resources": [ } }');
    expect(broken.code).toBe('source-invalid-json');
    expect(broken.message).toContain(join(dir, 'broken.json'));
    expect(broken.message).toMatch(/line 3/);
    const truncated = await errorFor('truncated.json', minimal([stack]).slice(0, 60));
    expect(truncated.message).toContain('truncated.json');
    expect(truncated.hint).toMatch(/truncated/);
  });

  it('rejects versions other than 3 and 4, saying which are supported', async () => {
    for (const version of [1, 2, 5]) {
      const error = await errorFor(`v${version}.json`, minimal([stack], version));
      expect(error.code).toBe('source-unsupported-version');
      expect(error.message).toContain(`v${version}.json`);
      expect(error.message).toContain(`version ${version}`);
      expect(error.message).toContain('3 and 4');
      expect(error.hint).toContain('pulumi stack export');
    }
  });

  it('rejects an export without deployment.resources', async () => {
    const error = await errorFor('no-resources.json', JSON.stringify({ version: 3, deployment: { manifest: {} } }));
    expect(error.code).toBe('source-invalid-export');
    expect(error.message).toContain('no-resources.json');
    expect(error.message).toContain('"resources"');
  });

  it('names the index and urn of a resource without a type, and the index of one without a urn', async () => {
    const noType = await errorFor('no-type.json', minimal([stack, { urn: 'urn:pulumi:dev::shop::aws:s3/bucket:Bucket::logs', custom: true }]));
    expect(noType.code).toBe('source-invalid-resource');
    expect(noType.message).toContain('no-type.json');
    expect(noType.message).toContain('resource #1');
    expect(noType.message).toContain('urn:pulumi:dev::shop::aws:s3/bucket:Bucket::logs');
    expect(noType.message).toContain('"type"');
    const noUrn = await errorFor('no-urn.json', minimal([stack, { type: 'aws:s3/bucket:Bucket', id: 'logs-123' }]));
    expect(noUrn.message).toContain('no-urn.json');
    expect(noUrn.message).toContain('resource #1 (id logs-123)');
    expect(noUrn.message).toContain('"urn"');
  });

  it('names a malformed sidecar', async () => {
    await writeFile(join(dir, 'tagged.json'), minimal([stack]));
    await writeFile(join(dir, 'tagged.tags.json'), '["vcs:owner"]');
    const error = await readError(join(dir, 'tagged.json'));
    expect(error.message).toContain('tagged.tags.json');
  });

  it('also reads a self-managed backend checkpoint file ({ version, checkpoint: { latest } })', async () => {
    const path = join(dir, 'checkpoint.json');
    await writeFile(path, JSON.stringify({ version: 3, checkpoint: { stack: 'organization/shop/dev', latest: { resources: [stack] } } }));
    const [document] = await read(path);
    expect(document.scope).toBe('pulumi:shop/dev');
  });

  it('refuses stdin when none is available', async () => {
    const error = await readError('-', { cwd: dir });
    expect(error.code).toBe('source-no-stdin');
  });
});

describe('pulumi-state helpers', () => {
  it('parses urns with parent chains and names containing ::', () => {
    expect(parseUrn('urn:pulumi:prod::payments::acme:storage:SecureBucket$aws:s3/bucketV2:BucketV2::receipts')).toEqual({
      stack: 'prod',
      project: 'payments',
      type: 'aws:s3/bucketV2:BucketV2',
      qualifiedType: 'acme:storage:SecureBucket$aws:s3/bucketV2:BucketV2',
      name: 'receipts',
    });
    expect(parseUrn('urn:pulumi:dev::shop::aws:s3/bucket:Bucket::a::b')?.name).toBe('a::b');
    expect(parseUrn('urn:pulumi:dev::shop')).toBeUndefined();
  });

  it('parses source positions with and without a column', () => {
    expect(parseSourcePosition('project:///index.ts#12,15')).toEqual({ path: 'index.ts', line: 12, column: 15 });
    expect(parseSourcePosition('project:///src/my%20app.ts#3')).toEqual({ path: 'src/my app.ts', line: 3, column: undefined });
    expect(parseSourcePosition('file:///opt/lib/x.ts#1,2')).toEqual({ path: '/opt/lib/x.ts', line: 1, column: 2 });
    expect(parseSourcePosition(undefined)).toBeUndefined();
  });

  it('redacts every secret envelope and leaves secret-free values untouched', () => {
    const secret = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 'x' };
    const clean = { a: [1, { b: 'c' }] };
    expect(redactSecrets(clean)).toBe(clean);
    expect(redactSecrets({ list: [{ deep: { s: secret } }], keep: clean })).toEqual({
      list: [{ deep: { s: SECRET_MARKER } }],
      keep: clean,
    });
  });
});
