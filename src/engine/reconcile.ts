/**
 * Merges a scan's staged rows into resources and violations, inside the scan's transaction:
 * new / still open / reopened / resolved, with one violation_events row per transition.
 *
 * `mergeStaged` runs after each stack (or every MERGE_ROWS staged rows; the stage then empties),
 * overlapping the read of what comes next, so the stage never grows with the estate.
 * `resolveUnseen` runs once at the end: a violation is only resolved inside what the scan actually
 * looked at (the scopes it read and the policies it ran), and only once every batch has had its
 * say. Everything here is set-based SQL.
 */
import type { Tx } from '../db/store.ts';

export interface ReconcileCounts {
  resources: number;
  resourcesDeleted: number;
  new: number;
  open: number;
  reopened: number;
  resolved: number;
}

export interface MergeInput {
  scanId: number;
  actor: string;
  /** Days until a new violation is due, by severity (SLAs). */
  slaDays: Record<string, number>;
}

export interface ResolveInput {
  scanId: number;
  policyIds: string[];
  actor: string;
}

export function emptyCounts(): ReconcileCounts {
  return { resources: 0, resourcesDeleted: 0, new: 0, open: 0, reopened: 0, resolved: 0 };
}

async function count(tx: Tx, text: string, params: unknown[]): Promise<number> {
  const rows = await tx.query<{ n: number | string }>(text, params);
  return Number(rows[0]?.n ?? 0);
}

/** Merges what is staged into the real tables, adds to `counts`, and empties the stage. */
export async function mergeStaged(tx: Tx, input: MergeInput, counts: ReconcileCounts): Promise<void> {
  const { scanId, actor } = input;
  const sla = input.slaDays;

  // A key read twice (two files of one stack) keeps the last copy read: within what is staged by
  // staging order, across merges because a later merge updates the row again. Key order is also
  // index order, so each index page the inserts touch is touched once.
  await tx.query(
    `insert into resources as r (key, scope, type, native_type, name, provider, account, region, urn, native_id,
       role, parent_key, source, props, tags, iac, first_seen_scan, last_seen_scan, deleted_at, updated_at)
     select distinct on (key) key, scope, type, native_type, name, provider, account, region, urn, native_id,
       role, parent_key, source, props, tags, iac, first_seen_scan, last_seen_scan, null::timestamptz, now()
     from stage_resources order by key, seq desc
     on conflict (key) do update set scope = excluded.scope, type = excluded.type, native_type = excluded.native_type,
       name = excluded.name, provider = excluded.provider, account = excluded.account, region = excluded.region,
       urn = excluded.urn, native_id = excluded.native_id, role = excluded.role, parent_key = excluded.parent_key,
       source = excluded.source, props = excluded.props, tags = excluded.tags, iac = excluded.iac,
       last_seen_scan = excluded.last_seen_scan, deleted_at = null, updated_at = now()`,
  );

  // New violations first: when every staged fingerprint was new (a first scan, a new stack), the
  // two updates below would only join the stage against the backlog to find nothing.
  const [added] = await tx.query<{ n: number | string; staged: number | string }>(
    `with inserted as (
       insert into violations (fingerprint, policy_id, resource_key, scope, resource_type, account, severity, status,
         assignee, due_at, message, first_seen_scan, last_seen_scan)
       select fingerprint, policy_id, resource_key, scope, resource_type, account, severity,
         case when owner is null then 'open' else 'assigned' end, owner,
         now() + make_interval(days => case severity when 'critical' then $3::int when 'high' then $4::int
                                                     when 'medium' then $5::int else $6::int end),
         message, $1, $1
       from (select distinct on (fingerprint) * from stage_violations order by fingerprint) s
       on conflict (fingerprint) do nothing
       returning id, status, assignee),
     events as (
       insert into violation_events (violation_id, scan_id, actor, from_status, to_status, reason)
       select id, $1, $2, null, status,
         'detected by scan ' || $1 || coalesce('; assigned to ' || assignee || ' by an ownership rule', '')
       from inserted returning 1)
     select (select count(*) from events) as n, (select count(distinct fingerprint) from stage_violations) as staged`,
    [scanId, actor, sla.critical, sla.high, sla.medium, sla.low],
  );
  counts.new += Number(added.n);

  if (Number(added.n) < Number(added.staged)) {
    counts.reopened += await count(
      tx,
      `with reopened as (
         update violations v set status = case when v.assignee is null then 'open' else 'assigned' end,
           resolved_at = null, resolved_how = null, last_seen_scan = $1, message = s.message, severity = s.severity,
           updated_at = now()
         from stage_violations s where v.fingerprint = s.fingerprint and v.status = 'resolved'
         returning v.id, v.status),
       events as (
         insert into violation_events (violation_id, scan_id, actor, from_status, to_status, reason)
         select id, $1, $2, 'resolved', status, 'seen again by scan ' || $1 from reopened returning 1)
       select count(*) as n from events`,
      [scanId, actor],
    );

    // Reopened rows already carry this scan's number, so `open` counts only the ones that never left.
    counts.open += await count(
      tx,
      `with still as (
         update violations v set last_seen_scan = $1, message = s.message, severity = s.severity,
           resource_type = s.resource_type, account = s.account, updated_at = now()
         from stage_violations s where v.fingerprint = s.fingerprint and v.last_seen_scan < $1
         returning 1)
       select count(*) as n from still`,
      [scanId],
    );
  }

  // Truncate, not delete: a temp table emptied by delete keeps its dead rows until commit, and
  // every later batch would scan them again.
  await tx.query('truncate stage_resources, stage_violations');
}

/** After the last merge: records the scopes read, marks resources gone, resolves what was not seen. */
export async function resolveUnseen(tx: Tx, input: ResolveInput, counts: ReconcileCounts): Promise<void> {
  const { scanId, policyIds, actor } = input;
  await tx.query('insert into scan_scopes (scan_id, scope, resources) select $1, scope, sum(resources) from stage_scopes group by scope', [scanId]);

  // Counted here, not per merge: a key read twice (in two batches) is one resource.
  counts.resources += await count(
    tx,
    'select count(*) as n from resources where scope in (select scope from stage_scopes) and last_seen_scan = $1',
    [scanId],
  );

  counts.resourcesDeleted += await count(
    tx,
    `with gone as (
       update resources set deleted_at = now(), updated_at = now()
       where scope in (select scope from stage_scopes) and last_seen_scan < $1 and deleted_at is null
       returning 1)
     select count(*) as n from gone`,
    [scanId],
  );

  counts.resolved += await count(
    tx,
    `with target as (
       select v.id, v.status as from_status,
         case when r.key is null or r.deleted_at is not null then 'resource-deleted'
              when x.policy_id is not null then 'excluded-by-config'
              else 'passing' end as how
       from violations v left join resources r on r.key = v.resource_key
         left join scan_exclusions x on x.scan_id = $1 and x.policy_id = v.policy_id and x.resource_key = v.resource_key
       where v.scope in (select scope from stage_scopes) and v.policy_id = any($3::text[])
         and v.status <> 'resolved' and v.last_seen_scan < $1
       for update of v),
     resolved as (
       update violations v set status = 'resolved', resolved_at = now(), resolved_how = t.how, updated_at = now()
       from target t where v.id = t.id
       returning v.id, t.from_status, t.how),
     events as (
       insert into violation_events (violation_id, scan_id, actor, from_status, to_status, reason)
       select id, $1, $2, from_status, 'resolved', how from resolved returning 1)
     select count(*) as n from events`,
    [scanId, actor, policyIds],
  );
}
