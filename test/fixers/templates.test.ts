import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplatesFixer, templateRegistry } from '../../src/fixers/templates/index.ts';
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
  targetsFor,
  typecheck,
  type ProgramScan,
} from './props-support.ts';

type Success = Extract<FixOutcome, { ok: true }>;

function succeeded(outcome: FixOutcome): Success {
  if (!outcome.ok) throw new Error(`expected a fix, got ${outcome.code}: ${outcome.reason}`);
  return outcome;
}

const URN = 'urn:pulumi:dev::acme-payments::';

describe('templates on the demo program', () => {
  let dir: string;
  let scan: ProgramScan;
  let before: Map<string, Record<string, unknown>>;
  const outcomes = new Map<string, Success>();
  const POLICIES = [
    'aws-s3-bucket-versioning',
    'aws-s3-bucket-encryption',
    'aws-s3-bucket-public-access-block',
    'aws-s3-bucket-access-logging',
    'aws-s3-bucket-policy-deny-insecure-transport',
  ];

  beforeAll(async () => {
    dir = await copyProgram(demoProgram);
    scan = await scanProgram(dir);
    before = await captureInputs(dir);
    const fixer = createTemplatesFixer();
    for (const policy of POLICIES) {
      const group = groupOf(dir, policy, targetsFor(scan, policy));
      expect(fixer.applies(group)).toBe(true);
      outcomes.set(policy, succeeded(await fixer.fix(group)));
    }
  });
  afterAll(() => removeProgram(dir));

  it('adds one companion per bucket right after it, named deterministically, parents unchanged', () => {
    const versioning = outcomes.get('aws-s3-bucket-versioning')!;
    expect(versioning.intended).toEqual({
      changed: [],
      added: ['cloudtrail-logs', 'marketing-assets', 'ml-scratch'].map((name) => `${URN}aws:s3/bucketVersioning:BucketVersioning::${name}-versioning`),
    });
    const [edit] = versioning.edits;
    expect(edit.path).toBe('storage.ts');
    expect(changedLines(edit.before, edit.after).removed).toEqual([]);
    expect(edit.after).toContain(
      [
        'export const marketingAssets = new aws.s3.Bucket("marketing-assets", {',
        '    bucket: `acme-payments-${env}-marketing-assets`,',
        '    tags: tags("growth", "CC-5200", { app: "www" }),',
        '});',
        '',
        'new aws.s3.BucketVersioning("marketing-assets-versioning", {',
        '    bucket: marketingAssets.id,',
        '    versioningConfiguration: { status: "Enabled" },',
        '});',
        '',
        '// Nightly CSV exports for finance.',
      ].join('\n'),
    );
    // Access logs go to the bucket the program already logs into.
    expect(outcomes.get('aws-s3-bucket-access-logging')!.edits[0].after).toContain(
      'new aws.s3.BucketLogging("ml-scratch-logging", {\n    bucket: mlScratch.id,\n    targetBucket: accessLogs.id,\n    targetPrefix: "ml-scratch/",\n});',
    );
  });

  it('re-captures with exactly the intended additions, and the rules then accept every bucket', async () => {
    const after = await captureInputs(dir);
    const added = [...outcomes.values()].flatMap((outcome) => outcome.intended.added);
    expect(added).toHaveLength(3 + 3 + 3 + 4 + 6);
    expect([...after.keys()].sort()).toEqual([...before.keys(), ...added].sort());
    for (const [urn, inputs] of before) expect(after.get(urn), urn).toEqual(inputs);
    expect(after.get(`${URN}aws:s3/bucketVersioning:BucketVersioning::ml-scratch-versioning`)).toEqual({
      bucket: 'ml-scratch-id',
      versioningConfiguration: { status: 'Enabled' },
    });
    expect(after.get(`${URN}aws:s3/bucketPolicy:BucketPolicy::receipts-policy`)).toEqual({
      bucket: 'receipts-id',
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: ['arn:aws:s3:::receipts', 'arn:aws:s3:::receipts/*'],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });

    const rescan = await scanProgram(dir);
    const remaining = [...findingIds(rescan.findings)];
    for (const policy of POLICIES) expect(remaining.filter((id) => id.startsWith(`${policy}|`)), policy).toEqual([]);
    // The trail bucket now logs its access too; nothing new appeared anywhere.
    const fixedPolicies = new Set([...POLICIES, 'aws-cloudtrail-bucket-access-logging']);
    const expected = [...findingIds(scan.findings)].filter((id) => !fixedPolicies.has(id.split('|')[0]));
    expect(remaining.sort()).toEqual(expected.sort());
  });

  it('leaves a program that type-checks', { timeout: 120_000 }, () => {
    expect(typecheck(dir).output).toBe('');
  });

  it('declines a template it does not have', async () => {
    const group = groupOf(dir, 'aws-cloudtrail-kms-encryption', targetsFor(scan, 'aws-cloudtrail-kms-encryption'));
    expect(createTemplatesFixer().applies(group)).toBe(false);
    const outcome = await createTemplatesFixer({ write: false }).fix(group);
    expect(outcome).toMatchObject({ ok: false, strategy: 'templates', code: 'unknown-template' });
    expect(!outcome.ok && outcome.reason).toContain('cloudtrail-kms-key');
  });
});

describe('templates on buckets bound in other ways', () => {
  let dir: string;
  let scan: ProgramScan;
  const fixer = createTemplatesFixer();

  beforeAll(async () => {
    dir = await copyProgram(join(fixturePrograms, 'templates'));
    scan = await scanProgram(dir);
  });
  afterAll(() => removeProgram(dir));

  it('binds a bare `new` to a const, uses the file\'s `s3` import, and imports the log bucket from its module', async () => {
    const block = succeeded(await fixer.fix(groupOf(dir, 'aws-s3-bucket-public-access-block', targetsFor(scan, 'aws-s3-bucket-public-access-block', ['uploads', 'archive']))));
    const logging = succeeded(await fixer.fix(groupOf(dir, 'aws-s3-bucket-access-logging', targetsFor(scan, 'aws-s3-bucket-access-logging', ['uploads']))));
    const text = await readFile(join(dir, 'index.ts'), 'utf8');
    expect(text).toBe(logging.edits[0].after);
    expect(text).toContain('import "./logs";\nimport { serverLogs } from "./logs";\n');
    expect(text).toContain('const uploads = new s3.Bucket("uploads", { bucket: "acme-uploads" });\n\nnew s3.BucketLogging("uploads-logging", {\n    bucket: uploads.id,\n    targetBucket: serverLogs.id,');
    expect(text).toContain('new s3.BucketPublicAccessBlock("archive-pab", {\n    bucket: archive.id,');
    expect(block.intended.added).toEqual([
      'urn:pulumi:dev::fixer-templates::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::uploads-pab',
      'urn:pulumi:dev::fixer-templates::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::archive-pab',
    ]);

    const rescan = await scanProgram(dir);
    const open = findingIds(rescan.findings);
    for (const name of ['uploads', 'archive']) expect(open.has(`aws-s3-bucket-public-access-block|${resourceNamed(rescan, name).key}`)).toBe(false);
    expect(open.has(`aws-s3-bucket-access-logging|${resourceNamed(rescan, 'uploads').key}`)).toBe(false);
    expect(typecheck(dir).output).toBe('');
  }, 120_000);

  it('declines when a companion already exists (it needs a property fix instead)', async () => {
    const outcome = await fixer.fix(groupOf(dir, 'aws-s3-bucket-versioning', targetsFor(scan, 'aws-s3-bucket-versioning', ['archive'])));
    expect(outcome).toMatchObject({ ok: false, code: 'companion-exists' });
    // The earlier test's edits moved it down the file: the name, not the stale line, finds it.
    expect(!outcome.ok && outcome.reason).toMatch(/already has a BucketVersioning at index\.ts:\d+/);
  });

  it('declines a bucket no variable can name', async () => {
    const outcome = await fixer.fix(groupOf(dir, 'aws-s3-bucket-versioning', targetsFor(scan, 'aws-s3-bucket-versioning', ['scratch-a'])));
    expect(outcome).toMatchObject({ ok: false, code: 'no-variable' });
  });

  it('declines access logging when the only log bucket is the bucket itself', async () => {
    const outcome = await fixer.fix(groupOf(dir, 'aws-s3-bucket-access-logging', targetsFor(scan, 'aws-s3-bucket-access-logging', ['server-logs'])));
    expect(outcome).toMatchObject({ ok: false, code: 'no-log-bucket' });
  });

  it('lists its templates by the names rules use', () => {
    expect([...templateRegistry.keys()].sort()).toEqual([
      's3-bucket-access-logging',
      's3-bucket-encryption',
      's3-bucket-policy-deny-http',
      's3-bucket-public-access-block',
      's3-bucket-versioning',
    ]);
  });
});
