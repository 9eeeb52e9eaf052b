/**
 * Shared arrangement for the codemod fixer suites (props, templates, import): real program
 * folders copied to a temp dir, scanned with the real pulumi-program source and the real policy
 * library, and re-captured under Pulumi mocks after a fix, which is the proof that the edit did
 * what the fixer said it intended.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules, ruleById } from '../../policies/index.ts';
import type { Rule } from '../../policies/rule.ts';
import { createRunner, type Finding } from '../../src/engine/runner.ts';
import type { FixGroup, FixTarget } from '../../src/fixers/types.ts';
import { capturePulumiProgram, pulumiProgramSource } from '../../src/sources/pulumi-program/index.ts';
import type { Resource, SourceDocument } from '../../src/sources/resource.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const demoProgram = join(root, 'scripts/demo/program');
export const fixturePrograms = join(root, 'test/fixtures/fixers/programs');
export const terraformFixtures = join(root, 'test/fixtures/fixers/terraform');

/** A throwaway copy of a program, with sweep's node_modules linked in so `tsc` resolves @pulumi/*. */
export async function copyProgram(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sweep-fixer-'));
  await cp(source, dir, { recursive: true });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export async function removeProgram(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export interface ProgramScan {
  document: SourceDocument;
  findings: Finding[];
}

/** What `sweep scan pulumi-program:<dir>` would find, with every rule. */
export async function scanProgram(dir: string): Promise<ProgramScan> {
  const documents: SourceDocument[] = [];
  for await (const document of pulumiProgramSource.read(dir, { cwd: dir })) documents.push(document);
  if (documents.length !== 1) throw new Error(`expected one stack in ${dir}, got ${documents.length}`);
  const result = await createRunner(rules).evaluate(documents[0]);
  if (result.failures.length > 0) throw new Error(`policies failed: ${JSON.stringify(result.failures)}`);
  return { document: documents[0], findings: result.findings };
}

export function resourceNamed(scan: ProgramScan, name: string, type?: string): Resource {
  const found = scan.document.resources.find((resource) => resource.name === name && (type === undefined || resource.type === type));
  if (!found) throw new Error(`no resource "${name}" in the scan`);
  return found;
}

export function targetOf(resource: Resource, policyId: string, message = 'violation'): FixTarget {
  return {
    violationId: 0,
    policyId,
    message,
    resource: { key: resource.key, type: resource.type, name: resource.name, urn: resource.urn, nativeId: resource.nativeId, props: resource.props, iac: resource.iac },
  };
}

/** The policy's violations in the scan as fix targets, optionally only for the named resources. */
export function targetsFor(scan: ProgramScan, policyId: string, names?: string[]): FixTarget[] {
  const byKey = new Map(scan.document.resources.map((resource) => [resource.key, resource]));
  const targets = scan.findings
    .filter((finding) => finding.policyId === policyId)
    .map((finding) => targetOf(byKey.get(finding.resourceKey)!, policyId, finding.message))
    .filter((target) => names === undefined || names.includes(target.resource.name));
  if (names && targets.length !== names.length) {
    throw new Error(`expected ${policyId} violations on ${names.join(', ')}, found ${targets.map((t) => t.resource.name).join(', ') || 'none'}`);
  }
  return targets;
}

export function groupOf(dir: string, policyId: string, targets: FixTarget[], rule: Rule | undefined = ruleById(policyId)): FixGroup {
  if (!rule) throw new Error(`no rule ${policyId}`);
  return { groupKey: `${dir}|dev|${policyId}`, rule, checkoutDir: dir, programDir: dir, targets };
}

/** urn → captured inputs, from running the program under mocks. */
export async function captureInputs(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const capture = await capturePulumiProgram(dir);
  return new Map(capture.resources.map((resource) => [resource.urn, resource.inputs]));
}

/** `tsc --noEmit -p <dir>`: the program's own compiler settings, against the real @pulumi types. */
export function typecheck(dir: string): { ok: boolean; output: string } {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', dir], { encoding: 'utf8', cwd: dir });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Lines only in `before` and lines only in `after` (an LCS line diff): what a reviewer would see changed. */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) removed.push(a[i++]);
    else added.push(b[j++]);
  }
  removed.push(...a.slice(i));
  added.push(...b.slice(j));
  return { removed, added };
}

/** `policy|resource key` of every finding, for before/after comparisons. */
export function findingIds(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((finding) => `${finding.policyId}|${finding.resourceKey}`));
}
