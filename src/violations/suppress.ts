/**
 * Accountable exceptions: every violation matching a filter (or a list of ids) moves to
 * `suppressed` under one `suppressions` row that names the reason, the approver and the expiry —
 * in one transaction with one violation_events row each and one audit row. On expiry (or
 * revocation) `expireSuppressions` returns them to the backlog, again with events.
 */
import type { Store } from '../db/store.ts';
import { SweepError } from '../errors.ts';
import { compileFilter, type ViolationFilter } from './filter.ts';

/** Statuses a violation can be suppressed from: not while a fix is in flight or proposed. */
export const SUPPRESSIBLE_STATUSES = ['open', 'assigned', 'needs_human', 'failed'] as const;

export interface SuppressInput {
  filter: ViolationFilter;
  reason: string;
  approvedBy: string;
  /** Null: permanent, until revoked. Only an admin may ask for that (the CLI; the API requires an expiry). */
  expiresAt: Date | null;
  actor: string;
}

export interface SuppressResult {
  /** Null when nothing matched (no suppression row is written for an empty set). */
  suppressionId: number | null;
  matched: number;
  changed: number;
}

export function suppressibleFilter(filter: ViolationFilter): ViolationFilter {
  const status = (filter.status ?? [...SUPPRESSIBLE_STATUSES]).filter((s) =>
    (SUPPRESSIBLE_STATUSES as readonly string[]).includes(s),
  ) as ViolationFilter['status'];
  return { ...filter, status };
}

export async function suppressViolations(store: Store, input: SuppressInput, now: Date = new Date()): Promise<SuppressResult> {
  const expiresAt = input.expiresAt?.toISOString() ?? null;
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new SweepError('suppression-expired', `the expiry ${input.expiresAt.toISOString()} is not in the future`, {
      hint: 'give a future date, e.g. 2027-03-01',
      exitCode: 2,
    });
  }
  const scoped = suppressibleFilter(input.filter);
  // No suppressible status left in the filter means nothing matches (an empty list would mean "any").
  const { where, params } = scoped.status?.length === 0 ? { where: 'false', params: [] as unknown[] } : compileFilter(scoped);
  const n = params.length;
  return store.transaction(async (tx) => {
    const ids = input.filter.ids && Object.keys(input.filter).length === 1 ? input.filter.ids : null;
    const [row] = await tx.query<{ id: number }>(
      `insert into suppressions (filter, violation_ids, reason, approved_by, created_by, expires_at)
       values ($1, $2, $3, $4, $5, $6) returning id`,
      [ids ? null : JSON.stringify(input.filter), ids ? JSON.stringify(ids) : null, input.reason, input.approvedBy, input.actor, expiresAt],
    );
    const suppressionId = Number(row.id);
    const [counts] = await tx.query<{ matched: number | string; changed: number | string }>(
      `with target as (select v.id, v.status from violations v where ${where} for update),
       moved as (
         update violations v set status = 'suppressed', suppression_id = $${n + 1}, reason = $${n + 2}, updated_at = now()
         from target t where v.id = t.id returning v.id, t.status as from_status),
       events as (
         insert into violation_events (violation_id, actor, from_status, to_status, reason)
         select id, $${n + 3}, from_status, 'suppressed',
           'suppressed ' || coalesce('until ' || to_char($${n + 4}::timestamptz at time zone 'UTC', 'YYYY-MM-DD'), 'permanently') || ' (approved by ' || $${n + 5} || '): ' || $${n + 2}
         from moved returning 1)
       select (select count(*) from target) as matched, (select count(*) from events) as changed`,
      [...params, suppressionId, input.reason, input.actor, expiresAt, input.approvedBy],
    );
    const result = { matched: Number(counts.matched), changed: Number(counts.changed) };
    if (result.matched === 0) {
      // An exception covering nothing is not worth keeping on record; the audit row says it was tried.
      await tx.query('delete from suppressions where id = $1', [suppressionId]);
    }
    const kept = result.matched === 0 ? null : suppressionId;
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'violations.suppress', $2, $3)`, [
      input.actor,
      kept === null ? null : `suppression ${kept}`,
      JSON.stringify({ filter: input.filter, ...result, reason: input.reason, approvedBy: input.approvedBy, expiresAt }),
    ]);
    return { suppressionId: kept, ...result };
  });
}

/** Suppressions past their expiry (or revoked) release their violations back to open/assigned. */
export async function expireSuppressions(store: Store, actor: string, now: Date = new Date()): Promise<number> {
  return store.transaction(async (tx) => {
    const [row] = await tx.query<{ n: number | string }>(
      `with target as (
         select v.id from violations v join suppressions s on s.id = v.suppression_id
         where v.status = 'suppressed' and (s.expires_at <= $1 or s.revoked_at is not null)
         for update of v),
       moved as (
         update violations v set status = case when v.assignee is null then 'open' else 'assigned' end,
           suppression_id = null, updated_at = now()
         from target t where v.id = t.id returning v.id, v.status),
       events as (
         insert into violation_events (violation_id, actor, from_status, to_status, reason)
         select id, $2, 'suppressed', status, 'suppression expired or revoked' from moved returning 1)
       select count(*) as n from events`,
      [now.toISOString(), actor],
    );
    const released = Number(row.n);
    if (released > 0) {
      await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'violations.unsuppress', null, $2)`, [
        actor,
        JSON.stringify({ released }),
      ]);
    }
    return released;
  });
}
