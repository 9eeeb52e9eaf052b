import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleById } from '../../policies/index.ts';
import { hclLiteral, parseHcl, type HclAttribute, type HclBlock, type HclItem } from '../../src/fixers/props/hcl.ts';
import { createRemediatePropsFixer } from '../../src/fixers/props/index.ts';
import type { FixGroup, FixOutcome, FixTarget } from '../../src/fixers/types.ts';
import { changedLines, terraformFixtures } from './props-support.ts';

/** Terraform is on this machine; `terraform fmt -check` is the independent judge of syntax and layout. */
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

function fmtCheck(dir: string): { ok: boolean; output: string } {
  const result = spawnSync('terraform', ['fmt', '-check', '-diff', dir], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stdout };
}

/** A Terraform-managed target as terraform-state maps it: Pulumi type and camelCase props, the block's line. */
function target(type: string, name: string, line: number, props: Record<string, unknown>, policyId: string): FixTarget {
  return {
    violationId: 0,
    policyId,
    message: 'violation',
    resource: {
      key: `terraform:acme/data:${type}:${name}`,
      type,
      name,
      props,
      iac: { kind: 'terraform', repo: 'acme/data', path: 'main.tf', line },
    },
  };
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

function block(items: HclItem[], labels: string[]): HclBlock {
  const found = items.find((item): item is HclBlock => item.kind === 'block' && item.labels.join('.') === labels.join('.'));
  if (!found) throw new Error(`no block ${labels.join('.')}`);
  return found;
}

function value(text: string, parent: HclBlock, name: string): unknown {
  const attribute = parent.items.find((item): item is HclAttribute => item.kind === 'attribute' && item.name === name);
  if (!attribute) return undefined;
  const parsed = hclLiteral(text, attribute.valueStart, attribute.valueEnd);
  return parsed.literal ? parsed.value : `<expr ${text.slice(attribute.valueStart, attribute.valueEnd)}>`;
}

describe('remediate-props on Terraform', () => {
  let dir: string;
  let original: string;
  const fixer = createRemediatePropsFixer();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sweep-tf-'));
    await cp(terraformFixtures, dir, { recursive: true });
    original = await readFile(join(dir, 'main.tf'), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  function group(policyId: string, targets: FixTarget[]): FixGroup {
    return { groupKey: `acme/data|prod|${policyId}`, rule: ruleById(policyId)!, checkoutDir: dir, programDir: dir, targets };
  }

  async function fix(policyId: string, targets: FixTarget[]): Promise<FixOutcome> {
    return fixer.fix(group(policyId, targets));
  }

  const analytics = () =>
    target(
      'aws:rds/instance:Instance',
      'analytics',
      lineOf(original, '"aws_db_instance" "analytics"'),
      { identifier: 'acme-analytics', engine: 'postgres', instanceClass: 'db.t3.medium', allocatedStorage: 100, publiclyAccessible: true, skipFinalSnapshot: true, tags: { team: 'data' } },
      'aws-rds-instance-not-public',
    );

  it('replaces a literal argument in place, keeping its comment and alignment', async () => {
    const outcome = await fix('aws-rds-instance-not-public', [analytics()]);
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.edits.map((edit) => edit.path)).toEqual(['main.tf']);
    expect(changedLines(outcome.edits[0].before, outcome.edits[0].after)).toEqual({
      removed: ['  publicly_accessible = true # made public for the BI trial'],
      added: ['  publicly_accessible = false # made public for the BI trial'],
    });
    expect(outcome.intended.changed).toEqual([{ urn: analytics().resource.key, props: { ...analytics().resource.props, publiclyAccessible: false } }]);
  });

  it('adds a missing argument after the last one (snake_case), and a missing nested block', async () => {
    const deletion = await fix('aws-rds-instance-deletion-protection', [{ ...analytics(), policyId: 'aws-rds-instance-deletion-protection' }]);
    if (!deletion.ok) throw new Error(deletion.reason);
    expect(changedLines(deletion.edits[0].before, deletion.edits[0].after).added).toEqual(['  deletion_protection = true']);

    const worker = target(
      'aws:ec2/instance:Instance',
      'worker',
      lineOf(original, '"aws_instance" "worker"'),
      // State records every IMDS setting, the code none: the fix sets only the one that matters.
      {
        ami: 'ami-0123456789abcdef0',
        instanceType: 't3.micro',
        rootBlockDevice: { encrypted: true },
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional', httpPutResponseHopLimit: 1 },
      },
      'aws-ec2-instance-imdsv2',
    );
    const imds = await fix('aws-ec2-instance-imdsv2', [worker]);
    if (!imds.ok) throw new Error(imds.reason);
    expect(imds.edits[0].after).toContain('  root_block_device {\n    encrypted = true\n  }\n\n  metadata_options {\n    http_tokens = "required"\n  }\n}\n');
  });

  it('edits the repeated block whose contents match the element, whatever order state keeps them in', async () => {
    const bastion = target(
      'aws:ec2/securityGroup:SecurityGroup',
      'bastion',
      lineOf(original, '"aws_security_group" "bastion"'),
      {
        name: 'bastion',
        description: 'SSH to the bastion',
        vpcId: 'vpc-0abc',
        ingress: [
          { description: 'ssh', fromPort: 22, toPort: 22, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: [], self: false },
          { description: 'https', fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: [], self: false },
        ],
      },
      'aws-ec2-security-group-no-public-ssh',
    );
    const outcome = await fix('aws-ec2-security-group-no-public-ssh', [bastion]);
    if (!outcome.ok) throw new Error(outcome.reason);
    const { before, after } = outcome.edits[0];
    const lines = changedLines(before, after);
    expect(lines).toEqual({ removed: ['    cidr_blocks = ["0.0.0.0/0"]'], added: ['    cidr_blocks = ["10.0.0.0/8"]'] });
    // It is the ssh block (the second in the file) that changed.
    const ingress = block(parseHcl(after), ['aws_security_group', 'bastion']).items.filter((item): item is HclBlock => item.kind === 'block');
    expect(ingress.map((item) => [value(after, item, 'from_port'), value(after, item, 'cidr_blocks')])).toEqual([
      [443, ['0.0.0.0/0']],
      [22, ['10.0.0.0/8']],
    ]);
    expect(after).toContain('  # On-call SSH. Opened to the world during the VPN outage.\n  ingress {');
  });

  it('pads a new argument to the `=` column of the arguments above it', async () => {
    const trail = () =>
      target(
        'aws:cloudtrail/trail:Trail',
        'main',
        lineOf(original, '"aws_cloudtrail" "main"'),
        { name: 'main', s3BucketName: 'acme-trail', includeGlobalServiceEvents: true, enableLogFileValidation: false, isMultiRegionTrail: false },
        'aws-cloudtrail-multi-region',
      );
    const region = await fix('aws-cloudtrail-multi-region', [trail()]);
    if (!region.ok) throw new Error(region.reason);
    const validation = await fix('aws-cloudtrail-log-file-validation', [{ ...trail(), policyId: 'aws-cloudtrail-log-file-validation' }]);
    if (!validation.ok) throw new Error(validation.reason);
    expect(validation.edits[0].after).toContain(
      [
        'resource "aws_cloudtrail" "main" {',
        '  name                          = "main"',
        '  s3_bucket_name                = "acme-trail"',
        '  include_global_service_events = true',
        '  enable_log_file_validation    = true',
        '  is_multi_region_trail         = true',
        '}',
      ].join('\n'),
    );
  });

  it.skipIf(!terraform)('leaves a file `terraform fmt` accepts as formatted, with every other block unchanged', async () => {
    const text = await readFile(join(dir, 'main.tf'), 'utf8');
    const check = fmtCheck(dir);
    expect(check.output).toBe('');
    expect(check.ok).toBe(true);
    const before = parseHcl(original);
    const after = parseHcl(text);
    for (const labels of [['aws_kms_key', 'tokens'], ['aws_kms_key', 'per_env']]) {
      const a = block(before, labels);
      const b = block(after, labels);
      expect(text.slice(b.start, b.close + 1)).toBe(original.slice(a.start, a.close + 1));
    }
    expect(text.startsWith('# Payments data tier.')).toBe(true);
  });

  it('declines expressions, count/for_each, and blocks it cannot identify', async () => {
    const tokens = target('aws:kms/key:Key', 'tokens', lineOf(original, '"aws_kms_key" "tokens"'), { description: 'tokens', enableKeyRotation: false }, 'aws-kms-key-rotation');
    const computed = await fix('aws-kms-key-rotation', [tokens]);
    expect(computed).toMatchObject({ ok: false, code: 'computed-value' });
    expect(!computed.ok && computed.reason).toContain('var.rotate_keys');

    const perEnv = target('aws:kms/key:Key', 'per_env[0]', lineOf(original, '"aws_kms_key" "per_env"'), { description: 'per env 0', enableKeyRotation: false }, 'aws-kms-key-rotation');
    const counted = await fix('aws-kms-key-rotation', [perEnv]);
    expect(counted).toMatchObject({ ok: false, code: 'computed-value' });
    expect(!counted.ok && counted.reason).toContain('count');

    const ghost = target(
      'aws:ec2/securityGroup:SecurityGroup',
      'bastion',
      lineOf(original, '"aws_security_group" "bastion"'),
      { ingress: [{ description: 'rdp', fromPort: 3389, toPort: 3389, protocol: 'tcp', cidrBlocks: ['0.0.0.0/0'] }] },
      'aws-ec2-security-group-no-public-rdp',
    );
    expect(await fix('aws-ec2-security-group-no-public-rdp', [ghost])).toMatchObject({ ok: false, code: 'hcl-unsupported' });

    const missing = target('aws:rds/instance:Instance', 'orders', 3, { publiclyAccessible: true }, 'aws-rds-instance-not-public');
    expect(await fix('aws-rds-instance-not-public', [missing])).toMatchObject({ ok: false, code: 'no-declaration' });
  });
});
