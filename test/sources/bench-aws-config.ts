/**
 * Import throughput of the aws-config source on a synthetic configuration snapshot (not a test:
 * timings belong in benchmarks). Run: node --import tsx test/sources/bench-aws-config.ts [items]
 * (default 1,000,000), or `… measure <snapshot.json>` for a snapshot you already have.
 * The snapshot is written as a stream and read in a fresh process, so the peak RSS reported is
 * the import's own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readAwsConfig } from '../../src/sources/aws-config/index.ts';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'eu-west-1'];

function encoded(document: unknown): string {
  return encodeURIComponent(JSON.stringify(document));
}

const ROLE_POLICY = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::bench/*'] }] });
const TRUST = encoded({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

function envelope(i: number, resourceType: string, resourceId: string, arn: string, region: string) {
  return {
    relatedEvents: [],
    relationships: [],
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: '2024-03-12T08:01:22.123Z',
    configurationStateId: 1710230482123 + i,
    awsAccountId: ACCOUNT,
    configurationItemStatus: i % 97 === 0 ? 'ResourceDeleted' : 'OK',
    resourceType,
    resourceId,
    resourceName: resourceId,
    ARN: arn,
    awsRegion: region,
    availabilityZone: 'Regional',
    configurationStateMd5Hash: '',
    resourceCreationTime: '2023-05-04T09:12:41.000Z',
  };
}

/** A mix like a real estate's: buckets with their settings, security groups, volumes, instances, roles. */
export function syntheticItem(i: number): Record<string, unknown> {
  const region = REGIONS[i % REGIONS.length];
  const team = { team: `team-${i % 40}`, env: i % 3 === 0 ? 'prod' : 'dev' };
  const id = i.toString(16).padStart(17, '0');
  switch (i % 10) {
    case 0:
    case 1: {
      const name = `bench-bucket-${i}`;
      return {
        ...envelope(i, 'AWS::S3::Bucket', name, `arn:aws:s3:::${name}`, region),
        configuration: { name, owner: { displayName: null, id: 'owner' }, creationDate: '2023-05-04T09:12:41.000Z' },
        supplementaryConfiguration: {
          BucketLoggingConfiguration: { destinationBucketName: i % 4 === 0 ? 'bench-logs' : null, logFilePrefix: null },
          BucketPolicy: { policyText: null },
          BucketVersioningConfiguration: { status: i % 3 === 0 ? 'Enabled' : 'Off', isMfaDeleteEnabled: null },
          IsRequesterPaysEnabled: false,
          PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: i % 5 !== 0 },
          ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256', kmsMasterKeyID: null }, bucketKeyEnabled: false }] },
        },
        tags: team,
      };
    }
    case 2:
    case 3:
    case 4:
      return {
        ...envelope(i, 'AWS::EC2::SecurityGroup', `sg-${id}`, `arn:aws:ec2:${region}:${ACCOUNT}:security-group/sg-${id}`, region),
        configuration: {
          description: `svc ${i}`,
          groupName: `svc-${i}`,
          ownerId: ACCOUNT,
          groupId: `sg-${id}`,
          vpcId: 'vpc-0123456789abcdef0',
          ipPermissions: [
            { fromPort: 443, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 443, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }], ipRanges: ['10.0.0.0/8'] },
            { fromPort: 22, ipProtocol: 'tcp', ipv6Ranges: [], prefixListIds: [], toPort: 22, userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: i % 7 === 0 ? '0.0.0.0/0' : '10.1.0.0/16' }], ipRanges: [] },
          ],
          ipPermissionsEgress: [{ ipProtocol: '-1', ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }],
          tags: [{ key: 'team', value: team.team }],
        },
        supplementaryConfiguration: {},
        tags: team,
      };
    case 5:
    case 6:
      return {
        ...envelope(i, 'AWS::EC2::Volume', `vol-${id}`, `arn:aws:ec2:${region}:${ACCOUNT}:volume/vol-${id}`, region),
        configuration: { availabilityZone: `${region}a`, encrypted: i % 4 !== 0, kmsKeyId: null, size: 100, snapshotId: '', state: 'in-use', volumeId: `vol-${id}`, iops: 3000, volumeType: 'gp3', throughput: 125, multiAttachEnabled: false, attachments: [] },
        supplementaryConfiguration: {},
        tags: team,
      };
    case 7:
    case 8:
      return {
        ...envelope(i, 'AWS::EC2::Instance', `i-${id}`, `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-${id}`, region),
        configuration: {
          imageId: 'ami-0c55b159cbfafe1f0',
          instanceId: `i-${id}`,
          instanceType: 't3.medium',
          keyName: 'ops',
          monitoring: { state: 'disabled' },
          placement: { availabilityZone: `${region}a`, tenancy: 'default', groupName: '' },
          privateIpAddress: '10.0.1.25',
          subnetId: 'subnet-0123456789abcdef0',
          securityGroups: [{ groupName: 'svc', groupId: 'sg-0a1b2c3d4e5f60789' }],
          ebsOptimized: true,
          sourceDestCheck: true,
          metadataOptions: { state: 'applied', httpTokens: i % 2 === 0 ? 'required' : 'optional', httpPutResponseHopLimit: 1, httpEndpoint: 'enabled' },
          state: { code: 16, name: 'running' },
        },
        supplementaryConfiguration: {},
        tags: team,
      };
    default:
      return {
        ...envelope(i, 'AWS::IAM::Role', `AROA${id}`, `arn:aws:iam::${ACCOUNT}:role/svc-${i}`, 'global'),
        resourceName: `svc-${i}`,
        configuration: {
          path: '/',
          roleName: `svc-${i}`,
          roleId: `AROA${id}`,
          assumeRolePolicyDocument: TRUST,
          rolePolicyList: [{ policyName: 'read', policyDocument: ROLE_POLICY }],
          attachedManagedPolicies: [],
          permissionsBoundary: null,
          tags: [],
        },
        supplementaryConfiguration: {},
        tags: team,
      };
  }
}

async function generate(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('{"fileVersion":"1.0","configSnapshotId":"bench","configurationItems":[');
  const step = 1_000;
  for (let start = 0; start < count; start += step) {
    const parts: string[] = [];
    for (let i = start; i < Math.min(count, start + step); i++) parts.push(JSON.stringify(syntheticItem(i)));
    if (!out.write((start === 0 ? '' : ',') + parts.join(','))) await once(out, 'drain');
  }
  out.end(']}');
  await once(out, 'finish');
}

async function measure(file: string): Promise<void> {
  const size = (await stat(file)).size;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let documents = 0;
  let resources = 0;
  const scopes = new Set<string>();
  for await (const document of readAwsConfig(file, { cwd: dirname(file) })) {
    documents++;
    resources += document.resources.length;
    scopes.add(document.scope);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  // CPU time too: on a shared machine wall time measures the neighbours as much as the import.
  console.log(
    `aws-config: ${(size / 1e6).toFixed(0)} MB snapshot → ${resources.toLocaleString('en')} resources in ${documents} documents ` +
      `(${scopes.size} scope) in ${seconds.toFixed(1)} s wall = ${Math.round(resources / seconds).toLocaleString('en')} resources/s ` +
      `(${cpuSeconds.toFixed(1)} s CPU = ${Math.round(resources / cpuSeconds).toLocaleString('en')} resources/CPU-s); peak RSS ${maxRssMb.toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'measure') return measure(arg);
  const count = Number(mode ?? 1_000_000);
  const dir = await mkdtemp(join(tmpdir(), 'sweep-bench-aws-config-'));
  const file = join(dir, `${ACCOUNT}_Config_ConfigSnapshot_bench.json`);
  try {
    const started = performance.now();
    await generate(file, count);
    console.log(`generated ${count.toLocaleString('en')} configuration items in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'measure', file], { stdio: 'inherit' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
