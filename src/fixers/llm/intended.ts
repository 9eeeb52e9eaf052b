/**
 * What an LLM fix is held to. Verification requires the captured inputs of every changed
 * resource to equal the intended bag exactly and everything else to stay put, so the intended
 * change must come from somewhere other than the model's own say-so:
 *
 * - the rule has a property fix (`remediateResource`): the target must end exactly at the rule's
 *   fixed bag, computed from the baseline capture before the model is asked. The model is told
 *   that end state and has to reach it.
 * - it has none (EBS encryption, say): the end state is read from a capture of the edited
 *   program, but only properties the rule's validator actually reads may have moved (a proxy
 *   records them), so "fix encryption, and also resize the disk" is refused here; verification
 *   then checks that the violation is gone and that nothing else in the program moved.
 *   For stack rules (companion resources) the targets must stay as they were, and the only
 *   resources the fix may add are of the rule's declared types.
 */
import type { Rule } from '../../../policies/rule.ts';
import { isSweepError } from '../../errors.ts';
import { firstLines, type CaptureOptions, type CapturedResource, type ProgramCapture } from '../../sources/pulumi-program/index.ts';
import type { FixTarget, IntendedChange } from '../types.ts';
import { leafDiff } from '../verify/diff.ts';
import { checkResource, remediatedProps, type PolicySettings } from './rule-args.ts';

/** The rule's fixed bag per target urn, for the targets the rule has a property fix for. */
export async function expectedEndStates(
  rule: Rule,
  targets: readonly FixTarget[],
  baseline: ProgramCapture,
  settings?: PolicySettings,
): Promise<Map<string, Record<string, unknown>>> {
  const byUrn = new Map(baseline.resources.map((resource) => [resource.urn, resource]));
  const expected = new Map<string, Record<string, unknown>>();
  for (const target of targets) {
    const urn = target.resource.urn;
    if (!urn) continue;
    const captured = byUrn.get(urn);
    const props = await remediatedProps(rule, {
      type: target.resource.type,
      name: target.resource.name,
      urn,
      props: captured?.inputs ?? target.resource.props,
    }, settings);
    if (props) expected.set(urn, props);
  }
  return expected;
}

export type IntendedResult = { ok: true; intended: IntendedChange; notes: string[] } | { ok: false; code: string; reason: string };

export interface DeriveInput {
  rule: Rule;
  targets: readonly FixTarget[];
  baseline: ProgramCapture;
  expected: ReadonlyMap<string, Record<string, unknown>>;
  programDir: string;
  capture: (dir: string, options?: CaptureOptions) => Promise<ProgramCapture>;
  timeoutMs?: number;
  settings?: PolicySettings;
}

function topLevelKeys(before: CapturedResource, after: CapturedResource): string[] {
  const keys = new Set<string>();
  for (const path of Object.keys(leafDiff(before.inputs, after.inputs))) keys.add(path.split(/[.[]/)[0]);
  return [...keys];
}

/** Builds the intended change for edits already written to `programDir`. */
export async function intendedForEdits(input: DeriveInput): Promise<IntendedResult> {
  const { rule, targets, baseline, expected } = input;
  const changed = [...expected].map(([urn, props]) => ({ urn, props }));
  const derived = targets.filter((target) => target.resource.urn && !expected.has(target.resource.urn));
  if (derived.length === 0) return { ok: true, intended: { changed, added: [] }, notes: ['intended: the rule\'s own remediation'] };

  let after: ProgramCapture;
  try {
    after = await input.capture(input.programDir, { stack: baseline.stack, timeoutMs: input.timeoutMs });
  } catch (error) {
    if (!isSweepError(error)) throw error;
    return { ok: false, code: 'edit-breaks-program', reason: `the edited program does not run under Pulumi mocks: ${firstLines(error.message, 4)}` };
  }
  const before = new Map(baseline.resources.map((resource) => [resource.urn, resource]));
  const now = new Map(after.resources.map((resource) => [resource.urn, resource]));
  const notes: string[] = [];
  for (const target of derived) {
    const urn = target.resource.urn!;
    const was = before.get(urn);
    const is = now.get(urn);
    // A missing target is left to verification, which names the removal precisely.
    if (!was || !is || rule.kind !== 'resource') continue;
    const moved = topLevelKeys(was, is);
    if (moved.length === 0) continue;
    const subject = { type: is.type, name: is.name, urn };
    // Read before or after: a validator may look at a property only when another one is set.
    const readBefore = await checkResource(rule, { ...subject, props: was.inputs }, input.settings);
    const readAfter = await checkResource(rule, { ...subject, props: is.inputs }, input.settings);
    const read = new Set([...readBefore.read, ...readAfter.read]);
    const outside = moved.filter((key) => !read.has(key));
    if (outside.length > 0) {
      return {
        ok: false,
        code: 'edit-beyond-rule',
        reason: `the edit changes ${target.resource.name}.${outside.join(`, ${target.resource.name}.`)}, which ${rule.id} does not look at; only ${[...read].sort().join(', ') || 'nothing'} may change`,
      };
    }
    changed.push({ urn, props: is.inputs });
    notes.push(`intended for ${target.resource.name}: derived from the edited program (${moved.join(', ')} changed; all read by ${rule.id})`);
  }
  const types = new Set(rule.resourceTypes);
  const added = rule.kind === 'stack' ? after.resources.filter((resource) => !before.has(resource.urn) && types.has(resource.type)).map((resource) => resource.urn) : [];
  if (added.length > 0) notes.push(`adds ${added.length} resource(s) of the rule's types`);
  return { ok: true, intended: { changed, added }, notes };
}
