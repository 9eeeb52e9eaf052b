/**
 * Exact backlog counts without scanning the violations table per request.
 *
 * Statement-level triggers (with transition tables) on `violations` append signed deltas per
 * (policy, severity, status) — and, for open violations, per (severity, status, due day) — so
 * every writer keeps them exact inside its own transaction: scans, `sweep assign`, workers, the
 * API, and code written later, without knowing the counts exist. Deltas are append-only (no hot
 * counter row to lock, so two writers never wait on or deadlock over a count); `compactCounts`
 * folds them back into one row per key. A trigger on `scans` snapshots the open backlog when a
 * scan finishes: the burndown series.
 *
 * The triggers are installed by `installBacklogAggregates` (at `sweep serve` start, idempotent,
 * versioned by a hash of their SQL) rather than by a migration: migrations are generated from the
 * drizzle schema, which cannot express triggers. Installing rebuilds the counts from the table
 * under a SHARE lock, so they are exact from that moment on; once installed they persist.
 */
import { createHash } from 'node:crypto';
import type { SqlExecutor, Store } from '../db/store.ts';
import { OPEN_STATUSES } from './filter.ts';

/** `('a', 'b')` for constants of this codebase (never user input), quoted anyway. */
export function sqlList(values: readonly string[]): string {
  return `(${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`;
}

/** The open-status predicate exactly as the partial indexes on violations spell it. */
export const OPEN_SQL = sqlList(OPEN_STATUSES);

const DUE_DAY = `(due_at at time zone 'UTC')::date`;

// One statement per string: PGlite's query() takes a single statement.
const FUNCTIONS = [
  `create or replace function sweep_count_violations() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'INSERT' then
    insert into violation_count_deltas (policy_id, severity, status, n)
      select policy_id, severity, status, count(*) from sweep_new group by 1, 2, 3;
    insert into violation_due_deltas (severity, status, due_day, n)
      select severity, status, ${DUE_DAY}, count(*) from sweep_new
      where due_at is not null and status in ${OPEN_SQL} group by 1, 2, 3;
  elsif tg_op = 'UPDATE' then
    insert into violation_count_deltas (policy_id, severity, status, n)
      select policy_id, severity, status, sum(d) from (
        select policy_id, severity, status, -1 as d from sweep_old
        union all select policy_id, severity, status, 1 from sweep_new) c
      group by 1, 2, 3 having sum(d) <> 0;
    insert into violation_due_deltas (severity, status, due_day, n)
      select severity, status, due_day, sum(d) from (
        select severity, status, ${DUE_DAY} as due_day, -1 as d from sweep_old where due_at is not null and status in ${OPEN_SQL}
        union all
        select severity, status, ${DUE_DAY}, 1 from sweep_new where due_at is not null and status in ${OPEN_SQL}) c
      group by 1, 2, 3 having sum(d) <> 0;
  else
    insert into violation_count_deltas (policy_id, severity, status, n)
      select policy_id, severity, status, -count(*) from sweep_old group by 1, 2, 3;
    insert into violation_due_deltas (severity, status, due_day, n)
      select severity, status, ${DUE_DAY}, -count(*) from sweep_old
      where due_at is not null and status in ${OPEN_SQL} group by 1, 2, 3;
  end if;
  return null;
end
$fn$`,
  `create or replace function sweep_snapshot_backlog() returns trigger language plpgsql as $fn$
begin
  if new.status in ('succeeded', 'partial') and new.status is distinct from old.status then
    insert into backlog_snapshots (scan_id, at, open, by_severity)
      select new.id, coalesce(new.finished_at, now()), coalesce(sum(n), 0), coalesce(jsonb_object_agg(severity, n), '{}'::jsonb)
      from (select severity, sum(n)::bigint as n from violation_count_deltas
            where status in ${OPEN_SQL} group by severity having sum(n) <> 0) s
    on conflict (scan_id) do nothing;
  end if;
  return null;
end
$fn$`,
];

const TRIGGERS = [
  'drop trigger if exists sweep_count_insert on violations',
  'drop trigger if exists sweep_count_update on violations',
  'drop trigger if exists sweep_count_delete on violations',
  'drop trigger if exists sweep_snapshot_backlog on scans',
  `create trigger sweep_count_insert after insert on violations
     referencing new table as sweep_new for each statement execute function sweep_count_violations()`,
  `create trigger sweep_count_update after update on violations
     referencing old table as sweep_old new table as sweep_new for each statement execute function sweep_count_violations()`,
  `create trigger sweep_count_delete after delete on violations
     referencing old table as sweep_old for each statement execute function sweep_count_violations()`,
  `create trigger sweep_snapshot_backlog after update of status on scans
     for each row execute function sweep_snapshot_backlog()`,
];

/** Changes whenever the trigger SQL changes, so a newer sweep reinstalls and rebuilds. */
export const AGGREGATES_VERSION = createHash('sha256').update([...FUNCTIONS, ...TRIGGERS].join(';\n')).digest('hex').slice(0, 16);

// Any fixed number: only two sweep processes installing at once must agree on it.
const INSTALL_LOCK = 727_465_007;

async function installedVersion(db: SqlExecutor): Promise<string | null> {
  const [row] = await db.query<{ version: string | null; triggers: number | string }>(
    `select (select obj_description(to_regproc('sweep_count_violations')::oid, 'pg_proc')) as version,
       (select count(*) from pg_trigger where tgname in ('sweep_count_insert', 'sweep_count_update', 'sweep_count_delete', 'sweep_snapshot_backlog')) as triggers`,
  );
  return Number(row.triggers) === 4 ? row.version : null;
}

export interface InstallResult {
  /** False when the current version was already installed (nothing rebuilt). */
  rebuilt: boolean;
  /** Finished scans that got a burndown point computed from the event trail. */
  backfilled: number;
}

/** Installs (or upgrades) the triggers and rebuilds the counts; a no-op when already current. */
export async function installBacklogAggregates(store: Store): Promise<InstallResult> {
  if ((await installedVersion(store)) === AGGREGATES_VERSION) return { rebuilt: false, backfilled: 0 };
  return store.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [INSTALL_LOCK]);
    if ((await installedVersion(tx)) === AGGREGATES_VERSION) return { rebuilt: false, backfilled: 0 };
    // SHARE blocks writers (not readers) until commit, so the rebuilt counts and the newly
    // installed triggers see exactly the same rows.
    await tx.query('lock table violations in share mode');
    for (const statement of [...FUNCTIONS, ...TRIGGERS]) await tx.query(statement);
    await tx.query(`comment on function sweep_count_violations() is '${AGGREGATES_VERSION}'`);
    await rebuildCounts(tx);
    const backfilled = await backfillSnapshots(tx);
    return { rebuilt: true, backfilled };
  });
}

async function rebuildCounts(tx: SqlExecutor): Promise<void> {
  await tx.query('delete from violation_count_deltas');
  await tx.query('delete from violation_due_deltas');
  await tx.query(
    `insert into violation_count_deltas (policy_id, severity, status, n)
     select policy_id, severity, status, count(*) from violations group by 1, 2, 3`,
  );
  await tx.query(
    `insert into violation_due_deltas (severity, status, due_day, n)
     select severity, status, ${DUE_DAY}, count(*) from violations
     where due_at is not null and status in ${OPEN_SQL} group by 1, 2, 3`,
  );
}

/**
 * Scans that finished before the triggers existed get their point from the event trail: the open
 * backlog at time T is the sum over events up to T of (+1 entering an open status, -1 leaving
 * one). Bounded to the latest 100 such scans: history older than that is not worth a long lock.
 */
async function backfillSnapshots(tx: SqlExecutor): Promise<number> {
  const rows = await tx.query<{ scan_id: number }>(
    `with missing as (
       select s.id, s.finished_at from scans s
       where s.status in ('succeeded', 'partial') and s.finished_at is not null
         and not exists (select 1 from backlog_snapshots b where b.scan_id = s.id)
       order by s.id desc limit 100),
     moves as (
       select e.at, v.severity,
         (case when e.to_status in ${OPEN_SQL} then 1 else 0 end) - (case when e.from_status in ${OPEN_SQL} then 1 else 0 end) as d
       from violation_events e join violations v on v.id = e.violation_id
       where e.at <= (select max(finished_at) from missing)),
     points as (
       select m.id, m.finished_at, x.severity, sum(x.d)::bigint as n
       from missing m join moves x on x.at <= m.finished_at and x.d <> 0
       group by 1, 2, 3)
     insert into backlog_snapshots (scan_id, at, open, by_severity)
     select m.id, m.finished_at, coalesce(sum(p.n) filter (where p.n > 0), 0),
       coalesce(jsonb_object_agg(p.severity, p.n) filter (where p.n > 0), '{}'::jsonb)
     from missing m left join points p on p.id = m.id
     group by m.id, m.finished_at
     returning scan_id`,
  );
  return rows.length;
}

/**
 * Folds the deltas into one row per key. Safe beside concurrent writers: it deletes only the rows
 * its snapshot sees and re-inserts their sums; rows committed meanwhile stay and are summed later.
 */
export async function compactCounts(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query(
      `with gone as (delete from violation_count_deltas returning policy_id, severity, status, n)
       insert into violation_count_deltas (policy_id, severity, status, n)
       select policy_id, severity, status, sum(n) from gone group by 1, 2, 3 having sum(n) <> 0`,
    );
    await tx.query(
      `with gone as (delete from violation_due_deltas returning severity, status, due_day, n)
       insert into violation_due_deltas (severity, status, due_day, n)
       select severity, status, due_day, sum(n) from gone group by 1, 2, 3 having sum(n) <> 0`,
    );
  });
}

export interface CountRow {
  policy: string;
  severity: string;
  status: string;
  n: number;
}

/** Current counts per (policy, severity, status); a few hundred rows for any backlog size. */
export async function readCounts(db: SqlExecutor): Promise<CountRow[]> {
  const rows = await db.query<{ policy_id: string; severity: string; status: string; n: number | string }>(
    `select policy_id, severity, status, sum(n) as n from violation_count_deltas group by 1, 2, 3 having sum(n) <> 0`,
  );
  return rows.map((r) => ({ policy: r.policy_id, severity: r.severity, status: r.status, n: Number(r.n) }));
}
