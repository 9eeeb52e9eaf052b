/**
 * The `--then-remediate "<filters>"` syntax: space-separated `key=value[,value]` pairs over the
 * violation filter keys, e.g. `severity=critical,high framework=cis-aws control=2.1.1`. It is one
 * string (not flags) because it travels inside a schedule's job data; it is checked by the same
 * zod schema as every other filter, so what a schedule stores is what `sweep violations` accepts.
 */
import { usageError } from '../errors.ts';
import { violationFilterSchema, type ViolationFilter } from '../violations/filter.ts';

/** Spec key → filter field, and whether it takes a comma-separated list. */
const KEYS = {
  severity: { field: 'severity', list: true },
  policy: { field: 'policy', list: true },
  framework: { field: 'framework', list: false },
  control: { field: 'control', list: false },
  type: { field: 'type', list: true },
  account: { field: 'account', list: true },
  owner: { field: 'assignee', list: true },
  status: { field: 'status', list: true },
} as const satisfies Record<string, { field: keyof ViolationFilter; list: boolean }>;

type SpecKey = keyof typeof KEYS;

function isSpecKey(key: string): key is SpecKey {
  return Object.hasOwn(KEYS, key);
}

/** Parses a filter spec; every mistake is a usage error (exit 2) naming the key at fault. */
export function parseFilterSpec(spec: string, flag = '--then-remediate'): ViolationFilter {
  const raw: Record<string, unknown> = {};
  const pairs = spec.trim().split(/\s+/).filter(Boolean);
  if (pairs.length === 0) throw usageError(`${flag} needs at least one key=value filter`, `keys: ${Object.keys(KEYS).join(', ')}`);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (!isSpecKey(key)) throw usageError(`${flag}: unknown filter key "${key}"`, `keys: ${Object.keys(KEYS).join(', ')}; e.g. "severity=critical,high policy=aws-s3-bucket-versioning"`);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const values = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) throw usageError(`${flag}: "${key}" needs a value (${key}=<value>)`);
    const { field, list } = KEYS[key];
    if (!list && values.length > 1) throw usageError(`${flag}: "${key}" takes one value (got ${values.join(', ')})`);
    if (raw[field] !== undefined) throw usageError(`${flag}: "${key}" is given twice; list values with commas instead (${key}=a,b)`);
    raw[field] = list ? values : values[0];
  }
  const parsed = violationFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? '');
    const key = (Object.keys(KEYS) as SpecKey[]).find((k) => KEYS[k].field === field) ?? field;
    throw usageError(`${flag}: bad value for "${key}": ${issue.message}`);
  }
  return parsed.data;
}

/** The spec back from a filter, for listings. */
export function formatFilterSpec(filter: ViolationFilter): string {
  return (Object.keys(KEYS) as SpecKey[])
    .flatMap((key) => {
      const value = (filter as Record<string, unknown>)[KEYS[key].field];
      if (value === undefined) return [];
      return [`${key}=${Array.isArray(value) ? value.join(',') : String(value)}`];
    })
    .join(' ');
}
