import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as aws from '@pulumi/aws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceRule } from '../../policies/rule.ts';
import { createRemediatePropsFixer } from '../../src/fixers/props/index.ts';
import type { FixOutcome } from '../../src/fixers/types.ts';
import {
  captureInputs,
  changedLines,
  copyProgram,
  demoProgram,
  findingIds,
  fixturePrograms,
  groupOf,
  removeProgram,
  resourceNamed,
  scanProgram,
  targetOf,
  targetsFor,
  typecheck,
  type ProgramScan,
} from './props-support.ts';

type Success = Extract<FixOutcome, { ok: true }>;

function succeeded(outcome: FixOutcome): Success {
  if (!outcome.ok) throw new Error(`expected a fix, got ${outcome.code}: ${outcome.reason}`);
  return outcome;
}

/** One group per policy, each touching a different demo resource, so the end state is the sum of the intents. */
const DEMO_FIXES: [policy: string, resource: string][] = [
  ['aws-rds-instance-not-public', 'analytics-db'],
  ['aws-ec2-security-group-no-public-ssh', 'bastion-sg'],
  ['aws-ec2-security-group-no-public-rdp', 'windows-jump-sg'],
  ['aws-kms-key-rotation', 'settlement-legacy-key'],
  ['aws-iam-password-policy-min-length', 'password-policy'],
  ['aws-cloudtrail-multi-region', 'account-trail'],
  ['aws-ec2-instance-imdsv2', 'settlement-batch'],
  ['aws-vpc-ingress-rule-no-public-ssh', 'app-ssh-vendor-debug'],
];

describe('remediate-props on the demo program', () => {
  let dir: string;
  let scan: ProgramScan;
  let before: Map<string, Record<string, unknown>>;
  const outcomes = new Map<string, Success>();

  beforeAll(async () => {
    dir = await copyProgram(demoProgram);
    scan = await scanProgram(dir);
    before = await captureInputs(dir);
    const fixer = createRemediatePropsFixer();
    for (const [policy, name] of DEMO_FIXES) {
      const group = groupOf(dir, policy, targetsFor(scan, policy, [name]));
      expect(fixer.applies(group)).toBe(true);
      outcomes.set(policy, succeeded(await fixer.fix(group)));
    }
  });
  afterAll(() => removeProgram(dir));

  it('re-capturing the edited program gives exactly the intended inputs, and nothing else moves', async () => {
    const after = await captureInputs(dir);
    const intended = new Map([...outcomes.values()].flatMap((outcome) => outcome.intended.changed.map((change) => [change.urn, change.props] as const)));
    expect(intended.size).toBe(DEMO_FIXES.length);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [urn, inputs] of after) {
      expect(inputs, urn).toEqual(intended.get(urn) ?? before.get(urn));
    }
    for (const outcome of outcomes.values()) expect(outcome.intended.added).toEqual([]);
  });

  it('clears the fixed violations without raising new ones', async () => {
    const rescan = await scanProgram(dir);
    const fixed = new Set(DEMO_FIXES.map(([policy, name]) => `${policy}|${resourceNamed(scan, name).key}`));
    const expected = [...findingIds(scan.findings)].filter((id) => !fixed.has(id)).sort();
    expect([...findingIds(rescan.findings)].sort()).toEqual(expected);
  });

  it('edits only the lines that hold the changed properties, in the file\'s own style', () => {
    const lines = (policy: string) => {
      const [edit] = outcomes.get(policy)!.edits;
      return changedLines(edit.before, edit.after);
    };
    expect(outcomes.get('aws-rds-instance-not-public')!.edits.map((edit) => edit.path)).toEqual(['database.ts']);
    expect(lines('aws-rds-instance-not-public')).toEqual({ removed: ['    publiclyAccessible: true,'], added: ['    publiclyAccessible: false,'] });
    expect(lines('aws-ec2-security-group-no-public-ssh')).toEqual({
      removed: ['        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], description: "ssh" },'],
      added: ['        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], description: "ssh" },'],
    });
    expect(lines('aws-ec2-instance-imdsv2')).toEqual({ removed: [], added: ['    metadataOptions: { httpTokens: "required" },'] });
    expect(lines('aws-vpc-ingress-rule-no-public-ssh')).toEqual({ removed: ['    cidrIpv4: "0.0.0.0/0",'], added: ['    cidrIpv4: "10.0.0.0/8",'] });
  });

  it('leaves a program that type-checks', { timeout: 120_000 }, () => {
    const result = typecheck(dir);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});

describe('remediate-props on code shapes beyond the demo', () => {
  let dir: string;
  let scan: ProgramScan;
  let before: Map<string, Record<string, unknown>>;
  const fixer = createRemediatePropsFixer();
  const edited = new Map<string, Success>();

  beforeAll(async () => {
    dir = await copyProgram(join(fixturePrograms, 'props'));
    scan = await scanProgram(dir);
    before = await captureInputs(dir);
  });
  afterAll(() => removeProgram(dir));

  async function fix(policy: string, names: string[]): Promise<FixOutcome> {
    return fixer.fix(groupOf(dir, policy, targetsFor(scan, policy, names)));
  }

  it('fixes several targets in one file with one edit, element by element inside nested arrays', async () => {
    const outcome = succeeded(await fix('aws-ec2-security-group-no-public-ssh', ['jump', 'build']));
    edited.set('ssh', outcome);
    expect(outcome.edits.map((edit) => edit.path)).toEqual(['network.ts']);
    expect(changedLines(outcome.edits[0].before, outcome.edits[0].after)).toEqual({
      removed: [
        '            cidrBlocks: ["0.0.0.0/0"],',
        '            ipv6CidrBlocks: ["::/0"],',
        '    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0", "10.0.0.0/8"] }],',
      ],
      added: ['            cidrBlocks: ["10.0.0.0/8"],', '    ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }],'],
    });
    // Comments around and inside the declaration are untouched.
    expect(outcome.edits[0].after).toContain('// Jump host for the on-call rotation. This comment must survive the fix.');
    expect(outcome.edits[0].after).toContain('    description: "jump host", // trailing comments stay too\n');
    expect(outcome.edits[0].after).toContain('        // SSH for on-call\n');
    expect(await readFile(join(dir, 'network.ts'), 'utf8')).toBe(outcome.edits[0].after);
  });

  it('appends array elements and adds or extends nested objects, in single quotes and two-space indentation', async () => {
    const logging = succeeded(await fix('aws-eks-cluster-control-plane-logging', ['platform']));
    edited.set('eks', logging);
    expect(changedLines(logging.edits[0].before, logging.edits[0].after)).toEqual({
      removed: ['    enabledClusterLogTypes: ["api"],'],
      added: ['    enabledClusterLogTypes: ["api", "audit", "authenticator"],'],
    });

    const imds = succeeded(await fix('aws-ec2-instance-imdsv2', ['batch', 'worker']));
    edited.set('imds', imds);
    expect(imds.edits.map((edit) => edit.path)).toEqual(['data.ts']);
    const after = imds.edits[0].after;
    expect(after).toContain("  metadataOptions: {\n    httpEndpoint: 'enabled',\n    httpTokens: 'required',\n  },\n");
    expect(after).toContain("  instanceType: 't3.micro',\n  metadataOptions: { httpTokens: 'required' },\n});");

    const rotation = succeeded(await fix('aws-kms-key-rotation', ['audit']));
    edited.set('kms', rotation);
    expect(changedLines(rotation.edits[0].before, rotation.edits[0].after)).toEqual({
      removed: ['    enableKeyRotation: false, // SEC-12: flip once the consumer is fixed'],
      added: ['    enableKeyRotation: true, // SEC-12: flip once the consumer is fixed'],
    });
  });

  it('the fixture program re-captures with the intended inputs and type-checks', { timeout: 120_000 }, async () => {
    expect(edited.size).toBe(4);
    const after = await captureInputs(dir);
    const intended = new Map([...edited.values()].flatMap((outcome) => outcome.intended.changed.map((change) => [change.urn, change.props] as const)));
    expect(intended.size).toBe(6);
    for (const [urn, inputs] of after) expect(inputs, urn).toEqual(intended.get(urn) ?? before.get(urn));
    expect(typecheck(dir).output).toBe('');
  });

  it('declines a property that comes from a spread', async () => {
    const outcome = await fix('aws-rds-instance-not-public', ['reporting']);
    expect(outcome).toMatchObject({ ok: false, strategy: 'remediate-props', code: 'spread-argument' });
    expect(!outcome.ok && outcome.reason).toContain('...dbDefaults');
  });

  it('declines arguments passed as a variable', async () => {
    const outcome = await fix('aws-rds-instance-not-public', ['staging']);
    expect(outcome).toMatchObject({ ok: false, code: 'args-not-literal' });
    expect(!outcome.ok && outcome.reason).toContain('stagingArgs');
  });

  it('declines replacing a value computed from a variable', async () => {
    const key = await fix('aws-kms-key-rotation', ['tokens']);
    expect(key).toMatchObject({ ok: false, code: 'computed-value' });
    expect(!key.ok && key.reason).toMatch(/enableKeyRotation is computed by `rotate`/);
    const group = await fix('aws-ec2-security-group-no-public-ssh', ['shared']);
    expect(group).toMatchObject({ ok: false, code: 'computed-value' });
    expect(!group.ok && group.reason).toContain('worldCidrs');
  });

  it('passes on a rule that has no deterministic fix for the resource', async () => {
    expect(await fix('aws-ec2-security-group-no-public-ssh', ['legacy'])).toMatchObject({ ok: false, code: 'remediation-declined' });
  });

  it('never writes a file when any target in the group declines', async () => {
    const text = await readFile(join(dir, 'data.ts'), 'utf8');
    const outcome = await fix('aws-rds-instance-not-public', ['reporting', 'staging']);
    expect(outcome.ok).toBe(false);
    expect(await readFile(join(dir, 'data.ts'), 'utf8')).toBe(text);
  });
});

describe('remediate-props declines what it cannot find or must not write', () => {
  let dir: string;
  let scan: ProgramScan;
  const fixer = createRemediatePropsFixer({ write: false });

  beforeAll(async () => {
    dir = await copyProgram(demoProgram);
    scan = await scanProgram(dir);
  });
  afterAll(() => removeProgram(dir));

  it('no-declaration: the resource was renamed in code since the scan', async () => {
    const path = join(dir, 'kms.ts');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"settlement-legacy-key"', '"settlement-key-v2"'));
    try {
      const outcome = await fixer.fix(groupOf(dir, 'aws-kms-key-rotation', targetsFor(scan, 'aws-kms-key-rotation', ['settlement-legacy-key'])));
      expect(outcome).toMatchObject({ ok: false, code: 'no-declaration' });
      expect(!outcome.ok && outcome.reason).toContain('kms.ts');
    } finally {
      await writeFile(path, text);
    }
  });

  it('no-source: the file is gone from the checkout', async () => {
    const targets = targetsFor(scan, 'aws-rds-instance-not-public', ['analytics-db']);
    targets[0].resource.iac = { ...targets[0].resource.iac, path: 'moved/database.ts' };
    expect(await fixer.fix(groupOf(dir, 'aws-rds-instance-not-public', targets))).toMatchObject({ ok: false, code: 'no-source' });
    await rm(join(dir, 'audit.ts'));
    const trail = targetsFor(scan, 'aws-cloudtrail-multi-region', ['account-trail']);
    expect(await fixer.fix(groupOf(dir, 'aws-cloudtrail-multi-region', trail))).toMatchObject({ ok: false, code: 'no-source' });
  });

  it('no-property-fix: a rule fixed by a companion resource', async () => {
    const group = groupOf(dir, 'aws-s3-bucket-versioning', targetsFor(scan, 'aws-s3-bucket-versioning', ['ml-scratch']));
    expect(createRemediatePropsFixer().applies(group)).toBe(false);
    expect(await fixer.fix(group)).toMatchObject({ ok: false, code: 'no-property-fix' });
  });

  it('unmanaged: a resource no code declares', async () => {
    const target = targetOf(resourceNamed(scan, 'analytics-db'), 'aws-rds-instance-not-public');
    target.resource.iac = { kind: 'none' };
    const group = groupOf(dir, 'aws-rds-instance-not-public', [target]);
    expect(createRemediatePropsFixer().applies(group)).toBe(false);
    expect(await fixer.fix(group)).toMatchObject({ ok: false, code: 'unmanaged' });
  });

  it('secret-value: a fix that would copy the secret marker into code', async () => {
    const analytics = resourceNamed(scan, 'analytics-db');
    expect(analytics.props.password).toBe('[secret]');
    const leaky = resourceRule({
      id: 'test-leaky-fix',
      title: 'test',
      severity: 'low',
      rationale: 'test',
      remediation: 'test',
      controls: [],
      resource: aws.rds.Instance,
      validate() {},
      remediate: (props) => ({ ...props, tags: { ...(props.tags ?? {}), copied: props.password as string } }),
      examples: { pass: [], fail: [] },
    });
    const outcome = await fixer.fix(groupOf(dir, leaky.id, [targetOf(analytics, leaky.id)], leaky));
    expect(outcome).toMatchObject({ ok: false, code: 'secret-value' });
    expect(!outcome.ok && outcome.reason).toContain('tags.copied');
  });

  it('leaves an unchanged secret alone: the analytics password is not part of the fix', async () => {
    const targets = targetsFor(scan, 'aws-rds-instance-not-public', ['analytics-db']);
    const outcome = succeeded(await fixer.fix(groupOf(dir, 'aws-rds-instance-not-public', targets)));
    const [edit] = outcome.edits;
    expect(edit.after).toContain('password: pulumi.secret("Wq7!rT2m-analytics-9xKp"),');
    expect(edit.after).not.toContain('[secret]');
    expect(outcome.intended.changed[0].props.password).toBe('[secret]');
  });
});
