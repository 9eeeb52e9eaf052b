/**
 * The synthetic estate generator: real `pulumi stack export` v3 documents, the requested number of
 * resources, byte-for-byte deterministic per seed, and the requested share of misconfigurations,
 * counted by an independent checker that only reads the files.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEstate, type EstateResult } from '../../scripts/estate/generate.ts';

interface StateResource {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, any>;
  outputs?: Record<string, any>;
  parent?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  created?: string;
  modified?: string;
  sourcePosition?: string;
}

interface Export {
  version: number;
  deployment: { manifest: { time: string; magic: string; version: string }; resources: StateResource[] };
}

const BUCKET_COMPANIONS = [
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketVersioning:BucketVersioning',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  'aws:s3/bucketLogging:BucketLogging',
];

function coversPort(protocol: string | undefined, from: number, to: number, port: number): boolean {
  return protocol === '-1' || protocol === 'all' || (from <= port && port <= to);
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** Counts resources misconfigured in the ways the generator documents, from the files alone. */
function misconfigured(resources: StateResource[]): number {
  const companions = new Map<string, Set<string>>();
  for (const r of resources) {
    if (BUCKET_COMPANIONS.includes(r.type)) {
      const bucket = String(r.inputs?.bucket);
      if (!companions.has(bucket)) companions.set(bucket, new Set());
      companions.get(bucket)!.add(r.type);
    }
  }
  let count = 0;
  for (const r of resources) {
    const p = r.inputs ?? {};
    let bad = false;
    switch (r.type) {
      case 'aws:s3/bucket:Bucket': {
        const present = companions.get(r.id!) ?? new Set();
        bad = BUCKET_COMPANIONS.some((t) => !present.has(t));
        break;
      }
      case 'aws:ec2/securityGroup:SecurityGroup':
        bad = (p.ingress ?? []).some(
          (rule: any) =>
            ((rule.cidrBlocks ?? []).includes('0.0.0.0/0') || (rule.ipv6CidrBlocks ?? []).includes('::/0')) &&
            [22, 3389].some((port) => coversPort(rule.protocol, rule.fromPort, rule.toPort, port)),
        );
        break;
      case 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule':
        bad = p.cidrIpv4 === '0.0.0.0/0' && [22, 3389].some((port) => coversPort(p.ipProtocol, p.fromPort, p.toPort, port));
        break;
      case 'aws:ebs/volume:Volume':
        bad = p.encrypted !== true;
        break;
      case 'aws:ec2/instance:Instance':
        bad = p.metadataOptions?.httpTokens !== 'required';
        break;
      case 'aws:rds/instance:Instance':
        bad = p.storageEncrypted !== true || p.publiclyAccessible === true || (p.backupRetentionPeriod ?? 0) < 7;
        break;
      case 'aws:iam/policy:Policy': {
        const doc = JSON.parse(p.policy);
        bad = asList(doc.Statement).some(
          (s: any) => s.Effect === 'Allow' && asList(s.Action).includes('*') && asList(s.Resource).includes('*'),
        );
        break;
      }
      case 'aws:kms/key:Key':
        bad = p.enableKeyRotation !== true;
        break;
      case 'aws:cloudtrail/trail:Trail':
        bad = p.enableLogFileValidation !== true || p.isMultiRegionTrail !== true;
        break;
    }
    if (bad) count++;
  }
  return count;
}

async function load(file: string): Promise<Export> {
  return JSON.parse(await readFile(file, 'utf8')) as Export;
}

function userResources(doc: Export): StateResource[] {
  return doc.deployment.resources.filter((r) => r.type !== 'pulumi:pulumi:Stack' && !r.type.startsWith('pulumi:providers:'));
}

describe('estate generator', () => {
  const dirs: string[] = [];
  let first: EstateResult;
  let docs: Export[];

  async function freshDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'sweep-estate-'));
    dirs.push(dir);
    return dir;
  }

  beforeAll(async () => {
    first = await generateEstate({ resources: 20_000, stacks: 3, seed: 42, violatingShare: 0.3, outDir: await freshDir() });
    docs = await Promise.all(first.files.map(load));
  });

  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes one deployment v3 export per stack with the requested resource count', () => {
    expect(first.files).toHaveLength(3);
    expect(first.resources).toBe(20_000);
    const counts = docs.map((doc) => userResources(doc).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    for (const doc of docs) {
      expect(doc.version).toBe(3);
      expect(doc.deployment.manifest.version).toMatch(/^v3\./);
      expect(doc.deployment.manifest.magic).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(Object.values(first.byType).reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it('links every resource to its stack root, provider, dependencies and source line', () => {
    for (const doc of docs) {
      const [root, provider, ...rest] = doc.deployment.resources;
      expect(root.type).toBe('pulumi:pulumi:Stack');
      expect(root.custom).toBe(false);
      expect(provider.type).toBe('pulumi:providers:aws');
      const [, stack, project] = /^urn:pulumi:([^:]+)::([^:]+)::pulumi:pulumi:Stack::/.exec(root.urn)!;
      const seen = new Set([root.urn, provider.urn]);
      for (const r of rest) {
        expect(r.urn).toBe(`urn:pulumi:${stack}::${project}::${r.type}::${r.urn.split('::').pop()}`);
        expect(seen.has(r.urn)).toBe(false);
        expect(r.custom).toBe(true);
        expect(r.parent).toBe(root.urn);
        expect(r.provider).toBe(`${provider.urn}::${provider.id}`);
        expect(r.sourcePosition).toMatch(/^project:\/\/\/index\.ts#\d+,5$/);
        expect(typeof r.id).toBe('string');
        // State order: a dependency is written before its dependents.
        for (const dep of r.dependencies ?? []) expect(seen.has(dep)).toBe(true);
        seen.add(r.urn);
      }
      const withArn = rest.filter((r) => typeof r.outputs?.arn === 'string' && r.outputs.arn.startsWith('arn:aws:ec2:'));
      expect(withArn.length).toBeGreaterThan(0);
      const region = provider.inputs?.region;
      for (const r of withArn) expect(r.outputs!.arn).toMatch(new RegExp(`^arn:aws:ec2:${region}:\\d{12}:`));
    }
  });

  it('mixes covered and uncovered types, including v7 bucket companions and ingress rules', () => {
    for (const type of [
      'aws:s3/bucket:Bucket',
      ...BUCKET_COMPANIONS,
      'aws:ec2/securityGroup:SecurityGroup',
      'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
      'aws:rds/instance:Instance',
      'aws:ebs/volume:Volume',
      'aws:ec2/instance:Instance',
      'aws:iam/policy:Policy',
      'aws:kms/key:Key',
      'aws:cloudtrail/trail:Trail',
      'aws:ec2/routeTable:RouteTable',
      'aws:ec2/subnet:Subnet',
      'aws:lambda/function:Function',
    ]) {
      expect(first.byType[type], type).toBeGreaterThan(0);
    }
  });

  it('misconfigures about the requested share, exactly the resources it reports', () => {
    const found = docs.reduce((sum, doc) => sum + misconfigured(userResources(doc)), 0);
    expect(found).toBe(first.violating);
    expect(found / first.resources).toBeGreaterThan(0.27);
    expect(found / first.resources).toBeLessThan(0.33);
  });

  it('misconfigures nothing with a share of 0', async () => {
    const clean = await generateEstate({ resources: 3_000, seed: 42, violatingShare: 0, outDir: await freshDir() });
    const [doc] = await Promise.all(clean.files.map(load));
    expect(clean.violating).toBe(0);
    expect(misconfigured(userResources(doc))).toBe(0);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const again = await generateEstate({ resources: 20_000, stacks: 3, seed: 42, violatingShare: 0.3, outDir: await freshDir() });
    const other = await generateEstate({ resources: 20_000, stacks: 3, seed: 43, violatingShare: 0.3, outDir: await freshDir() });
    for (let i = 0; i < first.files.length; i++) {
      const [a, b, c] = await Promise.all([readFile(first.files[i]), readFile(again.files[i]), readFile(other.files[i])]);
      expect(b.equals(a)).toBe(true);
      expect(c.equals(a)).toBe(false);
    }
    expect(again.bytes).toBe(first.bytes);
  });

  it('writes valid documents at the edges: no resources, more stacks than resources', async () => {
    const edge = await generateEstate({ resources: 2, stacks: 4, seed: 1, outDir: await freshDir() });
    const edgeDocs = await Promise.all(edge.files.map(load));
    expect(edgeDocs.map((doc) => userResources(doc).length)).toEqual([1, 1, 0, 0]);
    await expect(generateEstate({ resources: -1, outDir: await freshDir() })).rejects.toThrow(RangeError);
  });
});
