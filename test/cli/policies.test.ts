/**
 * `sweep policies` list / show / coverage, in-process. These read the library registry only: no
 * database is configured, and the working directory stays empty.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogs, rules } from '../../policies/index.ts';
import { defaultEnforcement } from '../../policies/rule.ts';
import { sweep } from '../support/cli.ts';

let dir: string;
const run = (...args: string[]) => sweep(args, { cwd: dir, env: {} });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sweep-policies-'));
});

afterAll(async () => {
  expect(await readdir(dir), 'policies commands must not create a database').toEqual([]);
  await rm(dir, { recursive: true, force: true });
});

describe('sweep policies (list)', () => {
  it('lists every rule, as before, and filters by framework and severity', async () => {
    const all = await run('policies', '--json');
    expect(all.code).toBe(0);
    expect(all.json().policies.map((p: { id: string }) => p.id)).toEqual(rules.map((rule) => rule.id));
    expect(all.json().catalogs).toHaveLength(catalogs.length);

    const filtered = await run('policies', 'list', '--framework', 'pci-dss', '--severity', 'critical,high', '--json');
    const expected = rules.filter(
      (rule) => rule.controls.some((c) => c.framework === 'pci-dss') && (rule.severity === 'critical' || rule.severity === 'high'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(filtered.json().policies.map((p: { id: string }) => p.id)).toEqual(expected.map((rule) => rule.id));

    const text = await run('policies', '--severity', 'medium');
    const medium = rules.filter((rule) => rule.severity === 'medium');
    expect(text.stdout.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+FIX\s+CONTROLS\s+TITLE$/);
    expect(text.stdout).toContain(`${medium.length} policies`);
  });

  it('rejects a bad severity, framework or subcommand with exit 2', async () => {
    for (const args of [
      ['policies', '--severity', 'urgent'],
      ['policies', '--framework', 'pci'],
      ['policies', 'lsit'],
    ]) {
      const result = await run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^sweep: /);
    }
  });
});

describe('sweep policies show', () => {
  it('prints everything about a resource rule with a property fix', async () => {
    const rule = rules.find((r) => r.kind === 'resource' && r.remediateResource !== undefined)!;
    const result = await run('policies', 'show', rule.id, '--json');
    expect(result.code).toBe(0);
    const { policy } = result.json();
    expect(policy).toMatchObject({
      id: rule.id,
      kind: 'resource',
      title: rule.title,
      severity: rule.severity,
      enforcementLevel: defaultEnforcement(rule.severity),
      resourceTypes: rule.resourceTypes,
      rationale: rule.rationale,
      remediation: rule.remediation,
      fix: 'property',
      examples: { pass: rule.examples.pass.length, fail: rule.examples.fail.length },
    });
    expect(policy.controls).toHaveLength(rule.controls.length);
    for (const [i, control] of policy.controls.entries()) {
      const catalog = catalogs.find((c) => c.framework === rule.controls[i].framework)!;
      const entry = catalog.controls.find((c) => c.id === rule.controls[i].control)!;
      expect(control).toEqual({ framework: catalog.framework, control: entry.id, title: entry.title, family: entry.family });
    }
  });

  it('names the fix kind of template and stack rules, and shows config settings', async () => {
    for (const rule of rules) {
      const expected = rule.kind === 'resource' && rule.remediateResource ? 'property' : rule.template ? 'template' : 'none';
      const { policy } = (await run('policies', 'show', rule.id, '--json')).json();
      expect(policy.fix, rule.id).toBe(expected);
      expect(policy.config.map((c: { name: string }) => c.name), rule.id).toEqual(Object.keys(rule.configSchema?.properties ?? {}));
    }
  });

  it('prints a readable page with the controls’ catalog titles', async () => {
    const rule = rules.find((r) => r.controls.some((c) => c.framework === 'nist-800-53'))!;
    const result = await run('policies', 'show', rule.id);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`${rule.id}  ${rule.title}`);
    expect(result.stdout).toMatch(new RegExp(`severity\\s+${rule.severity}`));
    const nist = rule.controls.find((c) => c.framework === 'nist-800-53')!;
    const title = catalogs.find((c) => c.framework === 'nist-800-53')!.controls.find((c) => c.id === nist.control)!.title;
    expect(result.stdout).toMatch(new RegExp(`nist-800-53\\s+${nist.control}\\s+${title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('rejects an unknown id with exit 2 and suggests close ids', async () => {
    const rule = rules.find((r) => r.id.split('-').length >= 4)!;
    const typo = rule.id.slice(0, -1);
    const result = await run('policies', 'show', typo);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`unknown policy "${typo}"`);
    expect(result.stderr).toContain(`did you mean ${rule.id}`);
    expect(result.stderr).toContain('run `sweep policies` to list policy ids');
    const missing = await run('policies', 'show');
    expect(missing.code).toBe(2);
  });
});

describe('sweep policies coverage', () => {
  it('counts, per framework, catalog controls, covered ones, and lists the rest', async () => {
    const result = await run('policies', 'coverage', '--json');
    expect(result.code).toBe(0);
    const { frameworks } = result.json();
    expect(frameworks.map((f: { framework: string }) => f.framework)).toEqual(catalogs.map((c) => c.framework));
    for (const report of frameworks) {
      const catalog = catalogs.find((c) => c.framework === report.framework)!;
      const mapped = new Set(rules.flatMap((rule) => rule.controls.filter((c) => c.framework === catalog.framework).map((c) => c.control)));
      const uncovered = catalog.controls.filter((control) => !mapped.has(control.id)).map((control) => control.id);
      expect(report.controls).toBe(catalog.controls.length);
      expect(report.covered).toBe(catalog.controls.length - uncovered.length);
      expect(report.uncovered.map((c: { id: string }) => c.id)).toEqual(uncovered);
      expect(report.rules).toBe(rules.filter((rule) => rule.controls.some((c) => c.framework === catalog.framework)).length);
      expect(report.unknown).toEqual([]);
    }
  });

  it('narrows to one framework and prints a table with the uncovered controls', async () => {
    const json = (await run('policies', 'coverage', '--framework', 'pci-dss', '--json')).json();
    expect(json.frameworks).toHaveLength(1);
    const [pci] = json.frameworks;
    expect(pci).toMatchObject({ framework: 'pci-dss', name: 'PCI DSS v4.0' });

    const text = await run('policies', 'coverage', '--framework', 'pci-dss');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^FRAMEWORK\s+CONTROLS\s+COVERED\s+%\s+RULES\s+CATALOG$/);
    expect(lines[1]).toMatch(new RegExp(`^pci-dss\\s+${pci.controls}\\s+${pci.covered}\\s+\\d+%\\s+${pci.rules}\\s+PCI DSS v4.0$`));
    if (pci.uncovered.length > 0) {
      expect(text.stdout).toContain(`pci-dss: ${pci.uncovered.length} control`);
      for (const control of pci.uncovered) expect(text.stdout).toMatch(new RegExp(`^${control.id.replace(/\./g, '\\.')}\\s`, 'm'));
    }

    const bad = await run('policies', 'coverage', '--framework', 'pcidss');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--framework must be one of');
  });
});
