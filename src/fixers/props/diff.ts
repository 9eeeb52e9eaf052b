/**
 * The property diff between a resource's scanned bag and the bag its rule's `remediateResource`
 * returns, as a list of path-addressed changes a codemod can apply one at a time. Changes are as
 * deep as the two bags allow (a changed `ingress[0].cidrBlocks` is one change, not a new
 * `ingress`), because every level kept is code the edit does not have to rewrite.
 *
 * Arrays of the same length are compared element by element. When only elements were dropped
 * (or only added) the change names those elements; removals come in descending index order and
 * insertions in ascending order, so applying them in sequence keeps every index right. Any other
 * change of length replaces the whole array.
 */

export type PathSegment = string | number;
export type PropertyPath = readonly PathSegment[];

export type PropertyChange =
  /** Set (or add, when `before` is undefined) the value at `path`. */
  | { kind: 'set'; path: PropertyPath; before: unknown; after: unknown }
  /** Remove the property, or the array element when the last segment is an index. */
  | { kind: 'remove'; path: PropertyPath; before: unknown }
  /** Insert an array element at the index the last segment names. */
  | { kind: 'insert'; path: PropertyPath; after: unknown };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Structural equality where an `undefined` property is the same as a missing one (as in a Pulumi input bag). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
    return true;
  }
  return false;
}

/** Indices of `longer` not used when embedding `shorter` in it in order, or undefined when it does not embed. */
function unmatchedIndices(shorter: readonly unknown[], longer: readonly unknown[]): number[] | undefined {
  const unmatched: number[] = [];
  let next = 0;
  for (let i = 0; i < longer.length; i++) {
    if (next < shorter.length && deepEqual(shorter[next], longer[i])) next++;
    else unmatched.push(i);
  }
  return next === shorter.length ? unmatched : undefined;
}

function diffValue(path: PathSegment[], before: unknown, after: unknown, out: PropertyChange[]): void {
  if (deepEqual(before, after)) return;
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((key) => !Object.hasOwn(before, key))];
    for (const key of keys) {
      const was = before[key];
      const now = after[key];
      if (deepEqual(was, now)) continue;
      if (now === undefined) out.push({ kind: 'remove', path: [...path, key], before: was });
      else if (was === undefined) out.push({ kind: 'set', path: [...path, key], before: undefined, after: now });
      else diffValue([...path, key], was, now, out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length === after.length) {
      for (let i = 0; i < before.length; i++) diffValue([...path, i], before[i], after[i], out);
      return;
    }
    const removed = after.length < before.length ? unmatchedIndices(after, before) : undefined;
    if (removed) {
      for (const index of removed.reverse()) out.push({ kind: 'remove', path: [...path, index], before: before[index] });
      return;
    }
    const inserted = after.length > before.length ? unmatchedIndices(before, after) : undefined;
    if (inserted) {
      for (const index of inserted) out.push({ kind: 'insert', path: [...path, index], after: after[index] });
      return;
    }
  }
  out.push({ kind: 'set', path, before, after });
}

/** The changes that turn `before` into `after` (both top-level property bags). */
export function diffProps(before: Record<string, unknown>, after: Record<string, unknown>): PropertyChange[] {
  const out: PropertyChange[] = [];
  diffValue([], before, after, out);
  return out;
}

/** `ingress[0].cidrBlocks`: how a path is named in reasons and notes. */
export function pathText(path: PropertyPath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  return text || '(the arguments)';
}

/** True when the value is, or contains anywhere, the secret marker. */
export function containsMarker(value: unknown, marker: string): boolean {
  if (value === marker) return true;
  if (Array.isArray(value)) return value.some((item) => containsMarker(item, marker));
  if (isPlainObject(value)) return Object.values(value).some((item) => containsMarker(item, marker));
  return false;
}

/** The value a change writes, for the checks that look at it (secrets); removals write nothing. */
export function writtenValue(change: PropertyChange): unknown {
  return change.kind === 'remove' ? undefined : change.after;
}
