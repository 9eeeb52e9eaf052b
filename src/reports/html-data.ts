/**
 * The aggregates behind the HTML report. Everything here is bounded (per severity, per scan, per
 * exception, a capped list of violations), so the page is built in memory whatever the backlog.
 */
import type { Framework } from '../../policies/rule.ts';
import type { SqlExecutor } from '../db/store.ts';
import { OPEN_STATUSES } from '../violations/filter.ts';
import { isoSql, type Scope } from './rows.ts';

const SEVERITY_ORDER = `array_position(array['critical','high','medium','low']::text[], v.severity)`;

export async function openBySeverity(db: SqlExecutor, scope: Scope): Promise<Record<string, number>> {
  const rows = await db.query<{ severity: string; n: number | string }>(
    `select v.severity, count(*) as n from violations v where ${scope.where} and v.status = any($${scope.params.length + 1}::text[]) group by 1`,
    [...scope.params, [...OPEN_STATUSES]],
  );
  const counts: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const row of rows) counts[row.severity] = Number(row.n);
  return counts;
}

export interface TrendPoint {
  scan: number;
  at: string;
  open: number;
  failingControls: number;
}

/**
 * Open violations and failing controls as they stood after each of the last `limit` scans,
 * replayed from violation_events: every transition into the open set counts +1, every transition
 * out of it -1, so the sum of a violation's deltas up to a moment is 1 exactly when it was open.
 * The filter applies to the violations as they are now.
 */
export async function trend(db: SqlExecutor, framework: Framework, scope: Scope, limit: number): Promise<TrendPoint[]> {
  const n = scope.params.length;
  const rows = await db.query<{ id: number | string; at: string; open: number | string; failing: number | string }>(
    `with recent as (
       select id, started_at, coalesce(finished_at, started_at) as t from scans
       where status in ('succeeded', 'partial') order by id desc limit ${Math.max(1, Math.floor(limit))}),
     deltas as (
       select e.at, v.policy_id,
         (case when e.to_status = any($${n + 1}::text[]) then 1 else 0 end)
           - (case when e.from_status = any($${n + 1}::text[]) then 1 else 0 end) as d
       from violation_events e join violations v on v.id = e.violation_id
       where ${scope.where})
     select r.id, ${isoSql('r.started_at')} as at,
       (select coalesce(sum(d), 0) from deltas where deltas.at <= r.t) as open,
       (select count(*) from (
          select pc.control from deltas join policy_controls pc on pc.policy_id = deltas.policy_id and pc.framework = $${n + 2}
          where deltas.at <= r.t group by pc.control having sum(deltas.d) > 0) failing) as failing
     from recent r order by r.id`,
    [...scope.params, [...OPEN_STATUSES], framework],
  );
  return rows.map((row) => ({ scan: Number(row.id), at: row.at, open: Number(row.open), failingControls: Number(row.failing) }));
}

export interface ExceptionRow {
  id: number;
  reason: string;
  approvedBy: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  violations: number;
}

/** Accepted exceptions that currently cover violations in the report. */
export async function exceptions(db: SqlExecutor, scope: Scope, limit: number): Promise<ExceptionRow[]> {
  const rows = await db.query<{
    id: number | string;
    reason: string;
    approved_by: string;
    created_by: string;
    created_at: string;
    expires_at: string | null;
    violations: number | string;
  }>(
    `select s.id, s.reason, s.approved_by, s.created_by, ${isoSql('s.created_at')} as created_at,
       ${isoSql('s.expires_at')} as expires_at, count(v.id) as violations
     from suppressions s join violations v on v.suppression_id = s.id
     where ${scope.where} and v.status = 'suppressed'
     group by s.id order by s.expires_at nulls last, s.id
     limit ${Math.max(1, Math.floor(limit))}`,
    scope.params,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    reason: row.reason,
    approvedBy: row.approved_by,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    violations: Number(row.violations),
  }));
}

export interface OpenViolation {
  id: number;
  severity: string;
  status: string;
  policyId: string;
  title: string;
  resourceName: string;
  resourceKey: string;
  location: string | null;
  owner: string | null;
  dueAt: string | null;
}

/** The most severe open violations first (ties by id), at most `limit`. */
export async function topOpenViolations(db: SqlExecutor, scope: Scope, limit: number): Promise<OpenViolation[]> {
  const rows = await db.query<{
    id: number | string;
    severity: string;
    status: string;
    policy_id: string;
    title: string | null;
    name: string | null;
    resource_key: string;
    repo: string | null;
    path: string | null;
    line: string | null;
    assignee: string | null;
    due_at: string | null;
  }>(
    `select v.id, v.severity, v.status, v.policy_id, p.title, r.name, v.resource_key,
       r.iac->>'repo' as repo, r.iac->>'path' as path, r.iac->>'line' as line, v.assignee, ${isoSql('v.due_at')} as due_at
     from violations v left join resources r on r.key = v.resource_key left join policies p on p.id = v.policy_id
     where ${scope.where} and v.status = any($${scope.params.length + 1}::text[])
     order by ${SEVERITY_ORDER}, v.id limit ${Math.max(1, Math.floor(limit))}`,
    [...scope.params, [...OPEN_STATUSES]],
  );
  return rows.map((row) => ({
    id: Number(row.id),
    severity: row.severity,
    status: row.status,
    policyId: row.policy_id,
    title: row.title ?? row.policy_id,
    resourceName: row.name ?? row.resource_key,
    resourceKey: row.resource_key,
    location: row.path ? `${row.repo ? `${row.repo}: ` : ''}${row.path}${row.line ? `:${row.line}` : ''}` : null,
    owner: row.assignee,
    dueAt: row.due_at,
  }));
}
