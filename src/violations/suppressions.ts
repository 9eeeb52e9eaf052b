/**
 * Reading and ending exceptions: list them with their state, show one with the violations it
 * covers, and revoke one (its violations return to open/assigned at once, with an event each and
 * an audit row). Creating them is suppress.ts; expiry is `expireSuppressions` there, run at the
 * start of every scan and of every scheduled scan job.
 */
import type { SqlExecutor, Store } from '../db/store.ts';
import { SweepError } from '../errors.ts';
import type { ViolationFilter } from './filter.ts';
import { queryViolationViews, SEVERITY_ORDER_SQL, type ViolationView } from './list.ts';

export type SuppressionState = 'active' | 'expired' | 'revoked';

export interface SuppressionView {
  id: number;
  state: SuppressionState;
  reason: string;
  approvedBy: string;
  createdBy: string;
  createdAt: string;
  /** Null: permanent (until revoked). */
  expiresAt: string | null;
  revokedAt: string | null;
  /** What it was created with: a filter, or explicit violation ids. */
  filter: ViolationFilter | null;
  violationIds: number[] | null;
  /** Violations suppressed under it right now. */
  covered: number;
}

interface Row {
  id: number | string;
  reason: string;
  approved_by: string;
  created_by: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  filter: ViolationFilter | null;
  violation_ids: number[] | null;
  covered: number | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Expired means the date has passed, whether or not a scan has released its violations yet. */
function toView(row: Row, now: Date): SuppressionView {
  const expired = row.expires_at !== null && new Date(row.expires_at).getTime() <= now.getTime();
  return {
    id: Number(row.id),
    state: row.revoked_at !== null ? 'revoked' : expired ? 'expired' : 'active',
    reason: row.reason,
    approvedBy: row.approved_by,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    filter: row.filter,
    violationIds: row.violation_ids,
    covered: Number(row.covered),
  };
}

const SELECT = `select s.id, s.reason, s.approved_by, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.filter, s.violation_ids,
    (select count(*) from violations v where v.suppression_id = s.id and v.status = 'suppressed') as covered
  from suppressions s`;

export async function listSuppressions(db: SqlExecutor, options: { active?: boolean; now?: Date } = {}): Promise<SuppressionView[]> {
  const now = options.now ?? new Date();
  const rows = options.active
    ? await db.query<Row>(`${SELECT} where s.revoked_at is null and (s.expires_at is null or s.expires_at > $1) order by s.id desc`, [now.toISOString()])
    : await db.query<Row>(`${SELECT} order by s.id desc`);
  return rows.map((row) => toView(row, now));
}

export function suppressionNotFound(id: number): SweepError {
  return new SweepError('suppression-not-found', `no suppression ${id}`, { hint: 'run `sweep suppressions list` for the ids' });
}

export async function getSuppression(
  db: SqlExecutor,
  id: number,
  options: { now?: Date; limit?: number } = {},
): Promise<{ suppression: SuppressionView; violations: ViolationView[] } | undefined> {
  const now = options.now ?? new Date();
  const [row] = await db.query<Row>(`${SELECT} where s.id = $1`, [id]);
  if (!row) return undefined;
  const violations = await queryViolationViews(db, `v.suppression_id = $1 and v.status = 'suppressed'`, [id], `${SEVERITY_ORDER_SQL}, v.id`, options.limit ?? 1000);
  return { suppression: toView(row, now), violations };
}

/** Ends a suppression now; its violations go back to open (or assigned, when they have an owner). */
export async function revokeSuppression(store: Store, input: { id: number; reason: string; actor: string }): Promise<{ released: number }> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ revoked_at: Date | string | null }>('select revoked_at from suppressions where id = $1 for update', [input.id]);
    if (!row) throw suppressionNotFound(input.id);
    if (row.revoked_at !== null) {
      throw new SweepError('suppression-revoked', `suppression ${input.id} was already revoked at ${iso(row.revoked_at)}`, { hint: 'nothing to do' });
    }
    await tx.query('update suppressions set revoked_at = now() where id = $1', [input.id]);
    const [counts] = await tx.query<{ n: number | string }>(
      `with target as (select v.id from violations v where v.suppression_id = $1 and v.status = 'suppressed' for update),
       moved as (
         update violations v set status = case when v.assignee is null then 'open' else 'assigned' end,
           suppression_id = null, updated_at = now()
         from target t where v.id = t.id returning v.id, v.status),
       events as (
         insert into violation_events (violation_id, actor, from_status, to_status, reason)
         select id, $2, 'suppressed', status, 'suppression ' || $1 || ' revoked: ' || $3 from moved returning 1)
       select count(*) as n from events`,
      [input.id, input.actor, input.reason],
    );
    const released = Number(counts.n);
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'suppression.revoke', $2, $3)`, [
      input.actor,
      `suppression ${input.id}`,
      JSON.stringify({ reason: input.reason, released }),
    ]);
    return { released };
  });
}
