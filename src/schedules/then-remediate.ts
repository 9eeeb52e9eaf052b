/**
 * `--then-remediate <filters>`: after a scheduled scan, the matching violations in the scopes it
 * read move to `ai`, and a remediation run is created and enqueued for the workers — the same
 * createRun/enqueueRun as `sweep remediate`. Only scopes the scan read are touched, so a schedule
 * for one account never remediates another's backlog.
 */
import type { Store } from '../db/store.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { createRun, enqueueRun } from '../remediation/runs.ts';
import { assignViolations } from '../violations/assign.ts';
import type { ViolationFilter } from '../violations/filter.ts';

export interface RemediationStarted {
  runId: number;
  assigned: number;
  violations: number;
  groups: number;
}

/**
 * Unless the filter names statuses or owners itself, only unassigned (`open`) violations move to
 * `ai`: a nightly job should not silently take work an owner (or an ownership rule) holds. Those
 * already assigned to `ai` join the run anyway (createRun takes every `ai` violation that matches).
 */
function assignTarget(filter: ViolationFilter): ViolationFilter {
  return filter.status || filter.assignee ? filter : { ...filter, status: ['open'] };
}

export async function remediateAfterScan(
  deps: { store: Store; runtime: QueueRuntime; actor: string },
  input: { schedule: string; scanId: number; filter: ViolationFilter },
): Promise<RemediationStarted | null> {
  const scopes = (await deps.store.query<{ scope: string }>('select scope from scan_scopes where scan_id = $1', [input.scanId])).map((r) => r.scope);
  if (scopes.length === 0) return null;
  const scoped: ViolationFilter = { ...input.filter, scope: scopes };
  const assigned = await assignViolations(
    deps.store,
    assignTarget(scoped),
    'ai',
    deps.actor,
    `schedule ${input.schedule}: --then-remediate after scan ${input.scanId}`,
  );
  // createRun takes what is assigned to `ai` and not yet in a run; its own filter pins that.
  const { status: _status, assignee: _assignee, ...runFilter } = scoped;
  const run = await createRun(deps.store, { filter: runFilter, actor: deps.actor, options: { schedule: input.schedule, scanId: input.scanId } });
  if (run.groups > 0) await enqueueRun(deps.runtime, run.runId, run.batches);
  return { runId: run.runId, assigned: assigned.changed, violations: run.violations, groups: run.groups };
}
