/**
 * Remediation runs: create one from the violations assigned to `ai` (one transaction: the run,
 * one fixes row per group in status `queued`, every violation `queued` with an event), enqueue
 * its flows, and report, cancel or resume it. The fixes table is the run's plan and its ledger.
 */
import type { Store } from '../db/store.ts';
import { copyLine } from '../db/copy-text.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { compileFilter, type ViolationFilter } from '../violations/filter.ts';
import { enqueueRun } from './enqueue.ts';
import { planBatches, type PlanCandidate, type PlanLimits, type PlannedBatch } from './plan.ts';

export { enqueueRun };

export interface CreateRunInput extends PlanLimits {
  filter: ViolationFilter;
  actor: string;
  options?: Record<string, unknown>;
}

export interface CreatedRun {
  runId: number;
  violations: number;
  groups: number;
  batches: PlannedBatch[];
}

export async function createRun(store: Store, input: CreateRunInput): Promise<CreatedRun> {
  const { where, params } = compileFilter({ ...input.filter, assignee: ['ai'], status: ['assigned'] });
  return store.transaction(async (tx) => {
    const candidates = await tx.query<PlanCandidate>(
      `select v.id::int as id, v.policy_id as "policyId", v.severity,
         coalesce(r.iac->>'repo', v.scope) as repo, coalesce(r.iac->>'stack', r.iac->>'project', '-') as stack
       from violations v left join resources r on r.key = v.resource_key
       where ${where} for update of v`,
      params,
    );
    const batches = planBatches(candidates, input);
    const groups = batches.flatMap((b) => b.groups);
    const violations = groups.reduce((n, g) => n + g.violationIds.length, 0);
    const [run] = await tx.query<{ id: number }>(
      `insert into remediation_runs (status, filter, options, counts, created_by) values ('queued', $1, $2, $3, $4) returning id`,
      [
        JSON.stringify(input.filter),
        JSON.stringify({ ...input.options, maxViolations: input.maxViolations, maxPrs: input.maxPrs, groupSize: input.groupSize }),
        JSON.stringify({ violations, groups: groups.length, batches: batches.length, round: 0 }),
        input.actor,
      ],
    );
    const runId = Number(run.id);
    if (groups.length === 0) {
      await tx.query(`update remediation_runs set status = 'finished', finished_at = now() where id = $1`, [runId]);
      return { runId, violations: 0, groups: 0, batches: [] };
    }
    await tx.query('create temp table run_plan (group_key text, violation_id bigint) on commit drop');
    await tx.copyFrom(
      'COPY run_plan (group_key, violation_id) FROM STDIN',
      (function* () {
        for (const g of groups) for (const id of g.violationIds) yield copyLine([g.groupKey, id]);
      })(),
    );
    await tx.query(
      `insert into fixes (run_id, group_key, status, violations)
       select $1, group_key, 'queued', count(*) from run_plan group by group_key`,
      [runId],
    );
    await tx.query(
      `with moved as (
         update violations v set status = 'queued', remediation_run_id = $1, fix_id = f.id, updated_at = now()
         from run_plan p join fixes f on f.run_id = $1 and f.group_key = p.group_key
         where v.id = p.violation_id returning v.id)
       insert into violation_events (violation_id, actor, from_status, to_status, reason)
       select id, $2, 'assigned', 'queued', 'remediation run ' || $1 from moved`,
      [runId, input.actor],
    );
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'remediation.create', $2, $3)`, [
      input.actor,
      `run ${runId}`,
      JSON.stringify({ filter: input.filter, violations, groups: groups.length, batches: batches.length }),
    ]);
    return { runId, violations, groups: groups.length, batches };
  });
}

/** Rebuilds a run's batches from its ledger (for resume): groups whose fix has not finished. */
export async function pendingBatches(store: Store, runId: number): Promise<PlannedBatch[]> {
  const rows = await store.query<{ group_key: string; policy_id: string; ids: number[] }>(
    `select f.group_key, min(v.policy_id) as policy_id, array_agg(v.id::int order by v.id) as ids
     from fixes f join violations v on v.fix_id = f.id
     where f.run_id = $1 and f.status in ('queued', 'running', 'cancelled')
     group by f.group_key order by f.group_key`,
    [runId],
  );
  const batches = new Map<string, PlannedBatch>();
  for (const row of rows) {
    const batchKey = row.group_key.replace(/\|part\d+$/, '');
    const [repo, stack] = batchKey.split('|');
    let batch = batches.get(batchKey);
    if (!batch) {
      batch = { batchKey, repo, stack, policyId: row.policy_id, groups: [] };
      batches.set(batchKey, batch);
    }
    batch.groups.push({ groupKey: row.group_key, batchKey, policyId: row.policy_id, violationIds: row.ids.map(Number) });
  }
  return [...batches.values()];
}

export interface RunProgress {
  runId: number;
  status: string;
  groups: Record<string, number>;
  violations: Record<string, number>;
  strategies: Record<string, Record<string, number>>;
  tokens: { input: number; output: number };
  total: { groups: number; violations: number };
  finished: boolean;
}

const TERMINAL_FIX = ['verified', 'rejected', 'skipped', 'failed', 'cancelled'];

export async function runProgress(store: Store, runId: number): Promise<RunProgress | undefined> {
  const [run] = await store.query<{ status: string; counts: { groups: number; violations: number } }>(
    'select status, counts from remediation_runs where id = $1',
    [runId],
  );
  if (!run) return undefined;
  const fixes = await store.query<{ status: string; strategy: string | null; n: number | string; tin: number | string; tout: number | string }>(
    `select status, strategy, count(*) as n, sum(tokens_in) as tin, sum(tokens_out) as tout from fixes where run_id = $1 group by 1, 2`,
    [runId],
  );
  const violations = await store.query<{ status: string; n: number | string }>(
    'select status, count(*) as n from violations where remediation_run_id = $1 group by 1',
    [runId],
  );
  const groups: Record<string, number> = {};
  const strategies: Record<string, Record<string, number>> = {};
  const tokens = { input: 0, output: 0 };
  for (const row of fixes) {
    groups[row.status] = (groups[row.status] ?? 0) + Number(row.n);
    // A group no strategy could even attempt is reported under `none`.
    if (TERMINAL_FIX.includes(row.status) && row.status !== 'cancelled') (strategies[row.strategy ?? 'none'] ??= {})[row.status] = Number(row.n);
    tokens.input += Number(row.tin ?? 0);
    tokens.output += Number(row.tout ?? 0);
  }
  const done = Object.entries(groups).filter(([status]) => TERMINAL_FIX.includes(status)).reduce((n, [, c]) => n + c, 0);
  return {
    runId,
    status: run.status,
    groups,
    violations: Object.fromEntries(violations.map((v) => [v.status, Number(v.n)])),
    strategies,
    tokens,
    total: { groups: run.counts.groups, violations: run.counts.violations },
    finished: run.status === 'cancelled' || run.status === 'finished' || done >= run.counts.groups,
  };
}

/** Cancel: queued groups never start (workers check), their violations go back to `assigned`. */
export async function cancelRun(store: Store, runId: number, actor: string): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.query(`update remediation_runs set status = 'cancelled', finished_at = now() where id = $1`, [runId]);
    await tx.query(`update fixes set status = 'cancelled' where run_id = $1 and status = 'queued'`, [runId]);
    const [row] = await tx.query<{ n: number | string }>(
      `with back as (
         update violations set status = 'assigned', updated_at = now()
         where remediation_run_id = $1 and status = 'queued' returning id),
       events as (
         insert into violation_events (violation_id, actor, from_status, to_status, reason)
         select id, $2, 'queued', 'assigned', 'remediation run ' || $1 || ' cancelled' from back returning 1)
       select count(*) as n from events`,
      [runId, actor],
    );
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'remediation.cancel', $2, $3)`, [
      actor,
      `run ${runId}`,
      JSON.stringify({ returned: Number(row.n) }),
    ]);
    return Number(row.n);
  });
}

/** Resume: re-plan the unfinished groups and enqueue them under a new round (new job ids). */
export async function resumeRun(store: Store, runtime: QueueRuntime, runId: number, actor: string): Promise<number> {
  const round = await store.transaction(async (tx) => {
    const [run] = await tx.query<{ counts: { round?: number } }>('select counts from remediation_runs where id = $1 for update', [runId]);
    const next = (run?.counts.round ?? 0) + 1;
    await tx.query(
      `update remediation_runs set status = 'queued', finished_at = null, counts = counts || jsonb_build_object('round', $2::int) where id = $1`,
      [runId, next],
    );
    await tx.query(`update fixes set status = 'queued' where run_id = $1 and status in ('cancelled', 'running')`, [runId]);
    await tx.query(
      `with target as (
         select v.id, v.status from violations v join fixes f on f.id = v.fix_id
         where f.run_id = $1 and f.status = 'queued' and v.status in ('assigned', 'fixing') for update of v),
       back as (update violations v set status = 'queued', updated_at = now() from target t where v.id = t.id returning v.id, t.status as from_status)
       insert into violation_events (violation_id, actor, from_status, to_status, reason)
       select id, $2, from_status, 'queued', 'remediation run ' || $1 || ' resumed' from back`,
      [runId, actor],
    );
    await tx.query(`insert into audit_log (actor, action, target, details) values ($1, 'remediation.resume', $2, '{}')`, [actor, `run ${runId}`]);
    return next;
  });
  const batches = await pendingBatches(store, runId);
  await enqueueRun(runtime, runId, batches, round);
  return batches.reduce((n, b) => n + b.groups.length, 0);
}

/** Marks the run finished once every group has a terminal fix; returns whether it is finished. */
export async function settleRun(store: Store, runId: number): Promise<boolean> {
  const [row] = await store.query<{ open: number | string }>(
    `select count(*) filter (where status in ('queued', 'running')) as open from fixes where run_id = $1`,
    [runId],
  );
  if (Number(row.open) > 0) return false;
  await store.query(
    `update remediation_runs set status = 'finished', finished_at = coalesce(finished_at, now()) where id = $1 and status in ('queued', 'running')`,
    [runId],
  );
  return true;
}
