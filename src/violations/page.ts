/**
 * Keyset (cursor) pages over the one violation filter, for the API and the dashboard explorer.
 * Each sort is backed by an index whose order it follows exactly (severity rank + id, or id), so
 * any page — the first or the ten-thousandth — is an index range read, never a sort of the table.
 * Counts come from the trigger-maintained counts when the filter only names columns they carry.
 */
import type { SqlExecutor } from '../db/store.ts';
import { compileFilter, type ViolationFilter } from './filter.ts';
import { queryViolationViews, SEVERITY_ORDER_SQL, type ViolationView } from './list.ts';

export const VIOLATION_SORTS = ['severity', 'newest', 'oldest'] as const;
export type ViolationSort = (typeof VIOLATION_SORTS)[number];

/** Where the previous page ended: the sort key of its last row. */
export interface PageCursor {
  sort: ViolationSort;
  id: number;
  /** Severity rank (1 = critical) for the `severity` sort. */
  rank?: number;
}

export interface ViolationPage {
  items: ViolationView[];
  next: PageCursor | null;
}

const RANK: Record<string, number> = { critical: 1, high: 2, medium: 3, low: 4 };

function order(sort: ViolationSort): string {
  if (sort === 'newest') return 'v.id desc';
  if (sort === 'oldest') return 'v.id';
  return `${SEVERITY_ORDER_SQL}, v.id`;
}

function after(cursor: PageCursor, firstParam: number): { clause: string; params: unknown[] } {
  if (cursor.sort === 'newest') return { clause: `v.id < $${firstParam}`, params: [cursor.id] };
  if (cursor.sort === 'oldest') return { clause: `v.id > $${firstParam}`, params: [cursor.id] };
  // A row comparison the btree on (rank, id) answers as one range.
  return { clause: `(${SEVERITY_ORDER_SQL}, v.id) > ($${firstParam}::int, $${firstParam + 1}::bigint)`, params: [cursor.rank ?? 0, cursor.id] };
}

export async function violationPage(
  db: SqlExecutor,
  filter: ViolationFilter,
  options: { sort: ViolationSort; limit: number; cursor?: PageCursor },
): Promise<ViolationPage> {
  const { where, params } = compileFilter(filter);
  let clause = where;
  const all = [...params];
  if (options.sort === 'severity' && filter.severity?.length) {
    // Implied by the severity filter, but stated in the index's own terms so the scan starts at
    // the first matching rank instead of walking past every more severe row.
    all.push(filter.severity.map((s) => RANK[s]));
    clause = `${clause} and ${SEVERITY_ORDER_SQL} = any($${all.length}::int[])`;
  }
  if (options.cursor) {
    if (options.cursor.sort !== options.sort) throw new Error('the cursor belongs to another sort order');
    const next = after(options.cursor, all.length + 1);
    clause = `${clause} and ${next.clause}`;
    all.push(...next.params);
  }
  // One extra row tells whether another page exists without counting.
  const rows = await queryViolationViews(db, clause, all, order(options.sort), options.limit + 1);
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  const next =
    rows.length > options.limit && last
      ? { sort: options.sort, id: last.id, ...(options.sort === 'severity' ? { rank: RANK[last.severity] ?? 5 } : {}) }
      : null;
  return { items, next };
}

/** Filter keys the counts table can answer (it has policy, severity and status; frameworks map through policies). */
const COUNTABLE = new Set(['severity', 'status', 'policy', 'framework', 'control']);

/** How many violations match: from the counts when possible (constant time), else one indexed count. */
export async function countViolations(db: SqlExecutor, filter: ViolationFilter): Promise<{ count: number; source: 'counts' | 'table' }> {
  const keys = Object.entries(filter)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([key]) => key);
  if (keys.every((key) => COUNTABLE.has(key))) {
    // The counts table's columns are named like the violations table's, so the same compiled filter applies.
    const { where, params } = compileFilter(filter, 'd');
    const [row] = await db.query<{ n: number | string | null }>(`select sum(d.n) as n from violation_count_deltas d where ${where}`, params);
    return { count: Number(row.n ?? 0), source: 'counts' };
  }
  const { where, params } = compileFilter(filter);
  const [row] = await db.query<{ n: number | string }>(`select count(*) as n from violations v where ${where}`, params);
  return { count: Number(row.n), source: 'table' };
}
