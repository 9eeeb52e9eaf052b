/**
 * The aws-config source against files in AWS Config's real shapes: a delivered configuration
 * snapshot, `aws configservice batch-get-resource-config` output and `select-aggregate-resource-config`
 * output (test/fixtures/sources/aws-config/exports), plus broken inputs and a generated large snapshot.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import { awsConfigSource, BATCH_LIMIT } from '../../src/sources/aws-config/index.ts';
import { SECRET_MARKER, type Resource, type SourceDocument } from '../../src/sources/resource.ts';
import type { SourceContext } from '../../src/sources/source.ts';

const fixtures = fileURLToPath(new URL('../fixtures/sources/aws-config', import.meta.url));
const exportsDir = join(fixtures, 'exports');
const snapshotFile = join(exportsDir, '111122223333_Config_us-east-1_ConfigSnapshot_20240312T080122Z_6a1e2c0f.json');
const batchGetFile = join(exportsDir, 'batch-get-eu-west-1.json');
const selectFile = join(exportsDir, 'select-aggregate.json');
const context: SourceContext = { cwd: fixtures };
const A = '111122223333';
const B = '444455556666';

async function read(target: string, ctx: SourceContext = context): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of awsConfigSource.read(target, ctx)) documents.push(document);
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

function resourcesOf(documents: SourceDocument[]): Resource[] {
  return documents.flatMap((document) => document.resources);
}

function byKey(resources: Resource[], key: string): Resource {
  const found = resources.find((resource) => resource.key === key);
  if (!found) throw new Error(`no resource ${key} in ${resources.map((r) => r.key).join(', ')}`);
  return found;
}

describe('aws-config: a configuration snapshot', () => {
  let documents: SourceDocument[];
  let resources: Resource[];
  beforeAll(async () => {
    documents = await read(snapshotFile);
    resources = resourcesOf(documents);
  });

  it('yields one unmanaged document scoped to the account', () => {
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ origin: snapshotFile, scope: `aws:${A}` });
    for (const resource of resources) {
      expect(resource).toMatchObject({ provider: 'aws', account: A, source: 'aws-config', role: 'custom', iac: { kind: 'none' } });
    }
  });

  it('maps every policy-covered type to its Pulumi token, keyed by ARN', () => {
    const types = Object.fromEntries(resources.filter((r) => !r.type.includes('#')).map((r) => [r.key.slice(`aws:${A}:`.length), r.type]));
    expect(types).toMatchObject({
      'arn:aws:s3:::acme-payments-data': 'aws:s3/bucket:Bucket',
      [`arn:aws:ec2:us-east-1:${A}:security-group/sg-0a1b2c3d4e5f60789`]: 'aws:ec2/securityGroup:SecurityGroup',
      [`arn:aws:rds:us-east-1:${A}:db:orders-db`]: 'aws:rds/instance:Instance',
      [`arn:aws:ec2:us-east-1:${A}:volume/vol-0123456789abcdef0`]: 'aws:ebs/volume:Volume',
      [`arn:aws:ec2:us-east-1:${A}:instance/i-0abc123def4567890`]: 'aws:ec2/instance:Instance',
      [`arn:aws:iam::${A}:policy/legacy-admin`]: 'aws:iam/policy:Policy',
      [`arn:aws:iam::${A}:role/ci-deployer`]: 'aws:iam/role:Role',
      [`arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`]: 'aws:cloudtrail/trail:Trail',
      [`arn:aws:kms:us-east-1:${A}:key/1f2e3d4c-5b6a-4789-9abc-def012345678`]: 'aws:kms/key:Key',
    });
  });

  it('skips deleted items and keeps unknown types with their raw type and configuration', () => {
    expect(resources.some((resource) => resource.nativeId === 'sg-0deleted000000001')).toBe(false);
    const lambda = byKey(resources, `aws:${A}:arn:aws:lambda:us-east-1:${A}:function:thumbnailer`);
    expect(lambda).toMatchObject({ type: 'AWS::Lambda::Function', nativeType: 'AWS::Lambda::Function', unknownType: true, tags: { team: 'media' } });
    expect(lambda.props).toMatchObject({ functionName: 'thumbnailer', runtime: 'nodejs20.x', tracingConfig: { mode: 'PassThrough' } });
    // Config records Lambda environment values in plain text; the names stay, the values do not.
    expect(lambda.props.environment).toEqual({ variables: { BUCKET: SECRET_MARKER, STRIPE_API_KEY: SECRET_MARKER }, error: null });
    expect(JSON.stringify(documents)).not.toContain('sk_live_51Mz0fixtureLambdaKey');
    expect(resources.filter((resource) => resource.unknownType)).toHaveLength(1);
  });

  it('turns the bucket supplementary configurations into companion resources that name the bucket', () => {
    const bucketKey = `aws:${A}:arn:aws:s3:::acme-payments-data`;
    const bucket = byKey(resources, bucketKey);
    expect(bucket.props).toEqual({ bucket: 'acme-payments-data', tags: { team: 'payments', env: 'prod', 'data-class': 'confidential' } });
    expect(bucket.tags).toEqual({ team: 'payments', env: 'prod', 'data-class': 'confidential' });
    const companions = resources.filter((resource) => resource.key.startsWith(`${bucketKey}#`));
    expect(companions.map((c) => [c.key.slice(bucketKey.length), c.type])).toEqual([
      ['#encryption', 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration'],
      ['#versioning', 'aws:s3/bucketVersioning:BucketVersioning'],
      ['#public-access-block', 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock'],
      ['#logging', 'aws:s3/bucketLogging:BucketLogging'],
    ]);
    for (const companion of companions) {
      expect(companion).toMatchObject({ role: 'custom', nativeId: 'acme-payments-data', propertyDependencies: { bucket: [bucketKey] }, dependencies: [bucketKey] });
      expect(companion.props.bucket).toBe('acme-payments-data');
    }
    expect(companions[0].props.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:us-east-1:${A}:key/1f2e3d4c-5b6a-4789-9abc-def012345678` },
        bucketKeyEnabled: true,
      },
    ]);
    expect(companions[1].props.versioningConfiguration).toEqual({ status: 'Enabled' });
    expect(companions[3].props).toMatchObject({ targetBucket: 'acme-access-logs', targetPrefix: 'acme-payments-data/' });
    // Versioning `Off`, a null logging destination and a null policy are no resources at all.
    expect(resources.filter((resource) => resource.key.startsWith(`aws:${A}:arn:aws:s3:::acme-legacy-uploads#`))).toEqual([]);
  });

  it('turns ipPermissions into Pulumi ingress rules', () => {
    const group = byKey(resources, `aws:${A}:arn:aws:ec2:us-east-1:${A}:security-group/sg-0a1b2c3d4e5f60789`);
    expect(group.props).toEqual({
      name: 'bastion',
      description: 'bastion hosts',
      vpcId: 'vpc-0123456789abcdef0',
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], description: 'ops laptops' },
        { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] },
        { protocol: '-1', fromPort: 0, toPort: 0, securityGroups: ['sg-0fedcba9876543210'] },
      ],
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
      tags: { Name: 'bastion' },
    });
  });

  it('decodes URL-encoded IAM documents and splits inline role policies into RolePolicy resources', () => {
    const policy = byKey(resources, `aws:${A}:arn:aws:iam::${A}:policy/legacy-admin`);
    expect(policy).toMatchObject({ nativeId: `arn:aws:iam::${A}:policy/legacy-admin`, region: undefined });
    // The default version (v2), not the first one listed.
    expect(JSON.parse(policy.props.policy as string).Statement[0]).toEqual({ Sid: 'BreakGlass', Effect: 'Allow', Action: '*', Resource: '*' });

    const roleKey = `aws:${A}:arn:aws:iam::${A}:role/ci-deployer`;
    const role = byKey(resources, roleKey);
    expect(role.nativeId).toBe('ci-deployer');
    expect(JSON.parse(role.props.assumeRolePolicy as string).Statement[0].Principal).toEqual({ Service: 'codebuild.amazonaws.com' });
    const inline = byKey(resources, `${roleKey}#policy/deploy-everything`);
    expect(inline).toMatchObject({
      type: 'aws:iam/rolePolicy:RolePolicy',
      nativeType: 'AWS::IAM::Role#rolePolicyList',
      nativeId: 'ci-deployer:deploy-everything',
      propertyDependencies: { role: [roleKey] },
    });
    expect(inline.props).toMatchObject({ name: 'deploy-everything', role: 'ci-deployer' });
    expect(JSON.parse(inline.props.policy as string).Statement[0].Action).toBe('*');
  });

  it('renames RDS, EC2, CloudTrail and KMS fields to the Pulumi inputs the rules read', () => {
    const db = byKey(resources, `aws:${A}:arn:aws:rds:us-east-1:${A}:db:orders-db`);
    expect(db.nativeId).toBe('orders-db');
    expect(db.props).toMatchObject({
      identifier: 'orders-db',
      instanceClass: 'db.m6g.large',
      engine: 'postgres',
      multiAz: false,
      publiclyAccessible: true,
      storageEncrypted: false,
      backupRetentionPeriod: 1,
      deletionProtection: false,
      port: 5432,
      dbSubnetGroupName: 'orders-private',
      vpcSecurityGroupIds: ['sg-0fedcba9876543210'],
    });
    const instance = byKey(resources, `aws:${A}:arn:aws:ec2:us-east-1:${A}:instance/i-0abc123def4567890`);
    expect(instance.props).toMatchObject({
      ami: 'ami-0c55b159cbfafe1f0',
      instanceType: 't3.medium',
      iamInstanceProfile: 'bastion-profile',
      monitoring: false,
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1, httpProtocolIpv6: 'disabled', instanceMetadataTags: 'disabled' },
    });
    expect(instance.props.metadataOptions).not.toHaveProperty('state');
    // An empty snapshotId is "not from a snapshot", not a snapshot named "".
    expect(byKey(resources, `aws:${A}:arn:aws:ec2:us-east-1:${A}:volume/vol-0123456789abcdef0`).props).toEqual({
      availabilityZone: 'us-east-1a',
      encrypted: false,
      size: 50,
      type: 'gp3',
      iops: 3000,
      throughput: 125,
      multiAttachEnabled: false,
    });
    expect(byKey(resources, `aws:${A}:arn:aws:cloudtrail:us-east-1:${A}:trail/management-events`).props).toMatchObject({
      s3BucketName: 'acme-payments-data',
      isMultiRegionTrail: false,
      enableLogFileValidation: false,
    });
    expect(byKey(resources, `aws:${A}:arn:aws:kms:us-east-1:${A}:key/1f2e3d4c-5b6a-4789-9abc-def012345678`).props).toMatchObject({
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: false,
    });
  });
});

describe('aws-config: batch-get-resource-config output', () => {
  let resources: Resource[];
  beforeAll(async () => {
    resources = resourcesOf(await read(batchGetFile));
  });

  it('parses configuration and supplementary values that arrive as JSON strings', () => {
    const bucketKey = `aws:${A}:arn:aws:s3:::acme-eu-reports`;
    expect(byKey(resources, bucketKey)).toMatchObject({ region: 'eu-west-1', props: { bucket: 'acme-eu-reports' } });
    expect(byKey(resources, `${bucketKey}#versioning`).props).toEqual({
      bucket: 'acme-eu-reports',
      versioningConfiguration: { status: 'Suspended', mfaDelete: 'Disabled' },
    });
    expect(byKey(resources, `${bucketKey}#public-access-block`).props).toMatchObject({ blockPublicPolicy: false, restrictPublicBuckets: false });
    const key = byKey(resources, `aws:${A}:arn:aws:kms:eu-west-1:${A}:key/0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d`);
    expect(key.props.enableKeyRotation).toBe(true);
  });

  it('takes tags from the configuration when the item has none, in either list spelling', () => {
    const group = byKey(resources, `aws:${A}:arn:aws:ec2:eu-west-1:${A}:security-group/sg-0eu00000000000001`);
    expect(group.tags).toEqual({ team: 'it', env: 'prod' });
    expect(group.props.ingress).toEqual([{ protocol: 'tcp', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'] }]);
  });

  it('skips items whose resource was deleted without being recorded', () => {
    expect(resources.some((resource) => resource.nativeId === 'vol-0eu0000000000001')).toBe(false);
  });
});

describe('aws-config: select-resource-config output across accounts', () => {
  let documents: SourceDocument[];
  beforeAll(async () => {
    documents = await read(selectFile);
  });

  it('parses each result string, with tags as a list of key/value pairs', () => {
    const resources = resourcesOf(documents);
    const db = byKey(resources, `aws:${B}:arn:aws:rds:us-west-2:${B}:db:analytics`);
    expect(db).toMatchObject({ account: B, region: 'us-west-2', tags: { team: 'data', env: 'prod' }, nativeId: 'analytics' });
    expect(db.props).toMatchObject({ multiAz: true, storageEncrypted: true, port: 3306, tags: { team: 'data', env: 'prod' } });
    const instance = byKey(resources, `aws:${B}:arn:aws:ec2:us-west-2:${B}:instance/i-0b000000000000001`);
    // An empty resourceName falls back to the id.
    expect(instance.name).toBe('i-0b000000000000001');
  });

  it('keeps each account in its own scope with consecutive documents', () => {
    // The first result is account B's, so B streams and A waits for the end of the input.
    expect(documents.map((document) => document.scope)).toEqual([`aws:${B}`, `aws:${A}`]);
    expect(documents[0].resources.map((resource) => resource.type)).toEqual(['aws:rds/instance:Instance', 'aws:ec2/instance:Instance']);
  });
});

describe('aws-config: targets', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'sweep-aws-config-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads a folder in name order, every account once and consecutively', async () => {
    const documents = await read('exports');
    expect(documents.map((document) => [document.scope, document.origin])).toEqual([
      [`aws:${A}`, snapshotFile],
      [`aws:${A}`, batchGetFile],
      [`aws:${A}`, selectFile],
      [`aws:${B}`, selectFile],
    ]);
  });

  it('reads stdin and gzip-compressed snapshots like the file itself', async () => {
    const text = await readFile(snapshotFile, 'utf8');
    const fromFile = resourcesOf(await read(snapshotFile));
    const fromStdin = await read('-', { cwd: fixtures, stdin: Readable.from([Buffer.from(text)]) });
    expect(fromStdin.map((document) => document.origin)).toEqual(['stdin']);
    expect(resourcesOf(fromStdin)).toEqual(fromFile);
    const gz = join(scratch, 'snapshot.json.gz');
    await writeFile(gz, gzipSync(text));
    expect(resourcesOf(await read(gz))).toEqual(fromFile);
  });

  it('splits a large snapshot into consecutive batches of one scope', async () => {
    const items = Array.from({ length: 12_000 }, (_, i) => ({
      configurationItemStatus: 'OK',
      awsAccountId: A,
      resourceType: 'AWS::EC2::Volume',
      resourceId: `vol-${i.toString(16).padStart(17, '0')}`,
      ARN: `arn:aws:ec2:us-east-1:${A}:volume/vol-${i.toString(16).padStart(17, '0')}`,
      awsRegion: 'us-east-1',
      configuration: { volumeId: `vol-${i}`, encrypted: i % 2 === 0, size: 8, volumeType: 'gp3' },
      supplementaryConfiguration: {},
      tags: {},
    }));
    const file = join(scratch, 'large.json');
    await writeFile(file, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'large', configurationItems: items }));
    const documents = await read(file);
    expect(documents.length).toBeGreaterThanOrEqual(3);
    expect(new Set(documents.map((document) => document.scope))).toEqual(new Set([`aws:${A}`]));
    for (const document of documents) expect(document.resources.length).toBeLessThanOrEqual(BATCH_LIMIT);
    expect(resourcesOf(documents)).toHaveLength(12_000);
  });

  it('holds other accounts back so an interleaved export still gives consecutive scopes', async () => {
    const item = (account: string, i: number) => ({
      accountId: account,
      resourceType: 'AWS::EC2::Volume',
      resourceId: `vol-${i}`,
      arn: `arn:aws:ec2:us-east-1:${account}:volume/vol-${i}`,
      awsRegion: 'us-east-1',
      configuration: JSON.stringify({ encrypted: true }),
    });
    const items = Array.from({ length: 7_000 }, (_, i) => item(i % 3 === 1 ? B : A, i));
    const file = join(scratch, 'interleaved.json');
    await writeFile(file, JSON.stringify({ baseConfigurationItems: items, unprocessedResourceKeys: [] }));
    const scopes = (await read(file)).map((document) => document.scope);
    expect(scopes).toEqual([`aws:${A}`, `aws:${B}`]);
  });

  it('keeps a resource seen twice once (IAM is global: every region snapshot may repeat it)', async () => {
    const snapshot = JSON.parse(await readFile(snapshotFile, 'utf8'));
    const role = snapshot.configurationItems.find((item: { resourceType: string }) => item.resourceType === 'AWS::IAM::Role');
    const copy = join(scratch, 'eu-west-1-snapshot.json');
    await writeFile(copy, JSON.stringify({ fileVersion: '1.0', configSnapshotId: 'eu', configurationItems: [role] }));
    const both = join(scratch, 'both');
    await mkdir(both);
    await writeFile(join(both, 'a.json'), await readFile(snapshotFile));
    await writeFile(join(both, 'b.json'), await readFile(copy));
    const keys = resourcesOf(await read(both)).map((resource) => resource.key);
    expect(keys.filter((key) => key.startsWith(`aws:${A}:arn:aws:iam::${A}:role/ci-deployer`))).toHaveLength(3);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('aws-config: bad input', () => {
  it('names a missing file', async () => {
    const error = await readError('nope.json');
    expect(error.code).toBe('source-not-found');
    expect(error.message).toContain(join(fixtures, 'nope.json'));
  });

  it('points at the line and column where the JSON breaks', async () => {
    const error = await readError('broken/missing-comma.json');
    expect(error.code).toBe('source-invalid-json');
    expect(error.message).toBe(`invalid JSON in ${join(fixtures, 'broken/missing-comma.json')} at line 131, column 7: expected ','`);
  });

  it('says a truncated snapshot ends early and how to get a whole one', async () => {
    const error = await readError('broken/truncated-snapshot.json');
    expect(error.code).toBe('source-invalid-json');
    expect(error.message).toMatch(/truncated-snapshot\.json at line \d+, column \d+: the text ends before the JSON does/);
    expect(error.hint).toContain('truncated');
  });

  it('locates broken JSON on stdin too, which cannot be read twice', async () => {
    const text = await readFile(join(fixtures, 'broken/missing-comma.json'), 'utf8');
    const error = await readError('-', { cwd: fixtures, stdin: Readable.from([text.slice(0, 5000), text.slice(5000)]) });
    expect(error.message).toBe("invalid JSON in stdin at line 131, column 7: expected ','");
  });

  it('rejects other JSON, unknown snapshot versions, and results without an account', async () => {
    const other = await readError('broken/kubectl-list.json');
    expect(other.code).toBe('source-invalid-format');
    expect(other.message).toContain('is not an AWS Config export');
    const version = await readError('broken/future-version.json');
    expect(version.code).toBe('source-unsupported-version');
    expect(version.message).toContain('fileVersion "2.0"');
    const account = await readError('broken/select-without-account.json');
    expect(account.code).toBe('source-invalid-resource');
    expect(account.message).toContain('configuration item #0 (AWS::S3::Bucket acme-logs) names no account');
    expect(account.hint).toContain('select accountId');
  });

  it('needs a stdin to read `-`', async () => {
    expect((await readError('-')).code).toBe('source-no-stdin');
  });
});
