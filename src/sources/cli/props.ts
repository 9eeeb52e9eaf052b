/** Helpers that keep mapped props as small as a hand-written Pulumi declaration. */

/** Drops undefined and null values, deeply. */
export function compact(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    const kept = compactValue(value);
    if (kept !== undefined) out[key] = kept;
  }
  return out;
}

function compactValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(compactValue).filter((item) => item !== undefined);
  if (typeof value === 'object') return compact(value as Record<string, unknown>);
  return value;
}

/** An empty list is how CLIs print "none"; a declaration would leave the input out. */
export function nonEmpty<T>(list: readonly T[] | null | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}
