import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../policies/index.ts';
import { remediatedProps } from '../../src/fixers/llm/rule-args.ts';
import type { FixTarget, IntendedChange, VerificationReport } from '../../src/fixers/types.ts';
import { checkBaseline, verifyFix } from '../../src/fixers/verify/index.ts';
import type { CapturedResource, ProgramCapture } from '../../src/sources/pulumi-program/index.ts';
import { demoCheckout, targetIn, type DemoCheckout } from '../fixtures/fixers/verify/checkout.ts';

type Edit = [file: string, search: string, replace: string];

let pristine: DemoCheckout;
let baseline: ProgramCapture;

function captured(name: string): CapturedResource {
  const found = baseline.resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${name} in the demo capture`);
  return found;
}

function target(policyId: string, name: string): FixTarget {
  return targetIn(baseline, policyId, name);
}

/** What remediate-props would intend: the rule's own fixed property bag. */
async function remediation(policyId: string, name: string): Promise<IntendedChange> {
  const rule = rules.find((candidate) => candidate.id === policyId)!;
  const resource = captured(name);
  const props = await remediatedProps(rule, { type: resource.type, name, urn: resource.urn, props: resource.inputs });
  if (!props) throw new Error(`${policyId} has no remediation for ${name}`);
  return { changed: [{ urn: resource.urn, props }], added: [] };
}

async function verifyEdits(edits: Edit[], targets: FixTarget[], intended: IntendedChange): Promise<VerificationReport> {
  const checkout = await demoCheckout();
  try {
    for (const [file, search, replace] of edits) await checkout.edit(file, search, replace);
    return await verifyFix({ checkoutDir: checkout.checkoutDir, programDir: checkout.programDir, baseline, rules, targets, intended });
  } finally {
    await checkout.remove();
  }
}

function failedLayer(report: VerificationReport): string | undefined {
  return report.layers.find((layer) => !layer.ok)?.layer;
}

const makePrivate: Edit = ['database.ts', 'publiclyAccessible: true,', 'publiclyAccessible: false,'];

beforeAll(async () => {
  pristine = await demoCheckout();
  // Also warms the declaration cache: the first type-check of @pulumi/aws in a process is the slow one.
  const check = await checkBaseline(pristine.programDir);
  if (!check.ok) throw new Error(check.reason);
  baseline = check.capture;
});

afterAll(async () => {
  await pristine?.remove();
});

describe('verifyFix: a correct fix', () => {
  it('accepts the remediation of analytics-db with all four layers recorded and the property diff', async () => {
    const report = await verifyEdits([makePrivate], [target('aws-rds-instance-not-public', 'analytics-db')], await remediation('aws-rds-instance-not-public', 'analytics-db'));
    expect(report.reason).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.layers.map((layer) => [layer.layer, layer.ok])).toEqual([
      ['typecheck', true],
      ['mocks', true],
      ['policies', true],
      ['diff', true],
    ]);
    for (const layer of report.layers) expect(layer.durationMs).toBeGreaterThanOrEqual(0);
    expect(report.propertyDiff).toEqual({ [captured('analytics-db').urn]: { publiclyAccessible: [true, false] } });
  });
});

describe('verifyFix: rejections, each by the layer that should catch it', () => {
  const notPublic = () => target('aws-rds-instance-not-public', 'analytics-db');
  const intendedPrivate = () => remediation('aws-rds-instance-not-public', 'analytics-db');

  it('a type error, reported with file and line', async () => {
    const report = await verifyEdits([['database.ts', 'publiclyAccessible: true,', 'publiclyAccessible: fals,']], [notPublic()], await intendedPrivate());
    expect(report.ok).toBe(false);
    expect(failedLayer(report)).toBe('typecheck');
    expect(report.layers).toHaveLength(1);
    expect(report.reason).toMatch(/does not type-check: 1 error: infra\/database\.ts:60:\d+ TS\d+ Cannot find name 'fals'/);
  });

  it('a program that throws under mocks', async () => {
    const report = await verifyEdits(
      [makePrivate, ['database.ts', 'const dbSubnets', 'if (Math.random() >= 0) throw new Error("settlement vault unreachable");\nconst dbSubnets']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('mocks');
    expect(report.reason).toContain('settlement vault unreachable');
  });

  it('a change that leaves the target violation in place', async () => {
    const report = await verifyEdits([['database.ts', '// Postgres: the ledger', '// Postgres (reviewed): the ledger']], [notPublic()], await intendedPrivate());
    expect(failedLayer(report)).toBe('policies');
    expect(report.reason).toMatch(/target violation is still reported.*aws-rds-instance-not-public on analytics-db/);
  });

  it('a fix that introduces a violation elsewhere in the program', async () => {
    const report = await verifyEdits(
      [makePrivate, ['database.ts', 'deletionProtection: true,', 'deletionProtection: false,']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('policies');
    expect(report.reason).toMatch(/introduces a violation.*aws-rds-instance-deletion-protection on ledger-db/);
    expect(report.layers.find((layer) => layer.layer === 'diff')?.ok).toBe(false);
  });

  it('a resource removed', async () => {
    const report = await verifyEdits(
      [makePrivate, ['kms.ts', 'new aws.kms.Alias("payments-data-key-alias", {\n    name: `alias/acme-payments-${env}-data`,\n    targetKeyId: dataKey.keyId,\n});\n', '']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('payments-data-key-alias (aws:kms/alias:Alias) was removed');
  });

  it('a resource renamed (a delete and a create in Pulumi)', async () => {
    const report = await verifyEdits(
      [makePrivate, ['kms.ts', 'new aws.kms.Alias("payments-data-key-alias"', 'new aws.kms.Alias("payments-data-alias"']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('payments-data-key-alias (aws:kms/alias:Alias) was renamed to payments-data-alias');
  });

  it('a resource added that the fix did not declare', async () => {
    const report = await verifyEdits(
      [makePrivate, ['kms.ts', '// Used by the old settlement app', 'new aws.kms.Alias("extra-alias", { name: "alias/extra", targetKeyId: dataKey.keyId });\n\n// Used by the old settlement app']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('extra-alias (aws:kms/alias:Alias) was added, which the fix did not declare');
  });

  it('a property of the target outside the intended change', async () => {
    const report = await verifyEdits(
      [makePrivate, ['database.ts', 'instanceClass: "db.t3.medium"', 'instanceClass: "db.t3.large"']],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('analytics-db (aws:rds/instance:Instance): property instanceClass is "db.t3.large", the intended change makes it "db.t3.medium"');
    expect(report.propertyDiff[captured('analytics-db').urn]).toEqual({ instanceClass: ['db.t3.medium', 'db.t3.large'], publiclyAccessible: [true, false] });
  });

  it('a property of another resource', async () => {
    const report = await verifyEdits([makePrivate, ['database.ts', 'backupWindow: "03:00-04:00"', 'backupWindow: "05:00-06:00"']], [notPublic()], await intendedPrivate());
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('ledger-db (aws:rds/instance:Instance): property backupWindow moved from "03:00-04:00" to "05:00-06:00"');
  });

  it('deceptive: encryption on for the target volume, off for another', async () => {
    const scratch = captured('settlement-scratch');
    const report = await verifyEdits(
      [
        ['compute.ts', 'type: "gp2",\n    encrypted: false,', 'type: "gp2",\n    encrypted: true,'],
        ['compute.ts', 'type: "gp3",\n    encrypted: true,\n    kmsKeyId: dataKey.arn,\n', 'type: "gp3",\n    encrypted: false,\n'],
      ],
      [target('aws-ebs-volume-encrypted', 'settlement-scratch')],
      { changed: [{ urn: scratch.urn, props: { ...scratch.inputs, encrypted: true } }], added: [] },
    );
    expect(failedLayer(report)).toBe('policies');
    expect(report.reason).toMatch(/introduces a violation.*aws-ebs-volume-encrypted on payments-api-data/);
    expect(report.propertyDiff[captured('payments-api-data').urn]).toMatchObject({ encrypted: [true, false] });
  });

  it('silencing the rule by deleting the offending resource', async () => {
    const report = await verifyEdits(
      [
        // Still in the file, never constructed: the program type-checks and stops registering it.
        ['database.ts', 'export const analyticsDb = new aws.rds.Instance(', 'export const analyticsDb = { endpoint: "" };\nexport const retiredAnalyticsDb = () => new aws.rds.Instance('],
      ],
      [notPublic()],
      await intendedPrivate(),
    );
    expect(report.layers.find((layer) => layer.layer === 'policies')?.ok).toBe(true);
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toContain('analytics-db (aws:rds/instance:Instance) was removed');
  });

  it('a target whose urn the program never registers (another stack) is not taken as fixed', async () => {
    const prodTarget = notPublic();
    prodTarget.resource.urn = prodTarget.resource.urn!.replace('urn:pulumi:dev::', 'urn:pulumi:prod::');
    const report = await verifyEdits([makePrivate], [prodTarget], await intendedPrivate());
    expect(failedLayer(report)).toBe('policies');
    expect(report.reason).toContain('does not register its resource');
  });

  it('silencing the rule by renaming the property it reads (the type-checker sees it)', async () => {
    const report = await verifyEdits([['database.ts', 'publiclyAccessible: true,', 'publicly_accessible: true,']], [notPublic()], await intendedPrivate());
    expect(failedLayer(report)).toBe('typecheck');
    expect(report.reason).toContain('publicly_accessible');
  });

  it('silencing the rule by renaming the property behind a cast (the diff sees it)', async () => {
    const report = await verifyEdits([['database.ts', 'publiclyAccessible: true,', '...({ publicly_accessible: true } as {}),']], [notPublic()], await intendedPrivate());
    expect(report.layers.find((layer) => layer.layer === 'policies')?.ok).toBe(true);
    expect(failedLayer(report)).toBe('diff');
    expect(report.reason).toMatch(/analytics-db .*property publiclyAccessible is unset, the intended change makes it false/);
    // The SDK only serializes the arguments it knows: the renamed key never reaches the engine.
    expect(report.propertyDiff[captured('analytics-db').urn]).toEqual({ publiclyAccessible: [true, undefined] });
  });
});

describe('checkBaseline', () => {
  it('reports a program that does not type-check before any change as baseline-typecheck-failed', async () => {
    const checkout = await demoCheckout();
    try {
      await checkout.edit('network.ts', 'enableDnsSupport: true,', 'enableDnsSupport: "yes",');
      const check = await checkBaseline(checkout.programDir);
      expect(check).toMatchObject({ ok: false, code: 'baseline-typecheck-failed' });
      expect(check.ok ? '' : check.reason).toMatch(/network\.ts:\d+:\d+ TS2322/);
    } finally {
      await checkout.remove();
    }
  });

  it('reuses the baseline capture for another checkout of the same content', async () => {
    const checkout = await demoCheckout();
    try {
      const check = await checkBaseline(checkout.programDir);
      if (!check.ok) throw new Error(check.reason);
      expect(check.capture.dir).toBe(checkout.programDir);
      expect(check.capture.resources).toBe(baseline.resources);
    } finally {
      await checkout.remove();
    }
  });
});
