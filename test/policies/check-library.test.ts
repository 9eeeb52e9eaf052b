/**
 * The library gate (src/engine/check-library.ts, scripts/check-library.ts): clean on the real
 * library, and each kind of problem found in a deliberately broken copy of a real rule or catalog.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { catalogs, rules } from '../../policies/index.ts';
import type { Catalog } from '../../policies/catalog/types.ts';
import type { ResourceRule, Rule } from '../../policies/rule.ts';
import { checkLibrary, formatProblem, type Problem, type ProblemCode } from '../../src/engine/check-library.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function codes(problems: Problem[]): ProblemCode[] {
  return problems.map((problem) => problem.code);
}

let clean: ResourceRule | undefined;

/**
 * A real AWS resource rule with a property fix that passes every check on its own (so a test
 * sees only the problem it introduces, even while someone else's new rule is still failing).
 */
async function fixableRule(): Promise<ResourceRule> {
  if (clean) return clean;
  for (const rule of rules) {
    if (rule.kind !== 'resource' || rule.remediateResource === undefined || !rule.id.startsWith('aws-')) continue;
    if ((await checkLibrary([rule], catalogs)).length === 0) return (clean = rule);
  }
  throw new Error('the library has no clean rule with a property fix');
}

function typed<T extends object>(fn: T, rule: ResourceRule): T {
  return Object.assign(fn, { __pulumiType: rule.resourceType });
}

async function check(broken: readonly Rule[], catalogList: readonly Catalog[] = catalogs): Promise<Problem[]> {
  return checkLibrary(broken, catalogList);
}

describe('check-library', () => {
  it('finds no problem in the real library', async () => {
    const problems = await checkLibrary(rules, catalogs);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('exits 0 from the script on the real library', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check-library.ts'], { cwd: ROOT });
    expect(stdout).toMatch(new RegExp(`^check-library: ${rules.length} rules, ${catalogs.length} catalogs \\(\\d+ controls\\): ok\\n$`));
  });

  it('finds duplicate and non-kebab rule ids', async () => {
    const rule = await fixableRule();
    const problems = await check([rule, rule, { ...rule, id: 'AWS_S3_Thing' }]);
    expect(codes(problems)).toEqual(['duplicate-rule-id', 'invalid-rule-id']);
    expect(problems[0].ruleId).toBe(rule.id);
    expect(formatProblem(problems[1])).toMatch(/^AWS_S3_Thing: invalid-rule-id: /);
  });

  it('finds control ids their framework catalog lacks, and catalogs that repeat a control or a framework', async () => {
    const rule = await fixableRule();
    const unknown = await check([{ ...rule, controls: [...rule.controls, { framework: 'pci-dss', control: '99.9.9' }] }]);
    expect(codes(unknown)).toEqual(['unknown-control']);
    expect(unknown[0].message).toContain('pci-dss 99.9.9');

    const pci = catalogs.find((catalog) => catalog.framework === 'pci-dss')!;
    const repeated = { ...pci, controls: [...pci.controls, pci.controls[0]] };
    const duplicate = await check([rule], [...catalogs.filter((c) => c !== pci), repeated]);
    expect(codes(duplicate)).toEqual(['duplicate-control']);
    expect(formatProblem(duplicate[0])).toBe(`pci-dss: duplicate-control: control ${pci.controls[0].id} is listed twice`);

    expect(codes(await check([rule], [...catalogs, pci]))).toEqual(['duplicate-catalog']);
  });

  it('finds a rule without a pass or a fail example', async () => {
    const rule = await fixableRule();
    const noPass = await check([{ ...rule, examples: { pass: [], fail: rule.examples.fail } }]);
    expect(codes(noPass)).toEqual(['missing-examples']);
    expect(noPass[0].message).toContain('no pass example');
    const noFail = await check([{ ...rule, examples: { pass: rule.examples.pass, fail: [] }, remediateResource: undefined }]);
    expect(codes(noFail)).toEqual(['missing-examples']);
  });

  it('finds a pass example that reports and a fail example that does not', async () => {
    const rule = await fixableRule();
    const swapped = await check([{ ...rule, examples: { pass: rule.examples.fail, fail: rule.examples.pass }, remediateResource: undefined }]);
    expect(new Set(codes(swapped))).toEqual(new Set(['pass-example-reported', 'fail-example-not-reported']));
    expect(swapped.filter((p) => p.code === 'pass-example-reported')).toHaveLength(rule.examples.fail.length);
  });

  it('finds a validator that throws on an example', async () => {
    const rule = await fixableRule();
    const throwing = typed(() => {
      throw new Error('props.ingress is not iterable');
    }, rule);
    const problems = await check([{ ...rule, validateResource: throwing, remediateResource: undefined }]);
    expect(new Set(codes(problems))).toEqual(new Set(['example-threw']));
    expect(problems[0].message).toContain('props.ingress is not iterable');
  });

  it('finds a property fix that leaves its own violation, throws, or never applies', async () => {
    const rule = await fixableRule();
    const unchanged = typed((args: { props: Record<string, unknown> }) => ({ ...args.props }), rule);
    const notClearing = await check([{ ...rule, remediateResource: unchanged }]);
    expect(new Set(codes(notClearing))).toEqual(new Set(['fix-not-clearing']));

    const boom = typed(() => {
      throw new Error('boom');
    }, rule);
    const threw = await check([{ ...rule, remediateResource: boom }]);
    expect(codes(threw)).toContain('fix-threw');
    expect(codes(threw)).toContain('fix-unused');

    const never = await check([{ ...rule, remediateResource: typed(() => undefined, rule) }]);
    expect(codes(never)).toEqual(['fix-unused']);
  });
});
