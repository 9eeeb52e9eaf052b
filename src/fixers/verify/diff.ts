/**
 * The `diff` layer: compares the changed program's capture with the baseline, resource by urn.
 * Nothing may disappear or be renamed (a rename is a delete plus a create in Pulumi), nothing
 * may appear unless the fixer declared it, a changed resource must end up exactly where the
 * fixer said it would, and every other resource must not move at all. Secret markers compare as
 * plain markers: a fix cannot be judged on a value nobody is allowed to see, and must not touch it.
 */
import type { CapturedResource, ProgramCapture } from '../../sources/pulumi-program/index.ts';
import type { IntendedChange, VerificationReport } from '../types.ts';

export type PropertyDiff = VerificationReport['propertyDiff'];

export interface DiffResult {
  ok: boolean;
  detail: string;
  reason?: string;
  propertyDiff: PropertyDiff;
}

/** Key for a whole resource that appeared or disappeared. */
export const WHOLE_RESOURCE = '(resource)';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return part === key ? key : `[${part}]`;
  return part === key ? `${path}.${key}` : `${path}[${part}]`;
}

/** Every leaf that differs, as path → [before, after]; arrays of different length differ as a whole. */
export function leafDiff(before: unknown, after: unknown, path = '', out: Record<string, [unknown, unknown]> = {}): Record<string, [unknown, unknown]> {
  if (deepEqual(before, after)) return out;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) leafDiff(before[key], after[key], joinPath(path, key), out);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, index) => leafDiff(item, after[index], joinPath(path, index), out));
    return out;
  }
  out[path === '' ? WHOLE_RESOURCE : path] = [before, after];
  return out;
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

function label(resource: CapturedResource): string {
  return `${resource.name} (${resource.type})`;
}

/** Compares what the program registers before and after the fix against what the fixer intended. */
export function diffCaptures(baseline: ProgramCapture, after: ProgramCapture, intended: IntendedChange): DiffResult {
  const before = new Map(baseline.resources.map((resource) => [resource.urn, resource]));
  const now = new Map(after.resources.map((resource) => [resource.urn, resource]));
  const changedTo = new Map(intended.changed.map((change) => [change.urn, change.props]));
  const propertyDiff: PropertyDiff = {};
  const problems: string[] = [];

  const removed = baseline.resources.filter((resource) => !now.has(resource.urn));
  const added = after.resources.filter((resource) => !before.has(resource.urn));
  for (const resource of removed) propertyDiff[resource.urn] = { [WHOLE_RESOURCE]: [resource.inputs, undefined] };
  for (const resource of added) propertyDiff[resource.urn] = { [WHOLE_RESOURCE]: [undefined, resource.inputs] };

  const renamedTo = new Set<string>();
  for (const resource of removed) {
    const renamed = added.find((candidate) => candidate.type === resource.type && !intended.added.includes(candidate.urn) && !renamedTo.has(candidate.urn));
    if (renamed) renamedTo.add(renamed.urn);
    problems.push(
      renamed
        ? `resource ${label(resource)} was renamed to ${renamed.name}: Pulumi would delete and recreate it`
        : `resource ${label(resource)} was removed from the program`,
    );
  }
  for (const resource of added) {
    if (!intended.added.includes(resource.urn) && !renamedTo.has(resource.urn)) {
      problems.push(`resource ${label(resource)} was added, which the fix did not declare`);
    }
  }
  for (const urn of intended.added) {
    if (!now.has(urn)) problems.push(`the fix meant to add ${urn}, but the program does not register it`);
  }
  for (const urn of changedTo.keys()) {
    if (!before.has(urn)) problems.push(`the fix meant to change ${urn}, which the program did not declare before`);
  }

  let unchanged = 0;
  for (const resource of after.resources) {
    const previous = before.get(resource.urn);
    if (!previous) continue;
    const diff = leafDiff(previous.inputs, resource.inputs);
    if (Object.keys(diff).length > 0) propertyDiff[resource.urn] = diff;
    else unchanged++;
    const expected = changedTo.get(resource.urn);
    if (expected !== undefined) {
      const mismatch = Object.entries(leafDiff(expected, resource.inputs));
      if (mismatch.length > 0) {
        const [path, [want, got]] = mismatch[0];
        const moved = Object.hasOwn(diff, path) ? ` (was ${shown(diff[path][0])})` : '';
        problems.push(`${label(resource)}: property ${path} is ${shown(got)}, the intended change makes it ${shown(want)}${moved}`);
      }
    } else if (Object.keys(diff).length > 0) {
      const [path, [was, is]] = Object.entries(diff)[0];
      problems.push(`${label(resource)}: property ${path} moved from ${shown(was)} to ${shown(is)}, outside the intended change`);
    }
    if (previous.provider !== resource.provider) problems.push(`${label(resource)}: its provider changed from ${shown(previous.provider)} to ${shown(resource.provider)}`);
    if (previous.parent !== resource.parent) problems.push(`${label(resource)}: its parent changed from ${shown(previous.parent)} to ${shown(resource.parent)}`);
  }

  if (problems.length > 0) {
    return { ok: false, detail: problems.slice(0, 5).join('; '), reason: problems[0], propertyDiff };
  }
  const changedCount = Object.keys(propertyDiff).length;
  return {
    ok: true,
    detail: `${changedCount} resource(s) changed exactly as intended, ${added.length} added as declared, ${unchanged} unchanged, none removed`,
    propertyDiff,
  };
}
