/**
 * The PR machinery's use of the queue: the `sync-prs` job scheduler (upsertJobScheduler, idempotent
 * by id), delayed `sync-prs` jobs for PRs held until a given time (one per minute, deterministic
 * ids, so a hundred held PRs make one job), regeneration runs, and waiting for a run's `open-pr` jobs.
 */
import { JOBS, jobOptions, parseJobData } from '../queue/catalog.ts';
import { prJobId } from '../queue/ids.ts';
import type { QueueRuntime } from '../queue/runtime.ts';
import { enqueueRun } from '../remediation/runs.ts';
import type { PrQueue } from './services.ts';

export const SYNC_SCHEDULER_ID = 'sweep-sync-prs';

export async function ensureSyncScheduler(runtime: QueueRuntime, everyMinutes: number): Promise<void> {
  const job = JOBS['sync-prs'];
  await runtime.queue(job.queue).upsertJobScheduler(
    SYNC_SCHEDULER_ID,
    { every: everyMinutes * 60_000 },
    { name: 'sync-prs', data: parseJobData('sync-prs', { reason: 'schedule' }), opts: { attempts: job.attempts, backoff: job.backoff, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } } },
  );
}

export function createPrQueue(runtime: QueueRuntime, clock: () => number = Date.now): PrQueue {
  return {
    async syncAt(at) {
      const minute = Math.ceil(at.getTime() / 60_000);
      const delay = Math.max(0, minute * 60_000 - clock());
      await runtime.queue(JOBS['sync-prs'].queue).add('sync-prs', parseJobData('sync-prs', { reason: 'scheduled-pr' }), {
        ...jobOptions('sync-prs', `sync-prs-at-${minute}`),
        delay,
      });
    },
    enqueueRun: (runId, batches) => enqueueRun(runtime, runId, batches),
  };
}

/**
 * Waits until the run's `open-pr` jobs have finished (completed or failed for good): the fix jobs
 * finishing is not the end of a run, its PRs are. Returns how many were still pending at timeout.
 */
export async function waitForPrJobs(
  runtime: QueueRuntime,
  runId: number,
  batchKeys: string[],
  options: { round?: number; timeoutMs?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const queue = runtime.queue(JOBS['open-pr'].queue);
  const ids = batchKeys.map((key) => prJobId(runId, key, options.round ?? 0));
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  for (;;) {
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    const done = states.filter((s) => s === 'completed' || s === 'failed' || s === 'unknown').length;
    options.onProgress?.(done, ids.length);
    if (done === ids.length || Date.now() > deadline) return ids.length - done;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
