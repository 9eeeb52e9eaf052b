/**
 * The dashboard overview from the trigger-maintained counts (counts.ts): open backlog by severity
 * and status, compliance per framework, SLA breaches, and the oldest open violations. Every part
 * reads either the small count tables or a bounded range of a partial index, so its cost does not
 * grow with the violations table. The parts are separate SQL fragments sent as ONE statement: a
 * single round trip keeps the tail latency low when the database host is busy.
 */
import { SEVERITIES } from '../../policies/rule.ts';
import type { SqlExecutor } from '../db/store.ts';
import { OPEN_SQL } from './counts.ts';
import { OPEN_STATUSES } from './filter.ts';

export interface FrameworkCompliance {
  framework: string;
  /** Open violations credited to the framework (each counted once, however many controls it breaks). */
  violations: number;
  /** Controls at least one rule covers, and those with at least one open violation. */
  coveredControls: number;
  failingControls: number;
  /** Controls with no open violation / controls covered, 0..1 (1 when nothing is covered). */
  score: number;
}

export interface OldestOpen {
  id: number;
  policy: string;
  severity: string;
  status: string;
  assignee: string | null;
  resource: string;
  createdAt: string;
  dueAt: string | null;
}

export interface BacklogOverview {
  open: number;
  bySeverity: Record<string, number>;
  /** Every status, including resolved and suppressed. */
  byStatus: Record<string, number>;
  frameworks: FrameworkCompliance[];
  sla: { breached: number; bySeverity: Record<string, number>; dueIn7Days: number };
  oldest: OldestOpen[];
  asOf: string;
}

const COUNTS_SQL = `select severity, status, sum(n) as n from violation_count_deltas group by 1, 2 having sum(n) <> 0`;

/** Per framework: controls covered, controls with an open violation, open violations credited. */
const FRAMEWORKS_SQL = `
  with open_by_policy as (
    select policy_id, sum(n) as n from violation_count_deltas where status in ${OPEN_SQL} group by 1 having sum(n) > 0),
  per_control as (
    select pc.framework, pc.control, bool_or(o.policy_id is not null) as failing
    from policy_controls pc left join open_by_policy o using (policy_id) group by 1, 2),
  controls as (select framework, count(*) as covered, count(*) filter (where failing) as failing from per_control group by 1),
  credited as (
    select pf.framework, sum(o.n) as violations
    from (select framework, policy_id from policy_controls group by 1, 2) pf join open_by_policy o using (policy_id) group by 1)
  select c.framework, coalesce(cr.violations, 0) as violations, c.covered, c.failing
  from controls c left join credited cr using (framework) order by c.framework`;

/** Whole days before today from the per-day counts; only today's part reads the (covering) partial index. $1 = now. */
const SLA_SQL = `
  with days as (
    select severity,
      sum(n) filter (where due_day < ($1::timestamptz at time zone 'UTC')::date) as n,
      sum(n) filter (where due_day > ($1::timestamptz at time zone 'UTC')::date and due_day <= ($1::timestamptz at time zone 'UTC')::date + 7) as soon
    from violation_due_deltas group by 1),
  today as (
    select severity, count(*) filter (where due_at < $1) as n, count(*) filter (where due_at >= $1) as soon
    from violations
    where status in ${OPEN_SQL} and due_at >= date_trunc('day', $1::timestamptz, 'UTC')
      and due_at < date_trunc('day', $1::timestamptz, 'UTC') + interval '1 day'
    group by 1)
  select severity, coalesce(sum(n), 0) as n, coalesce(sum(soon), 0) as soon from (select * from days union all select * from today) x group by 1`;

/** $2 = how many. */
const OLDEST_SQL = `
  select v.id, v.policy_id as policy, v.severity, v.status, v.assignee, coalesce(r.name, v.resource_key) as resource,
    v.created_at as "createdAt", v.due_at as "dueAt"
  from violations v left join resources r on r.key = v.resource_key
  where v.status in ${OPEN_SQL} order by v.created_at, v.id limit $2`;

interface FrameworkRow {
  framework: string;
  violations: number | string;
  covered: number | string;
  failing: number | string;
}

function zeroSeverities(): Record<string, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
}

function toCompliance(rows: FrameworkRow[]): FrameworkCompliance[] {
  return rows.map((r) => {
    const covered = Number(r.covered);
    const failing = Number(r.failing);
    return { framework: r.framework, violations: Number(r.violations), coveredControls: covered, failingControls: failing, score: covered === 0 ? 1 : (covered - failing) / covered };
  });
}

const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export async function backlogOverview(db: SqlExecutor, now: Date = new Date(), oldestLimit = 5): Promise<BacklogOverview> {
  const [row] = await db.query<{
    counts: { severity: string; status: string; n: number }[];
    frameworks: FrameworkRow[];
    sla: { severity: string; n: number; soon: number }[];
    oldest: (Omit<OldestOpen, 'createdAt' | 'dueAt'> & { createdAt: string; dueAt: string | null })[];
  }>(
    `select
       (select coalesce(json_agg(c), '[]') from (${COUNTS_SQL}) c) as counts,
       (select coalesce(json_agg(f), '[]') from (${FRAMEWORKS_SQL}) f) as frameworks,
       (select coalesce(json_agg(s), '[]') from (${SLA_SQL}) s) as sla,
       (select coalesce(json_agg(o), '[]') from (${OLDEST_SQL}) o) as oldest`,
    [now.toISOString(), oldestLimit],
  );
  const bySeverity = zeroSeverities();
  const byStatus: Record<string, number> = {};
  let open = 0;
  for (const c of row.counts) {
    const n = Number(c.n);
    byStatus[c.status] = (byStatus[c.status] ?? 0) + n;
    if (!(OPEN_STATUSES as readonly string[]).includes(c.status)) continue;
    bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + n;
    open += n;
  }
  const sla = { breached: 0, bySeverity: zeroSeverities(), dueIn7Days: 0 };
  for (const s of row.sla) {
    sla.bySeverity[s.severity] = Number(s.n);
    sla.breached += Number(s.n);
    sla.dueIn7Days += Number(s.soon);
  }
  return {
    open,
    bySeverity,
    byStatus,
    frameworks: toCompliance(row.frameworks),
    sla,
    oldest: row.oldest.map((o) => ({ ...o, id: Number(o.id), createdAt: iso(o.createdAt)!, dueAt: iso(o.dueAt) })),
    asOf: now.toISOString(),
  };
}

/** Compliance per framework alone (exports, reports). */
export async function frameworkCompliance(db: SqlExecutor): Promise<FrameworkCompliance[]> {
  return toCompliance(await db.query<FrameworkRow>(FRAMEWORKS_SQL));
}
