import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportUnmanagedFixer, createInputSchema } from '../../src/fixers/import-unmanaged/index.ts';
import type { FixOutcome, FixTarget } from '../../src/fixers/types.ts';
import { capturePulumiProgram, type ProgramCapture } from '../../src/sources/pulumi-program/index.ts';
import { copyProgram, demoProgram, groupOf, removeProgram, scanProgram, typecheck } from './props-support.ts';

type Success = Extract<FixOutcome, { ok: true }>;

function succeeded(outcome: FixOutcome): Success {
  if (!outcome.ok) throw new Error(`expected a fix, got ${outcome.code}: ${outcome.reason}`);
  return outcome;
}

/** An unmanaged resource as the AWS Config source maps it: Pulumi-shaped props, outputs included. */
function unmanaged(policyId: string, type: string, name: string, nativeId: string | undefined, props: Record<string, unknown>): FixTarget {
  return {
    violationId: 0,
    policyId,
    message: 'violation',
    resource: { key: `aws-config:492817365014:${nativeId ?? name}`, type, name, nativeId, props, iac: { kind: 'none' } },
  };
}

const legacySsh = () =>
  unmanaged('aws-ec2-security-group-no-public-ssh', 'aws:ec2/securityGroup:SecurityGroup', 'legacy-ssh', 'sg-0a1b2c3d4e5f', {
    name: 'legacy-ssh',
    description: 'made by hand in 2020',
    vpcId: 'vpc-0abc1234',
    arn: 'arn:aws:ec2:us-east-1:492817365014:security-group/sg-0a1b2c3d4e5f',
    ownerId: '492817365014',
    ingress: [
      { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'], description: 'ssh', ruleId: 'sgr-1' },
    ],
    egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
    tags: { team: 'ops' },
    tagsAll: { team: 'ops' },
  });

const uploads = () =>
  unmanaged('aws-s3-bucket-versioning', 'aws:s3/bucket:Bucket', 'legacy-uploads', 'acme-legacy-uploads', {
    bucket: 'acme-legacy-uploads',
    arn: 'arn:aws:s3:::acme-legacy-uploads',
    region: 'us-east-1',
    tags: { team: 'growth' },
  });

describe('import-unmanaged into the demo program', () => {
  let dir: string;
  let network: Success;
  let storage: Success;
  let capture: ProgramCapture;

  beforeAll(async () => {
    dir = await copyProgram(demoProgram);
    network = succeeded(await createImportUnmanagedFixer({ importInto: 'network.ts' }).fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [legacySsh()])));
    storage = succeeded(await createImportUnmanagedFixer({ importInto: 'storage.ts' }).fix(groupOf(dir, 'aws-s3-bucket-versioning', [uploads()])));
    capture = await capturePulumiProgram(dir);
  });
  afterAll(() => removeProgram(dir));

  it('declares the resource with `import`, inputs only, already fixed', async () => {
    const [edit] = network.edits;
    expect(edit.path).toBe('network.ts');
    expect(edit.after.startsWith(edit.before)).toBe(true);
    expect(edit.after.slice(edit.before.length)).toBe(
      [
        '',
        '// Adopted by sweep: this resource existed in the account without code; `import` takes it over as is.',
        'const legacySsh = new aws.ec2.SecurityGroup("legacy-ssh", {',
        '    name: "legacy-ssh",',
        '    description: "made by hand in 2020",',
        '    vpcId: "vpc-0abc1234",',
        '    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], description: "ssh" }],',
        '    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],',
        '    tags: { team: "ops" },',
        '}, { import: "sg-0a1b2c3d4e5f" });',
        '',
      ].join('\n'),
    );
    expect(network.intended).toEqual({ changed: [], added: ['urn:pulumi:dev::acme-payments::aws:ec2/securityGroup:SecurityGroup::legacy-ssh'] });
    expect(network.notes?.[0]).toContain('left out non-inputs: arn, ownerId, ingress[0].ruleId, tagsAll');
    expect(await readFile(join(dir, 'network.ts'), 'utf8')).toBe(edit.after);
  });

  it('captures under mocks as the imported id with the fixed inputs', () => {
    const group = capture.resources.find((resource) => resource.urn === network.intended.added[0]);
    expect(group).toMatchObject({ id: 'sg-0a1b2c3d4e5f' });
    expect(group!.inputs).toEqual({
      name: 'legacy-ssh',
      description: 'made by hand in 2020',
      vpcId: 'vpc-0abc1234',
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['10.0.0.0/8'], description: 'ssh' }],
      egress: [{ protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] }],
      tags: { team: 'ops' },
    });
  });

  it('adopts a bucket together with the companion its rule needs', async () => {
    expect(storage.intended.added).toEqual([
      'urn:pulumi:dev::acme-payments::aws:s3/bucket:Bucket::legacy-uploads',
      'urn:pulumi:dev::acme-payments::aws:s3/bucketVersioning:BucketVersioning::legacy-uploads-versioning',
    ]);
    const bucket = capture.resources.find((resource) => resource.urn === storage.intended.added[0]);
    expect(bucket).toMatchObject({ id: 'acme-legacy-uploads', inputs: { bucket: 'acme-legacy-uploads', region: 'us-east-1', tags: { team: 'growth' } } });
    const versioning = capture.resources.find((resource) => resource.urn === storage.intended.added[1]);
    expect(versioning?.inputs).toEqual({ bucket: 'acme-legacy-uploads', versioningConfiguration: { status: 'Enabled' } });

    const scan = await scanProgram(dir);
    const adopted = scan.document.resources.filter((resource) => resource.name.startsWith('legacy-'));
    const violations = scan.findings.filter((finding) => adopted.some((resource) => resource.key === finding.resourceKey));
    expect(violations.map((finding) => finding.policyId)).not.toContain('aws-s3-bucket-versioning');
    expect(violations.map((finding) => finding.policyId)).not.toContain('aws-ec2-security-group-no-public-ssh');
  });

  it('leaves a program that type-checks', { timeout: 120_000 }, () => {
    expect(typecheck(dir).output).toBe('');
  });
});

describe('import-unmanaged declines', () => {
  let dir: string;
  const fixer = createImportUnmanagedFixer({ importInto: 'network.ts', write: false });

  beforeAll(async () => {
    dir = await copyProgram(demoProgram);
  });
  afterAll(() => removeProgram(dir));

  it('applies only to groups of unmanaged resources with a fix to apply', () => {
    expect(fixer.applies(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [legacySsh()]))).toBe(true);
    const managed = legacySsh();
    managed.resource.iac = { kind: 'pulumi', path: 'network.ts', line: 3 };
    expect(fixer.applies(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [managed]))).toBe(false);
    expect(fixer.applies(groupOf(dir, 'aws-ebs-volume-encrypted', [legacySsh()]))).toBe(false);
  });

  it('secret-value: an unmanaged database whose password it cannot see', async () => {
    const database = unmanaged('aws-rds-instance-not-public', 'aws:rds/instance:Instance', 'legacy-db', 'legacy-db', {
      engine: 'postgres',
      instanceClass: 'db.t3.micro',
      username: 'admin',
      password: '[secret]',
      publiclyAccessible: true,
    });
    expect(await fixer.fix(groupOf(dir, 'aws-rds-instance-not-public', [database]))).toMatchObject({ ok: false, strategy: 'import-unmanaged', code: 'secret-value' });
  });

  it('no-import-id, unsupported-type, already-declared, not-unmanaged, no-import-file', async () => {
    const noId = legacySsh();
    delete noId.resource.nativeId;
    expect(await fixer.fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [noId]))).toMatchObject({ ok: false, code: 'no-import-id' });

    const gcp = unmanaged('aws-ec2-security-group-no-public-ssh', 'gcp:compute/firewall:Firewall', 'fw', 'fw', {});
    expect(await fixer.fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [gcp]))).toMatchObject({ ok: false, code: 'unsupported-type' });

    const twin = legacySsh();
    twin.resource.name = 'bastion-sg';
    expect(await fixer.fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [twin]))).toMatchObject({ ok: false, code: 'already-declared' });

    const managed = legacySsh();
    managed.resource.iac = { kind: 'pulumi', path: 'network.ts' };
    expect(await fixer.fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [managed]))).toMatchObject({ ok: false, code: 'not-unmanaged' });

    const elsewhere = createImportUnmanagedFixer({ importInto: 'infra/missing.ts', write: false });
    expect(await elsewhere.fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [legacySsh()]))).toMatchObject({ ok: false, code: 'no-import-file' });
  });

  it('defaults to the program entry file, adding the @pulumi/aws import it lacks', async () => {
    const outcome = succeeded(await createImportUnmanagedFixer({ write: false }).fix(groupOf(dir, 'aws-ec2-security-group-no-public-ssh', [legacySsh()])));
    const [edit] = outcome.edits;
    expect(edit.path).toBe('index.ts');
    expect(edit.after).toContain('import { vpc } from "./network";\nimport * as aws from "@pulumi/aws";\n');
    expect(edit.after).toContain('const legacySsh = new aws.ec2.SecurityGroup("legacy-ssh", {');
  });

  it('reads input shapes from @pulumi/aws, nested ones included', () => {
    const schema = createInputSchema();
    expect(schema.resourceInputs('aws:s3/bucket:Bucket')?.has('bucket')).toBe(true);
    expect(schema.resourceInputs('aws:s3/bucket:Bucket')?.has('arn')).toBe(false);
    expect(schema.resourceInputs('aws:nope/thing:Thing')).toBeUndefined();
    expect(schema.filter('aws:ec2/securityGroup:SecurityGroup', { ingress: [{ fromPort: 1, made: 'up' }], id: 'sg-1' })).toEqual({
      props: { ingress: [{ fromPort: 1 }] },
      dropped: ['ingress[0].made', 'id'],
    });
  });
});
