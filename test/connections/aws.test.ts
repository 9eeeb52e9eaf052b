/**
 * The AWS collector end to end: the real connection source runs a fake `aws` executable (first on
 * PATH) that answers in the AWS CLI's own JSON shapes and error text, and the result goes through
 * the real policy runner.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import { createRunner } from '../../src/engine/runner.ts';
import { isSweepError, type SweepError } from '../../src/errors.ts';
import type { ConnectionRecord, SourceContext } from '../../src/sources/source.ts';
import { byName, createSandbox, lookupOf, readDocuments, readError, ROOT, SECRETS, testSource, type Sandbox } from './support.ts';

const ACCOUNT = '111122223333';
const prodAws: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1', 'eu-west-1'] } };
/** Failure scenarios need one region only; fewer processes keep them quick. */
const oneRegion: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1'] } };

let sandbox: Sandbox;
let context: SourceContext;

beforeEach(async () => {
  sandbox = await createSandbox();
  context = { cwd: ROOT, env: sandbox.env, connection: lookupOf(prodAws) };
});

afterEach(async () => {
  await sandbox.cleanup();
});

function withEnv(extra: NodeJS.ProcessEnv, record: ConnectionRecord = oneRegion): SourceContext {
  return { cwd: ROOT, env: { ...sandbox.env, ...extra }, connection: lookupOf(record) };
}

function expectNoSecrets(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe('aws connection', () => {
  it('maps the account into canonical resources with Pulumi-shaped props', async () => {
    const documents = await readDocuments(testSource(), 'prod-aws', context);
    expect(documents).toHaveLength(1);
    const [document] = documents;
    expect(document).toMatchObject({ origin: 'connection:prod-aws', scope: `aws:${ACCOUNT}` });
    const { resources } = document;

    const bastion = byName(resources, 'aws:ec2/securityGroup:SecurityGroup', 'bastion');
    expect(bastion).toMatchObject({
      key: `aws:${ACCOUNT}:arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-0a1b2c3d4e5f60001`,
      nativeType: 'AWS::EC2::SecurityGroup',
      nativeId: 'sg-0a1b2c3d4e5f60001',
      provider: 'aws',
      account: ACCOUNT,
      region: 'us-east-1',
      iac: { kind: 'none' },
      role: 'custom',
      source: 'connection',
      tags: { team: 'platform' },
    });
    expect(bastion.props).toEqual({
      name: 'bastion',
      description: 'bastion hosts',
      vpcId: 'vpc-0123456789abcdef0',
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'], description: 'ssh from anywhere' },
        { protocol: '-1', fromPort: 0, toPort: 0, self: true },
      ],
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
      tags: { team: 'platform' },
    });
    expect(byName(resources, 'aws:ec2/securityGroup:SecurityGroup', 'rdp-admin').region).toBe('eu-west-1');

    const volume = byName(resources, 'aws:ebs/volume:Volume', 'orders-data');
    expect(volume.key).toBe(`aws:${ACCOUNT}:arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-0aaa1111bbbb2222c`);
    expect(volume.props).toEqual({
      availabilityZone: 'us-east-1a',
      size: 100,
      type: 'gp3',
      iops: 3000,
      throughput: 125,
      encrypted: false,
      multiAttachEnabled: false,
      tags: { Name: 'orders-data' },
    });

    const instances = resources.filter((r) => r.type === 'aws:ec2/instance:Instance');
    expect(instances.map((r) => r.name)).toEqual(['orders-api']); // the terminated one is gone
    expect(instances[0].props).toMatchObject({
      ami: 'ami-0abcdef1234567890',
      instanceType: 't3.micro',
      iamInstanceProfile: 'orders-api',
      vpcSecurityGroupIds: ['sg-0a1b2c3d4e5f60001'],
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    });

    expect(byName(resources, 'aws:rds/instance:Instance', 'orders')).toMatchObject({
      key: `aws:${ACCOUNT}:arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`,
      props: { engine: 'postgres', publiclyAccessible: true, storageEncrypted: false, backupRetentionPeriod: 1, multiAz: false },
    });

    // The multi-region trail homed in eu-west-1 is listed in both regions but read once, at home.
    const trails = resources.filter((r) => r.type === 'aws:cloudtrail/trail:Trail');
    expect(trails.map((t) => `${t.name}@${t.region}`).sort()).toEqual(['eu-trail@eu-west-1', 'org-trail@us-east-1']);
    expect(byName(resources, 'aws:cloudtrail/trail:Trail', 'org-trail').props).toMatchObject({
      s3BucketName: 'acme-trail-logs',
      isMultiRegionTrail: false,
      enableLogFileValidation: false,
      enableLogging: true,
    });

    const keys = resources.filter((r) => r.type === 'aws:kms/key:Key');
    expect(keys.map((k) => k.name).sort()).toEqual(['9999ffff-12ab-34cd-56ef-1234567890ab', 'orders-data']); // AWS-managed skipped
    expect(byName(resources, 'aws:kms/key:Key', 'orders-data').props).toMatchObject({ enableKeyRotation: false, keyUsage: 'ENCRYPT_DECRYPT' });
    expect(byName(resources, 'aws:kms/key:Key', '9999ffff-12ab-34cd-56ef-1234567890ab').props.enableKeyRotation).toBeUndefined();

    const dataBucket = byName(resources, 'aws:s3/bucket:Bucket', 'acme-data');
    expect(dataBucket).toMatchObject({ key: `aws:${ACCOUNT}:arn:aws:s3:::acme-data`, region: 'us-east-1', props: { bucket: 'acme-data' } });
    const logsBucket = byName(resources, 'aws:s3/bucket:Bucket', 'acme-logs');
    const companionsOf = (bucket: string) => resources.filter((r) => r.props.bucket === bucket && r.type !== 'aws:s3/bucket:Bucket');
    expect(companionsOf('acme-data')).toEqual([]);
    const logsCompanions = companionsOf('acme-logs');
    expect(logsCompanions.map((c) => c.type).sort()).toEqual([
      'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      'aws:s3/bucketVersioning:BucketVersioning',
    ]);
    // Keyed under the bucket exactly as the aws-config source keys them, so both sources agree.
    expect(logsCompanions.map((c) => c.key).sort()).toEqual(
      ['encryption', 'public-access-block', 'versioning'].map((suffix) => `aws:${ACCOUNT}:arn:aws:s3:::acme-logs#${suffix}`),
    );
    for (const companion of logsCompanions) {
      expect(companion.propertyDependencies).toEqual({ bucket: [logsBucket.key] });
      expect(companion.dependencies).toEqual([logsBucket.key]);
      expect(companion.region).toBe('eu-west-1');
      expect(companion.nativeId).toBe('acme-logs');
    }
    expect(logsCompanions.find((c) => c.type.endsWith(':BucketServerSideEncryptionConfiguration'))!.props).toEqual({
      bucket: 'acme-logs',
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/5678abcd-12ab-34cd-56ef-1234567890ab` },
          bucketKeyEnabled: true,
        },
      ],
    });
    // `EU` is the legacy name of eu-west-1.
    expect(byName(resources, 'aws:s3/bucket:Bucket', 'acme-trail-logs').region).toBe('eu-west-1');
    expect(byName(resources, 'aws:s3/bucketLogging:BucketLogging', 'acme-trail-logs-logging').props).toEqual({
      bucket: 'acme-trail-logs',
      targetBucket: 'acme-logs',
      targetPrefix: 'trail/',
    });

    const admin = byName(resources, 'aws:iam/policy:Policy', 'break-glass-admin');
    expect(JSON.parse(admin.props.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(JSON.parse(byName(resources, 'aws:iam/policy:Policy', 'orders-read').props.policy as string).Statement[0].Action).toEqual(['s3:GetObject']);
    expect(byName(resources, 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', 'account-password-policy').key).toBe(
      `aws:${ACCOUNT}:AWS::IAM::AccountPasswordPolicy/${ACCOUNT}`,
    );
    expect(byName(resources, 'aws:iam/accountPasswordPolicy:AccountPasswordPolicy', 'account-password-policy').props).toMatchObject({
      minimumPasswordLength: 8,
      requireSymbols: true,
    });
    expect(resources.filter((r) => r.type === 'aws:iam/user:User').map((r) => r.name).sort()).toEqual(['alice', 'deployer']);
    expect(new Set(resources.map((r) => r.key)).size).toBe(resources.length);
  });

  it('makes only read-only calls, always with --region and --output json', async () => {
    await readDocuments(testSource(), 'prod-aws', context);
    const calls = (await sandbox.calls()).filter((call) => call.cli === 'aws');
    expect(calls.length).toBeGreaterThan(20);
    for (const { args } of calls) {
      expect(args[1], args.join(' ')).toMatch(/^(describe|list|get)-/);
      expect(args.slice(-2)).toEqual(['--output', 'json']);
      expect(args, args.join(' ')).toContain('--region');
    }
    const volumes = calls.filter((call) => call.args[1] === 'describe-volumes').map((call) => call.args[call.args.indexOf('--region') + 1]);
    expect(volumes.sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('finds what the rules should: a world-open SG, an unencrypted volume, a bucket without a public access block', async () => {
    const [document] = await readDocuments(testSource(), 'prod-aws', context);
    const { findings, failures } = await createRunner(rules).evaluate(document);
    expect(failures).toEqual([]);
    const keyOf = (type: string, name: string) => byName(document.resources, type, name).key;
    const found = (policyId: string) => findings.filter((f) => f.policyId === policyId).map((f) => f.resourceKey).sort();

    expect(found('aws-ec2-security-group-no-public-ssh')).toEqual([keyOf('aws:ec2/securityGroup:SecurityGroup', 'bastion')]);
    expect(found('aws-ec2-security-group-no-public-rdp')).toEqual([]);
    expect(found('aws-ebs-volume-encrypted')).toEqual([keyOf('aws:ebs/volume:Volume', 'orders-data')]);
    expect(found('aws-s3-bucket-public-access-block')).toEqual([keyOf('aws:s3/bucket:Bucket', 'acme-data')]);
    expect(found('aws-s3-bucket-encryption')).toEqual([keyOf('aws:s3/bucket:Bucket', 'acme-data')]);
    expect(found('aws-s3-bucket-versioning')).toEqual(
      [keyOf('aws:s3/bucket:Bucket', 'acme-data'), keyOf('aws:s3/bucket:Bucket', 'acme-trail-logs')].sort(),
    );
    expect(found('aws-s3-public-access-block-all-enabled')).toEqual([
      keyOf('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'acme-trail-logs-public-access-block'),
    ]);
    // The trail bucket logs its access, so the CloudTrail bucket rule is satisfied through the join.
    expect(found('aws-cloudtrail-bucket-access-logging')).toEqual([]);
    expect(found('aws-ec2-instance-imdsv2')).toEqual([keyOf('aws:ec2/instance:Instance', 'orders-api')]);
    expect(found('aws-rds-instance-not-public')).toEqual([keyOf('aws:rds/instance:Instance', 'orders')]);
    expect(found('aws-rds-instance-storage-encrypted')).toEqual([keyOf('aws:rds/instance:Instance', 'orders')]);
    expect(found('aws-kms-key-rotation')).toEqual([keyOf('aws:kms/key:Key', 'orders-data')]);
    expect(found('aws-iam-policy-no-full-admin')).toEqual([keyOf('aws:iam/policy:Policy', 'break-glass-admin')]);
    expect(found('aws-iam-password-policy-min-length')).toHaveLength(1);
    expect(found('aws-cloudtrail-multi-region')).toEqual([keyOf('aws:cloudtrail/trail:Trail', 'org-trail')]);
  });

  it('uses AWS_REGION when the connection names no regions', async () => {
    const record: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: {} };
    const [document] = await readDocuments(testSource(), 'prod-aws', withEnv({ AWS_REGION: 'eu-west-1' }, record));
    const regions = new Set(document.resources.filter((r) => r.type.startsWith('aws:ec2/')).map((r) => r.region));
    expect([...regions]).toEqual(['eu-west-1']);
  });

  it('retries throttled calls with backoff and then succeeds', async () => {
    const documents = await readDocuments(
      testSource(),
      'prod-aws',
      withEnv({ FAKE_THROTTLE_OP: 'ec2 describe-volumes', FAKE_THROTTLE_TIMES: '3' }),
    );
    expect(documents[0].resources.some((r) => r.name === 'orders-data')).toBe(true);
    const volumeCalls = (await sandbox.calls()).filter((call) => call.args[1] === 'describe-volumes');
    // Three throttled answers, then the fourth attempt (the last one allowed) is answered.
    expect(volumeCalls).toHaveLength(1 + 3);
  });

  it('gives up on a permanent throttle with an error naming the connection and the call', async () => {
    const error = (await readError(
      testSource(),
      'prod-aws',
      withEnv({ FAKE_THROTTLE_OP: 'iam list-users', FAKE_THROTTLE_TIMES: 'always' }),
    )) as SweepError;
    expect(isSweepError(error)).toBe(true);
    expect(error.code).toBe('cli-throttled');
    expect(error.message).toContain('connection "prod-aws"');
    expect(error.message).toContain('`aws iam list-users --region us-east-1`');
    expect(error.message).toContain('after 4 attempts');
    expect(error.message).toContain('ThrottlingException');
    expect(error.hint).toMatch(/concurrency|later/);
    const attempts = (await sandbox.calls()).filter((call) => call.args[0] === 'iam' && call.args[1] === 'list-users');
    expect(attempts).toHaveLength(4);
  });

  it('reports an answer that is not JSON, or JSON of the wrong shape, naming the connection and the call', async () => {
    const text = (await readError(testSource(), 'prod-aws', withEnv({ FAKE_MALFORMED_OP: 's3api get-bucket-logging' }))) as SweepError;
    expect(text.code).toBe('cli-malformed-output');
    expect(text.message).toMatch(/^connection "prod-aws": `aws s3api get-bucket-logging --bucket acme-[a-z-]+ --region [a-z0-9-]+` answered with output that is not JSON/);
    expect(text.hint).toBeTruthy();

    const shape = (await readError(testSource(), 'prod-aws', withEnv({ FAKE_BADSHAPE_OP: 's3api list-buckets' }))) as SweepError;
    expect(shape.code).toBe('cli-malformed-output');
    expect(shape.message).toContain('`aws s3api list-buckets --region us-east-1`');
    expect(shape.message).toContain('at Buckets');
  });

  it('times out a call that never answers', async () => {
    const started = Date.now();
    const error = (await readError(testSource({ timeoutMs: 700 }), 'prod-aws', withEnv({ FAKE_HANG_OP: 'iam list-users' }))) as SweepError;
    expect(error.code).toBe('cli-timeout');
    expect(error.message).toBe('connection "prod-aws": `aws iam list-users --region us-east-1` did not answer within 0.7 s');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('never lets a credential into an error, even when the CLI prints one', async () => {
    const envFile = join(sandbox.dir, 'prod.env');
    await writeFile(envFile, `# scanner session\nexport AWS_SESSION_TOKEN="${SECRETS.envFileToken}"\nAWS_DEFAULT_REGION=us-east-1\n`);
    const record: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { envFile } };
    const error = (await readError(testSource(), 'prod-aws', withEnv({ FAKE_FAIL_OP: 'iam get-account-password-policy' }, record))) as SweepError;
    expect(error.code).toBe('cli-failed');
    expect(error.message).toContain('`aws iam get-account-password-policy --region us-east-1`');
    expect(error.message).toContain('AccessDenied');
    // The fake echoed its environment: the env file's token reached the CLI, and was scrubbed on the way back.
    expect(error.message).toContain('AWS_SESSION_TOKEN=[redacted]');
    expect(error.message).toContain('AWS_SECRET_ACCESS_KEY=[redacted]');
    expectNoSecrets(`${error.message} ${error.hint} ${error.stack}`);
    expect(error.hint).toContain('SecurityAudit');
  });

  it('runs no more CLI processes at once than the concurrency bound', async () => {
    await readDocuments(testSource({ concurrency: 2 }), 'prod-aws', withEnv({ FAKE_CLI_DELAY_MS: '80' }));
    const observed = await sandbox.concurrency();
    expect(observed.length).toBeGreaterThan(20);
    expect(Math.max(...observed)).toBe(2);

    const sandbox3 = await createSandbox({ FAKE_CLI_DELAY_MS: '80' });
    try {
      const record: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1'], concurrency: 3 } };
      await readDocuments(testSource({ concurrency: 8 }), 'prod-aws', { cwd: ROOT, env: sandbox3.env, connection: lookupOf(record) });
      // The connection's own setting wins over the source default.
      expect(Math.max(...(await sandbox3.concurrency()))).toBe(3);
    } finally {
      await sandbox3.cleanup();
    }
  });

  it('runs the CLI through `pulumi env run` when the connection names an ESC environment', async () => {
    const escFile = join(sandbox.dir, 'esc.json');
    await writeFile(
      escFile,
      JSON.stringify({ 'acme/infra/prod-aws': { AWS_ACCESS_KEY_ID: 'AKIAQESCKEY000000001', AWS_SECRET_ACCESS_KEY: SECRETS.escSecret } }),
    );
    // No credentials in sweep's own environment: only the ESC environment has them.
    const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...bare } = sandbox.env;
    const record: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { esc: 'acme/infra/prod-aws', regions: ['us-east-1'] } };
    const context: SourceContext = { cwd: ROOT, env: { ...bare, FAKE_ESC_FILE: escFile }, connection: lookupOf(record) };

    const [document] = await readDocuments(testSource(), 'prod-aws', context);
    expect(document.scope).toBe(`aws:${ACCOUNT}`);
    const calls = await sandbox.calls();
    const viaPulumi = calls.filter((call) => call.cli === 'pulumi');
    const aws = calls.filter((call) => call.cli === 'aws');
    expect(viaPulumi.length).toBe(aws.length);
    expect(viaPulumi[0].args.slice(0, 5)).toEqual(['env', 'run', 'acme/infra/prod-aws', '--', 'aws']);
    for (const call of aws) expect(call.esc).toBe('acme/infra/prod-aws');

    // The same connection without ESC has no credentials at all.
    const plain: ConnectionRecord = { name: 'prod-aws', kind: 'aws', config: { regions: ['us-east-1'] } };
    const error = (await readError(testSource(), 'prod-aws', { ...context, connection: lookupOf(plain) })) as SweepError;
    expect(error.message).toContain('Unable to locate credentials');
    expect(error.hint).toMatch(/credentials/);

    // ESC's values never pass through sweep, so they cannot be listed for scrubbing; credential-shaped
    // `NAME=value` pairs and access key ids are redacted anyway.
    const failing = (await readError(testSource(), 'prod-aws', { ...context, env: { ...context.env, FAKE_FAIL_OP: 'sts get-caller-identity' } })) as SweepError;
    expect(failing.message).toContain('`aws sts get-caller-identity --region us-east-1` (inside ESC environment acme/infra/prod-aws) failed');
    expect(failing.message).toContain('AWS_SECRET_ACCESS_KEY=[redacted]');
    expect(failing.message).not.toContain('AKIAQESCKEY000000001');
    expectNoSecrets(failing.message);
  });

  it('names a missing connection and says how to list them', async () => {
    const error = (await readError(testSource(), 'nope', context)) as SweepError;
    expect(error.code).toBe('connection-not-found');
    expect(error.message).toContain('"nope"');
    expect(error.hint).toContain('sweep connections list');
  });

  it('names a CLI that is not installed', async () => {
    const error = (await readError(testSource(), 'prod-aws', withEnv({ PATH: join(sandbox.dir, 'empty-bin') }))) as SweepError;
    expect(error.code).toBe('cli-not-found');
    expect(error.message).toContain('`aws` is not on PATH');
  });
});
