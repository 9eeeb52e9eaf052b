import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { openQueueRuntime, type QueueRuntime } from '../queue/runtime.ts';
import { JOBS } from '../queue/catalog.ts';
import { cancelRun, createRun, enqueueRun, resumeRun, runProgress, type RunProgress } from '../remediation/runs.ts';
import type { Store } from '../db/store.ts';
import { startWorkers } from '../workers/index.ts';
import { buildWorkerDeps } from '../workers/deps.ts';
import type { CliContext } from './context.ts';
import { addFilterOptions, filterFromFlags, positiveInt, type FilterFlags } from './options.ts';
import type { PlanLimits } from '../remediation/plan.ts';
import type { ViolationFilter } from '../violations/filter.ts';
import { formatTable } from './table.ts';
import { APPROVAL_MODES, type ApprovalMode } from '../config/file.ts';
import type { PrLimits } from '../prs/limits.ts';
import { waitForPrJobs } from '../prs/queue.ts';
import { oneOf } from './options.ts';

interface RemediateFlags extends FilterFlags {
  maxViolations?: string;
  maxPrs?: string;
  groupSize?: string;
  importInto?: string;
  approval?: string;
  wait?: boolean;
  concurrency?: string;
  json?: boolean;
}

async function withRuntime<T>(context: CliContext, store: Store, fn: (runtime: QueueRuntime) => Promise<T>): Promise<T> {
  const config = context.config();
  const runtime = await openQueueRuntime({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, store, prefix: config.queuePrefix });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** Workers already serving the fix queue elsewhere (Redis or Postgres backends); the embedded queue has none. */
async function connectedWorkers(runtime: QueueRuntime): Promise<number> {
  if (runtime.kind === 'pglite') return 0;
  try {
    return (await runtime.queue(JOBS['fix-group'].queue).getWorkers()).length;
  } catch {
    return 0;
  }
}

export function printProgress(context: CliContext, progress: RunProgress): void {
  const g = progress.groups;
  context.print(
    `run ${progress.runId} ${progress.status}: ${progress.total.groups} groups (${g.queued ?? 0} queued, ${g.running ?? 0} running, ` +
      `${g.verified ?? 0} fixed, ${g.rejected ?? 0} rejected, ${g.skipped ?? 0} skipped, ${g.failed ?? 0} failed, ${g.cancelled ?? 0} cancelled), ` +
      `${progress.total.violations} violations`,
  );
  const v = Object.entries(progress.violations).map(([status, n]) => `${status} ${n}`).join(', ');
  if (v) context.print(`violations: ${v}`);
  const rows = Object.entries(progress.strategies).map(([strategy, counts]) => [
    strategy,
    String(counts.verified ?? 0),
    String(counts.rejected ?? 0),
    String((counts.skipped ?? 0) + (counts.failed ?? 0)),
  ]);
  if (rows.length) context.print(formatTable(['STRATEGY', 'FIXED', 'REJECTED', 'SKIPPED/FAILED'], rows));
  if (progress.tokens.input + progress.tokens.output > 0) context.print(`model tokens: ${progress.tokens.input} in, ${progress.tokens.output} out`);
}

export interface RemediateOptions extends PlanLimits {
  filter: ViolationFilter;
  importInto?: string;
  /** PR approval mode for this run (overrides the config file's `prs.approval`). */
  approval?: ApprovalMode;
  /** PR creation limits for this run (override `prs.limits`; 0 = none). */
  prLimits?: Partial<PrLimits>;
  wait?: boolean;
  concurrency?: number;
  /** No progress lines (JSON output). */
  quiet?: boolean;
}

export interface RemediateOutcome {
  run?: number;
  violations: number;
  groups: number;
  batches: number;
  progress?: RunProgress;
}

/**
 * Creates a run, enqueues it, and with `wait` follows it to the end — running workers in this
 * process when no worker is connected (always the case on the embedded queue).
 */
export async function remediateNow(context: CliContext, store: Store, options: RemediateOptions): Promise<RemediateOutcome> {
  const { filter, importInto, approval, prLimits, wait, concurrency, quiet, ...limits } = options;
  const created = await createRun(store, { filter, actor: context.config().actor, ...limits, options: { importInto, approval, prLimits } });
  if (created.groups === 0) {
    if (!quiet) context.print('nothing to remediate: no violation matching the filters is assigned to `ai` (see `sweep assign --to ai`)');
    return { run: created.runId, violations: 0, groups: 0, batches: 0 };
  }
  return withRuntime(context, store, async (runtime) => {
    await enqueueRun(runtime, created.runId, created.batches);
    const outcome: RemediateOutcome = { run: created.runId, violations: created.violations, groups: created.groups, batches: created.batches.length };
    if (!quiet) context.print(`run ${created.runId}: ${created.violations} violations in ${created.groups} groups, ${created.batches.length} PR batches, queued on ${runtime.kind}`);
    if (!wait) return outcome;
    const ownWorkers = (await connectedWorkers(runtime)) === 0;
    const deps = ownWorkers ? await buildWorkerDeps({ store, config: context.config(), cwd: context.io.cwd, importInto, env: context.io.env }) : undefined;
    const workers = deps ? startWorkers(runtime, deps, { concurrency: concurrency ?? 2 }) : [];
    try {
      let progress = await runProgress(store, created.runId);
      while (progress && !progress.finished) {
        const g = progress.groups;
        const done = (g.verified ?? 0) + (g.rejected ?? 0) + (g.skipped ?? 0) + (g.failed ?? 0);
        context.progress(`run ${created.runId}: ${done}/${progress.total.groups} groups done (${g.verified ?? 0} fixed)`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        progress = await runProgress(store, created.runId);
      }
      // The run ends with its PRs: wait for the open-pr jobs too.
      await waitForPrJobs(runtime, created.runId, created.batches.map((b) => b.batchKey), {
        onProgress: (done, total) => context.progress(`run ${created.runId}: ${done}/${total} PR batches done`),
      });
      return { ...outcome, progress };
    } finally {
      await Promise.allSettled(workers.map((w) => w.close()));
    }
  });
}

export function registerRemediate(program: Command, context: CliContext): void {
  const remediate = program
    .command('remediate')
    .description('fix the violations assigned to `ai`: group, enqueue, fix, verify (subcommands: status, cancel, resume)');
  addFilterOptions(remediate)
    .option('--max-violations <n>', 'blast radius: at most this many violations in the run (most severe first)')
    .option('--max-prs <n>', 'at most this many PR batches')
    .option('--group-size <n>', 'violations per fix job', '50')
    .option('--import-into <repo-file>', 'for unmanaged resources: the repo file the import declarations go into')
    .option('--approval <mode>', `PR approval for this run: ${APPROVAL_MODES.join(', ')} (default: prs.approval in sweep.yaml, else balanced)`)
    .option('--wait', 'wait for the run to finish (runs workers in this process when none are connected)')
    .option('--concurrency <n>', 'in-process workers with --wait', '2')
    .option('--json', 'machine-readable output')
    .action(async (flags: RemediateFlags) => {
      const filter = filterFromFlags(flags);
      const limits = {
        maxViolations: flags.maxViolations === undefined ? undefined : positiveInt('--max-violations', flags.maxViolations),
        maxPrs: flags.maxPrs === undefined ? undefined : positiveInt('--max-prs', flags.maxPrs),
        groupSize: positiveInt('--group-size', flags.groupSize ?? '50'),
      };
      await context.withStore(async (store) => {
        const outcome = await remediateNow(context, store, {
          filter,
          ...limits,
          importInto: flags.importInto,
          approval: flags.approval === undefined ? undefined : oneOf('--approval', APPROVAL_MODES, flags.approval),
          wait: flags.wait,
          concurrency: positiveInt('--concurrency', flags.concurrency ?? '2'),
          quiet: flags.json,
        });
        if (flags.json) context.printJson(outcome);
        else if (outcome.progress) printProgress(context, outcome.progress);
      });
    });

  const runArg = (value: string) => positiveInt('<run>', value);
  remediate
    .command('status <run>')
    .description('progress of a run: groups and violations by state, outcome per strategy')
    .option('--json', 'machine-readable output')
    .action(async (run: string, flags: { json?: boolean }) => {
      const progress = await context.withStore((store) => runProgress(store, runArg(run)));
      if (!progress) throw usageError(`no remediation run ${run}`);
      if (flags.json) return context.printJson({ progress });
      printProgress(context, progress);
    });
  remediate
    .command('cancel <run>')
    .description('stop a run: queued groups never start; their violations go back to assigned')
    .action(async (run: string) => {
      const returned = await context.withStore((store) => cancelRun(store, runArg(run), context.config().actor));
      context.print(`run ${run} cancelled; ${returned} violations back to assigned`);
    });
  remediate
    .command('resume <run>')
    .description('re-enqueue the groups of a run that have not finished')
    .action(async (run: string) => {
      const groups = await context.withStore((store) =>
        withRuntime(context, store, (runtime) => resumeRun(store, runtime, runArg(run), context.config().actor)),
      );
      context.print(`run ${run} resumed: ${groups} groups re-enqueued`);
    });
}
