/**
 * Bulk assignment: every violation matching a filter moves to an owner (or to `ai`, the
 * remediation engine) in one transaction, with one violation_events row each and one audit row.
 */
import type { SqlExecutor, Store } from '../db/store.ts';
import { compileFilter, type ViolationFilter } from './filter.ts';
import { listViolations, type ViolationView } from './list.ts';

/** Statuses a violation can be (re)assigned from: not while a fix is in flight or merged. */
export const ASSIGNABLE_STATUSES = ['open', 'assigned', 'needs_human', 'failed'] as const;

export interface AssignResult {
  matched: number;
  changed: number;
  sample: ViolationView[];
}

export function assignableFilter(filter: ViolationFilter): ViolationFilter {
  const status = (filter.status ?? [...ASSIGNABLE_STATUSES]).filter((s) =>
    (ASSIGNABLE_STATUSES as readonly string[]).includes(s),
  ) as ViolationFilter['status'];
  return { ...filter, status };
}

/** A filter whose statuses are all unassignable matches nothing (an empty list would mean "any status"). */
function compileAssignable(scoped: ViolationFilter) {
  return scoped.status?.length === 0 ? { where: 'false', params: [] as unknown[] } : compileFilter(scoped);
}

export async function previewAssignment(db: SqlExecutor, filter: ViolationFilter, sampleSize = 5): Promise<AssignResult> {
  const scoped = assignableFilter(filter);
  const { where, params } = compileAssignable(scoped);
  const [row] = await db.query<{ n: number | string }>(`select count(*) as n from violations v where ${where}`, params);
  return { matched: Number(row.n), changed: 0, sample: await listViolations(db, scoped, sampleSize) };
}

export async function assignViolations(
  store: Store,
  filter: ViolationFilter,
  assignee: string,
  actor: string,
  reason?: string,
): Promise<AssignResult> {
  const scoped = assignableFilter(filter);
  const { where, params } = compileAssignable(scoped);
  const n = params.length;
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ matched: number | string; changed: number | string }>(
      `with target as (
         select v.id, v.status, v.assignee from violations v where ${where} for update),
       moved as (
         update violations v set assignee = $${n + 1}, status = 'assigned', updated_at = now()
         from target t where v.id = t.id and (t.assignee is distinct from $${n + 1} or t.status <> 'assigned')
         returning v.id, t.status as from_status, t.assignee as from_assignee),
       events as (
         insert into violation_events (violation_id, actor, from_status, to_status, reason)
         select id, $${n + 2}, from_status, 'assigned',
           'assigned to ' || $${n + 1} || coalesce(' (was ' || from_assignee || ')', '') || coalesce(': ' || $${n + 3}, '')
         from moved returning 1)
       select (select count(*) from target) as matched, (select count(*) from events) as changed`,
      [...params, assignee, actor, reason ?? null],
    );
    const result = { matched: Number(row.matched), changed: Number(row.changed) };
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'violations.assign', $2, $3)`, [
      actor,
      assignee,
      JSON.stringify({ filter, ...result, reason: reason ?? null }),
    ]);
    return { ...result, sample: [] };
  });
}
