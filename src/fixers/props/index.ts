/**
 * The `remediate-props` strategy: the rule's `remediateResource` gives each target's fixed
 * property bag; the property diff is applied to the resource's declaration at `iac.path:line`
 * (ts-morph for Pulumi TypeScript, a structure-aware edit for Terraform HCL). Deterministic, no
 * model. A group is fixed whole or not at all: when one target cannot be fixed, the group
 * declines with that target's code and reason, and nothing is written.
 *
 * On success the edited files are written into the checkout (the contract: fixers edit the
 * throwaway checkout) and returned as whole-file edits; `intended.changed` holds every target's
 * complete fixed bag, which verification compares with the re-captured inputs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { PolicyConfig } from '../../engine/runner.ts';
import type { FileEdit, Fixer, FixGroup, FixOutcome, FixTarget } from '../types.ts';
import { applyHclChanges } from './apply-hcl.ts';
import { applyChange } from './apply-ts.ts';
import { isDecline, type Decline } from './decline.ts';
import { pathText, type PropertyChange } from './diff.ts';
import { findDeclaration } from './find-declaration.ts';
import { HclSyntaxError, parseHcl } from './hcl.ts';
import { styleOf, syntaxErrors } from './literal.ts';
import { remediateTarget, type PropertyFix } from './remediate.ts';
import { createParser, resolveSource, type SourcePath } from './source-files.ts';
import { fromLf, lineEndingOf, toLf } from './text-edit.ts';

export { diffProps, type PropertyChange } from './diff.ts';
export { remediateTarget, type PropertyFix } from './remediate.ts';
export { applyChange, argumentObject } from './apply-ts.ts';
export { findDeclaration, type DeclarationQuery } from './find-declaration.ts';
export { createParser, resolveSource } from './source-files.ts';
export type { Decline, DeclineCode } from './decline.ts';

export const STRATEGY = 'remediate-props';

export interface RemediatePropsOptions {
  /** Per-policy settings (`adminCidr`, ...) the scan evaluated with; the fix uses the same. @defaultValue each rule's schema defaults */
  policyConfig?: PolicyConfig;
  /** Write the edited files into the checkout. @defaultValue true */
  write?: boolean;
}

interface PlannedTarget {
  target: FixTarget;
  fix: PropertyFix;
}

interface FilePlan {
  source: SourcePath;
  terraform: boolean;
  targets: PlannedTarget[];
}

function declined(outcome: Decline): FixOutcome {
  return { ok: false, strategy: STRATEGY, code: outcome.code, reason: outcome.reason };
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function describeChange(change: PropertyChange): string {
  const path = pathText(change.path);
  if (change.kind === 'remove') return `${path} removed`;
  if (change.kind === 'insert') return `${path} inserted ${shown(change.after)}`;
  return `${path} ${shown(change.before)} → ${shown(change.after)}`;
}

function isTerraform(target: FixTarget): boolean {
  return target.resource.iac.kind === 'terraform' || (target.resource.iac.path ?? '').endsWith('.tf');
}

/** Edits one TypeScript file for all its targets, later declarations first so earlier offsets hold. */
function editTypeScript(text: string, plan: FilePlan): string | Decline {
  const parse = createParser(plan.source.repoPath.endsWith('.tsx') ? 'program.tsx' : 'program.ts');
  const original = parse(text);
  const style = styleOf(original);
  const located: { start: number; line: number; planned: PlannedTarget }[] = [];
  for (const planned of plan.targets) {
    const { resource } = planned.target;
    const found = findDeclaration(original, {
      type: resource.type,
      name: resource.name,
      path: plan.source.repoPath,
      line: resource.iac.line,
      column: resource.iac.column,
    });
    if (isDecline(found)) return found;
    located.push({ start: found.getStart(), line: found.getStartLineNumber(), planned });
  }
  located.sort((a, b) => b.start - a.start);
  let current = text;
  for (const { start, line, planned } of located) {
    const where = `${plan.source.repoPath}:${line} ("${planned.target.resource.name}")`;
    for (const change of planned.fix.changes) {
      const next = applyChange(parse, current, start, change, { style, where });
      if (isDecline(next)) return next;
      current = next;
    }
  }
  const errors = syntaxErrors(current, plan.source.repoPath);
  if (errors.length > 0) return { ok: false, code: 'edit-failed', reason: `the edit left ${plan.source.repoPath} unparsable: ${errors[0]}` };
  return current;
}

function editTerraform(text: string, plan: FilePlan): string | Decline {
  let current = text;
  for (const { target, fix } of plan.targets) {
    const { resource } = target;
    const next = applyHclChanges(current, { name: resource.name, path: plan.source.repoPath, line: resource.iac.line, before: resource.props }, fix.changes);
    if (isDecline(next)) return next;
    current = next;
  }
  try {
    parseHcl(current);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    return { ok: false, code: 'edit-failed', reason: `the edit left ${plan.source.repoPath} unparsable: ${error.message}` };
  }
  return current;
}

/** Plans every target (fixed bag + file), or the first target's reason it cannot be fixed. */
async function planGroup(group: FixGroup, options: RemediatePropsOptions): Promise<Map<string, FilePlan> | Decline> {
  const files = new Map<string, FilePlan>();
  for (const target of group.targets) {
    const { resource } = target;
    if (resource.iac.kind === 'none') {
      return { ok: false, code: 'unmanaged', reason: `"${resource.name}" is not managed by code; the import-unmanaged strategy declares it first` };
    }
    const path = resource.iac.path;
    if (!path) return { ok: false, code: 'no-source', reason: `the scan recorded no source file for "${resource.name}" (${resource.key})` };
    const source = resolveSource(group, path);
    if (!source) return { ok: false, code: 'no-source', reason: `${path} (declaring "${resource.name}") is not in the checkout at ${group.programDir}` };
    const fix = await remediateTarget(group.rule, target, options.policyConfig);
    if (isDecline(fix)) return fix;
    const plan = files.get(source.absolute) ?? { source, terraform: isTerraform(target), targets: [] };
    plan.targets.push({ target, fix });
    files.set(source.absolute, plan);
  }
  return files;
}

export function createRemediatePropsFixer(options: RemediatePropsOptions = {}): Fixer {
  function applies(group: FixGroup): boolean {
    const { rule } = group;
    return (
      rule.kind === 'resource' &&
      typeof rule.remediateResource === 'function' &&
      group.targets.length > 0 &&
      group.targets.every((target) => target.resource.iac.kind !== 'none' && Boolean(target.resource.iac.path))
    );
  }

  async function fix(group: FixGroup): Promise<FixOutcome> {
    if (group.targets.length === 0) return declined({ ok: false, code: 'no-change', reason: `group ${group.groupKey} has no violations to fix` });
    const planned = await planGroup(group, options);
    if (isDecline(planned)) return declined(planned);
    const edits: FileEdit[] = [];
    const notes: string[] = [];
    const changed: { urn: string; props: Record<string, unknown> }[] = [];
    for (const plan of planned.values()) {
      const before = await readFile(plan.source.absolute, 'utf8');
      const ending = lineEndingOf(before);
      const text = toLf(before, ending);
      const after = plan.terraform ? editTerraform(text, plan) : editTypeScript(text, plan);
      if (isDecline(after)) return declined(after);
      edits.push({ path: plan.source.repoPath, before, after: fromLf(after, ending) });
      for (const { target, fix } of plan.targets) {
        changed.push({ urn: target.resource.urn ?? target.resource.key, props: fix.props });
        notes.push(`${target.resource.name} (${plan.source.repoPath}): ${fix.changes.map(describeChange).join('; ')}`);
      }
    }
    if (options.write ?? true) {
      for (const [absolute, plan] of planned) {
        const edit = edits.find((candidate) => candidate.path === plan.source.repoPath);
        if (edit && edit.after !== edit.before) await writeFile(absolute, edit.after);
      }
    }
    return { ok: true, strategy: STRATEGY, edits, intended: { changed, added: [] }, notes };
  }

  return { name: STRATEGY, applies, fix };
}
